"""Passage recall@k and MRR of each retriever alone and fused (before the selector reranks).

    .venv/bin/python bench/retrieval_dev.py [../shared/eval/dev.jsonl] [-k 5] [--kinds answerable]

A question counts as recalled when one of the first k passages contains a gold answer. The
full pipeline's figure (after reranking by the answer selector) is `miss-qa eval`'s recall@5.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from qa.assistant import Assistant
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
        r = HybridRetriever(assistant.index, assistant.embedder, 30, 60, fusion)
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
    print(json.dumps({"questions": len(rows), **out}, indent=2))


if __name__ == "__main__":
    main()
