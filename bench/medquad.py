"""MedQuAD at scale: index 16k NIH answers, then retrieval recall@1/@10 and MRR for dense, lexical and fused search.

Each answered MedQuAD pair becomes one document of a JSONL corpus
(`data/bench/medquad/corpus/medquad.jsonl`, id = the pair's `qid`, title = focus and question
type, never the question itself). A fixed random sample (seed 13) of 1,000 of the questions is
searched; a question is a hit at rank r when the r-th retrieved passage comes from its own
paired answer ("paired"), or, more leniently, from any answer to the identical question text
("same question": 14,979 distinct questions over 16,407 answers). Retrieval only: the answer
selector is not involved. The index is reused by `bench/liveqa.py`.

    .venv/bin/python bench/medquad.py [--questions 1000] [--seed 13] [--docs N] [--rebuild]
"""
from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `qa` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (DATA_DIR, SHARED_BENCH, add_common_args, display_path, environment, fail,
                          latency_summary, load_average, mean, ms_since, open_assistant, prepare_index,
                          progress_printer, rate, results_path, selector_info, Stopwatch, write_jsonl,
                          write_jsonl_corpus, write_result)

NAME = "medquad"
MEDQUAD_FILE = SHARED_BENCH / "medquad" / "medquad-answered.jsonl.gz"
CORPUS_FILE = "medquad.jsonl"
WORK_DIR = DATA_DIR / "medquad"
FUSIONS = ("dense", "lexical", "rrf")  # plus "sentence" when the index keeps sentence vectors (small corpora)
K = 10

PUBLISHED = [
    {"note": "MedQuAD has no published passage-retrieval recall for this setup; its paper evaluates answer "
             "retrieval on the TREC-2017 LiveQA-Med questions (see liveqa.json).",
     "source": "shared/benchmarks/medquad/README.md"},
]


def load_records(path: Path = MEDQUAD_FILE) -> list[dict]:
    """MedQuAD answered pairs in file order (`qid`, `question`, `qtype`, `focus`, `source`, `answer`, `doc_url`)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def title_for(record: dict) -> str:
    """Focus and question type ("Noonan syndrome (inheritance)"); the question only when there is no focus."""
    focus = (record.get("focus") or "").strip()
    return f"{focus} ({record['qtype']})" if focus else record["question"]


def corpus_rows(records: list[dict]) -> list[dict]:
    return [{"id": r["qid"], "title": title_for(r), "text": r["answer"], "url": r.get("doc_url")} for r in records]


def doc_id_for(qid: str) -> str:
    return f"{CORPUS_FILE}#{qid}"


def qid_of(doc_id: str) -> str:
    """The MedQuAD `qid` of an indexed document id (`medquad.jsonl#GHR/0000804/2` → `GHR/0000804/2`)."""
    return doc_id.split("#", 1)[1] if "#" in doc_id else doc_id


def norm_question(q: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", q.lower()).split())


def sample_questions(records: list[dict], n: int, seed: int = 13) -> list[dict]:
    """A fixed random sample of `n` records (by position in file order), in sample order."""
    rng = random.Random(seed)
    return [records[i] for i in rng.sample(range(len(records)), min(n, len(records)))]


def same_question_docs(records: list[dict]) -> dict[str, set[str]]:
    """Normalised question text → doc ids of every answer to that exact question."""
    out: dict[str, set[str]] = defaultdict(set)
    for r in records:
        out[norm_question(r["question"])].add(doc_id_for(r["qid"]))
    return dict(out)


def doc_rank(hit_doc_ids: list[str], relevant: set[str]) -> int | None:
    """1-based rank of the first retrieved passage whose document is relevant, or None.

    >>> doc_rank(["a", "b", "a", "c"], {"c"}), doc_rank(["a"], {"z"})
    (4, None)
    """
    return next((i for i, d in enumerate(hit_doc_ids, 1) if d in relevant), None)


def rank_metrics(ranks: list[int | None], ks=(1, 10)) -> dict:
    """recall@k (share with a relevant passage in the first k) and MRR@max(ks) (0 when none)."""
    out = {f"recall@{k}": rate(r is not None and r <= k for r in ranks) for k in ks}
    cut = max(ks)
    out[f"mrr@{cut}"] = mean(1.0 / r if r is not None and r <= cut else 0.0 for r in ranks)
    return out


def evaluate_retrieval(assistant, questions: list[dict], same_q: dict[str, set[str]], k: int = K,
                       progress=None) -> tuple[dict, list[dict]]:
    """Per-fusion retrieval metrics and query latency (embed + search, one question at a time).

    The fusions take turns on each question, so a slow patch of the machine hits all of them alike.
    """
    retriever = assistant.retriever
    original = retriever.fusion
    fusions = fusions_for(assistant.index)
    rows = [{"qid": q["qid"], "question": q["question"], "source": q["source"], "qtype": q["qtype"]} for q in questions]
    lat: dict[str, list[float]] = {f: [] for f in fusions}
    try:
        for i, (row, q) in enumerate(zip(rows, questions), 1):
            for fusion in fusions:
                retriever.fusion = fusion
                t0 = time.perf_counter()
                vec = assistant.embedder.encode([q["question"]])
                hits = retriever.search_batch([q["question"]], k, vec)[0]
                lat[fusion].append(ms_since(t0))
                docs = [h.chunk.doc_id for h in hits]
                row[f"{fusion}_paired_rank"] = doc_rank(docs, {doc_id_for(q["qid"])})
                row[f"{fusion}_same_question_rank"] = doc_rank(docs, same_q[norm_question(q["question"])])
                if fusion == "rrf":
                    row["rrf_top_docs"] = [qid_of(d) for d in dict.fromkeys(docs)][:3]
            if progress and (i % 100 == 0 or i == len(questions)):
                progress(f"searched {i}/{len(questions)} questions x {len(fusions)} fusions")
    finally:
        retriever.fusion = original
    results = {f: {"paired": rank_metrics([r[f"{f}_paired_rank"] for r in rows]),
                   "same_question": rank_metrics([r[f"{f}_same_question_rank"] for r in rows]),
                   "latency": latency_summary(lat[f])} for f in fusions}
    return results, rows


def fusions_for(index) -> tuple[str, ...]:
    """The retrieval modes to compare: sentence-level search only exists when the index has sentence vectors."""
    sv = getattr(index, "sentence_vectors", None)
    return FUSIONS + (("sentence",) if sv is not None and len(sv) else ())


def exact_dense_check(assistant, questions: list[dict], k: int = K, ef_values=(16, 64, 128, 256)) -> dict | None:
    """For an HNSW index: how much of the exact (flat) dense top-k it finds, at its stored
    `efSearch` and a few others, FAISS search time alone for both, and what retrieval would
    score with exact dense search (dense alone and fused)."""
    import faiss

    from qa.retrieve import HybridRetriever

    index = assistant.index
    if not hasattr(index.faiss_index, "hnsw"):
        return None
    hnsw = index.faiss_index.hnsw
    stored_ef = int(hnsw.efSearch)
    flat = faiss.IndexFlatIP(index.vectors.shape[1])
    flat.add(index.vectors)
    vecs = assistant.embedder.encode([q["question"] for q in questions])
    exact_scores, _ = flat.search(vecs, k)

    def recall_vs_exact() -> float:
        # tie-tolerant: the share of the exact top-k scores reached (duplicate answers have equal vectors)
        scores, _ = index.faiss_index.search(vecs, k)
        return mean(float((s >= e[-1] - 1e-5).sum()) / k for s, e in zip(scores, exact_scores))

    def single_query_ms(ix) -> dict:
        lat = []
        for v in vecs[:200]:
            t0 = time.perf_counter()
            ix.search(v[None, :], assistant.settings.candidate_k)
            lat.append(ms_since(t0))
        return latency_summary(lat)

    sweep = {}
    try:
        for ef in sorted({stored_ef, *ef_values}):
            hnsw.efSearch = ef
            sweep[str(ef)] = recall_vs_exact()
    finally:
        hnsw.efSearch = stored_ef
    out = {"stored_efSearch": stored_ef, "hnsw_recall_of_exact@10": sweep[str(stored_ef)],
           "hnsw_recall_of_exact@10_by_efSearch": sweep,
           "faiss_search_ms": {"hnsw": single_query_ms(index.faiss_index), "flat": single_query_ms(flat)}}
    exact_index = dataclasses.replace(index, faiss_index=flat)
    for fusion in ("dense", "rrf"):
        r = HybridRetriever.from_settings(exact_index, assistant.embedder, assistant.settings, fusion)
        ranks = []
        for q, vec in zip(questions, vecs):
            hits = r.search_batch([q["question"]], k, vec[None, :])[0]
            ranks.append(doc_rank([h.chunk.doc_id for h in hits], {doc_id_for(q["qid"])}))
        out[f"exact_{fusion}_paired"] = rank_metrics(ranks)
    return out


def trained_questions() -> set[str]:
    """Every (normalised) question the shipped embedder and selector were trained on: both read the
    pairs of `qa.train_data.build_training_pairs` with its defaults (MedQuAD questions appear
    with their answers and, for the selector, as off-topic negatives)."""
    from qa.train_data import build_training_pairs

    pairs, _ = build_training_pairs()
    return {norm_question(p.question) for p in pairs}


def by_group(rows: list[dict], key: str, fusion: str = "rrf") -> dict:
    groups: dict[str, list] = defaultdict(list)
    for r in rows:
        groups[r[key]].append(r[f"{fusion}_paired_rank"])
    return {g: {"n": len(v), **rank_metrics(v)} for g, v in sorted(groups.items())}


def prepare(records: list[dict], work_dir: Path = WORK_DIR, *, index_type: str = "auto", rebuild: bool = False,
            progress=None, **overrides):
    """Write the corpus file and make sure its index is built; returns `(settings, index_info)` (see `prepare_index`)."""
    work_dir = Path(work_dir)
    write_jsonl_corpus(work_dir / "corpus" / CORPUS_FILE, corpus_rows(records))
    return prepare_index(work_dir / "corpus", work_dir / "index", rebuild=rebuild, progress=progress,
                         index_type=index_type, **overrides)


def run(records: list[dict], work_dir: Path = WORK_DIR, *, n_questions: int = 1000, seed: int = 13,
        selector: str = "trained", index_type: str = "auto", rebuild: bool = False, progress=None,
        corpus_note: str = "all answered pairs") -> tuple[dict, list[dict]]:
    """Index `records`, sample questions from them, measure retrieval. Returns `(result, per_question_rows)`.

    >>> records = load_records()[:50]                                                     # doctest: +SKIP
    >>> result, rows = run(records, Path("/tmp/mq"), n_questions=5, selector="cosine")  # doctest: +SKIP
    """
    env = environment()
    with Stopwatch() as total:
        settings, index_info = prepare(records, work_dir, index_type=index_type, rebuild=rebuild, progress=progress)
        with Stopwatch() as load:
            assistant = open_assistant(settings, selector)
        questions = sample_questions(records, n_questions, seed)
        same_q = same_question_docs(records)
        with Stopwatch() as asking:
            fusions, rows = evaluate_retrieval(assistant, questions, same_q, progress=progress)
            ann = exact_dense_check(assistant, questions)
        seen = trained_questions()
        for r in rows:
            r["models_trained_on_it"] = "yes" if norm_question(r["question"]) in seen else "no"
    env["load_average_end"] = load_average()
    result = {
        "benchmark": NAME,
        "data": {"file": display_path(MEDQUAD_FILE), "corpus": corpus_note, "documents": len(records),
                 "questions": len(questions), "question_sample": f"random.Random({seed}).sample(range({len(records)}), {len(questions)})",
                 "distinct_questions_in_corpus": len(same_q)},
        "settings": {"k": K, "candidate_k": settings.candidate_k, "rrf_k": settings.rrf_k,
                     "chunk_max_words": settings.chunk_max_words, "index_type_setting": index_type,
                     "ann_min_chunks": settings.ann_min_chunks, "fusions": list(fusions_for(assistant.index)),
                     "sentence_vectors": int(len(assistant.index.sentence_vectors))
                     if getattr(assistant.index, "sentence_vectors", None) is not None else 0,
                     "selector": selector_info(assistant)},
        "index": index_info,
        "metrics": fusions,
        "ann_check": ann,
        "rrf_paired_by_source": by_group(rows, "source"),
        "rrf_paired_by_qtype": by_group(rows, "qtype"),
        # the embedder and the selector were trained on some MedQuAD questions (not the held-out
        # foci): "no" is the part of the sample neither model has seen
        "rrf_paired_by_models_trained_on_it": by_group(rows, "models_trained_on_it"),
        "timing": {"wall_seconds": round(total.seconds, 1), "assistant_load_seconds": round(load.seconds, 1),
                   "retrieval_seconds": round(asking.seconds, 1)},
        "published": PUBLISHED,
        "environment": env,
    }
    return result, rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--questions", type=int, default=1000, help="how many questions to sample (default 1000)")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--docs", type=int, default=None,
                   help="index only the first N answers (a documented fixed subset; questions are sampled from it)")
    p.add_argument("--index-type", choices=["auto", "flat", "hnsw"], default="auto")
    p.add_argument("--work-dir", type=Path, default=WORK_DIR, help="corpus and index (reused by bench/liveqa.py)")
    add_common_args(p)
    args = p.parse_args(argv)
    progress = progress_printer(args.quiet)
    try:
        records = load_records()
    except OSError as exc:
        return fail(f"cannot read {MEDQUAD_FILE}: {exc}")
    note = "all answered pairs"
    if args.docs:
        records, note = records[:args.docs], f"first {args.docs} answered pairs in file order"
    try:
        result, rows = run(records, args.work_dir, n_questions=args.questions, seed=args.seed, selector=args.selector,
                           index_type=args.index_type, rebuild=args.rebuild, progress=progress, corpus_note=note)
    except Exception as exc:
        from qa.embed import ModelMissing
        from qa.index import IndexError_

        if isinstance(exc, (ModelMissing, IndexError_)):
            return fail(str(exc) + (" (or run with --selector cosine)" if isinstance(exc, ModelMissing) else ""))
        raise
    limited = bool(args.docs) or args.questions != 1000
    suffix = (f"-docs{args.docs}" if args.docs else "") + (f"-q{args.questions}" if args.questions != 1000 else "")
    write_jsonl(args.work_dir / f"retrieval{suffix}.jsonl", rows)
    out = write_result(args.out or results_path(NAME + suffix, limited), result)
    print(json.dumps({"results": str(out), "index": result["index"], "metrics": result["metrics"],
                      "ann_check": result["ann_check"], "timing": result["timing"]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
