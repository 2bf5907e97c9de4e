"""Passage recall@k and MRR of each retriever alone and fused (before the selector reranks).

    .venv/bin/python bench/retrieval_dev.py [../shared/eval/dev.jsonl] [-k 5] [--kinds answerable]

A question counts as recalled when one of the first k passages contains a gold answer. The
full pipeline's figure (after reranking by the answer selector) is `miss-qa eval`'s recall@5.

`gold_sentence_rank` ranks every body sentence of the corpus by cosine to the question (the
embedder alone) and counts the questions whose first gold-holding sentence is within the top
1/3/5/10, with the MRR. `QA_EMBEDDER_PATH=base QA_INDEX_DIR=<folder>` measures the untuned model.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from qa.assistant import Assistant
from qa.metrics import contains_gold
from qa.questions import read_questions
from qa.retrieve import HybridRetriever
from qa.settings import Settings


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("questions", nargs="?", default="../shared/eval/dev.jsonl", type=Path)
    p.add_argument("-k", type=int, default=5)
    p.add_argument("--kinds", default="answerable", help="comma-separated kinds to score (default: answerable)")
    args = p.parse_args()
    rows, problems = read_questions(args.questions)
    kinds = set(args.kinds.split(","))
    rows = [r for r in rows if r.gold.get("kind") in kinds and r.gold.get("answers")]
    assistant = Assistant.from_settings(Settings.load(), selector="cosine")
    out = {}
    for fusion in ("dense", "lexical", "sentence", "rrf"):
        r = HybridRetriever.from_settings(assistant.index, assistant.embedder, assistant.settings, fusion)
        hits_at, rr, lat = 0, [], []
        for row in rows:
            t = time.perf_counter()
            hits = r.search(row.question, k=max(args.k, 10))
            lat.append((time.perf_counter() - t) * 1000)
            golds = [_norm(g) for g in row.gold["answers"]]
            ranks = [i for i, h in enumerate(hits, 1) if any(g in _norm(h.chunk.text) for g in golds)]
            hits_at += bool(ranks and ranks[0] <= args.k)
            rr.append(1 / ranks[0] if ranks else 0.0)
        out[fusion] = {f"recall@{args.k}": round(hits_at / len(rows), 3), "mrr@10": round(float(np.mean(rr)), 3),
                       "p50_ms": round(float(np.percentile(lat, 50)), 1), "p95_ms": round(float(np.percentile(lat, 95)), 1)}
    out["gold_sentence_rank"] = gold_sentence_ranks(assistant, rows)
    print(json.dumps({"questions": len(rows), **out}, indent=2))


def gold_sentence_ranks(assistant, rows) -> dict:
    """Where the first gold-holding sentence ranks among all body sentences, by cosine."""
    rows_of: dict = {}
    for row, (_, s) in enumerate(assistant._row_sentence):  # a sentence shared by two chunks: its first row
        rows_of.setdefault((s.doc_id, s.start), (row, s))
    index_rows = [r for r, _ in rows_of.values()]
    sentences = [s for _, s in rows_of.values()]
    vectors = assistant.index.sentence_vectors[index_rows]
    ranks = []
    for row in rows:
        order = np.argsort(-(vectors @ assistant.embedder.encode([row.question])[0]), kind="stable")
        gold = [i for i, s in enumerate(order) if contains_gold(sentences[s].text, row.gold["answers"])]
        ranks.append(gold[0] if gold else None)
    found = [r for r in ranks if r is not None]
    return {"sentences": len(sentences), **{f"top{k}": sum(r < k for r in found) for k in (1, 3, 5, 10)},
            "mrr": round(float(np.mean([1 / (r + 1) if r is not None else 0.0 for r in ranks])), 3)}


if __name__ == "__main__":
    main()
