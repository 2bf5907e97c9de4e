"""COVID-QA test split end to end: retrieval recall, answer-sentence accuracy, SQuAD EM/F1, latency.

Each of the split's 21 article contexts becomes one document of a JSONL corpus
(`data/bench/covid-qa/corpus/covid-qa-test.jsonl`); the corpus is indexed with the project's
own `build_index`, and each of the 375 questions is asked end to end through `Assistant.ask`
over all 21 articles (open-book over the split, not given its article). Retrieval recall@k
is measured on the retriever's own fused passages; `answer_passages_recall@k` on the
passages the answer shows after the answer selector reranked them.

    .venv/bin/python bench/covid_qa.py [--selector trained|torch|cosine] [--limit N] [--rebuild]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `qa` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (DATA_DIR, SHARED_BENCH, add_common_args, display_path, environment, fail,
                          latency_summary, load_average, mean, open_assistant, prepare_index, progress_printer,
                          rate, reader_info, results_path, selector_info, Stopwatch, write_jsonl, write_jsonl_corpus,
                          write_result)
from qa.metrics import contains_gold, exact_match, f1_score

NAME = "covid-qa-test"
TEST_FILE = SHARED_BENCH / "covid-qa" / "covid-qa-test.json"
CORPUS_FILE = "covid-qa-test.jsonl"
KS = (1, 5, 10)

# Published figures, from shared/benchmarks/covid-qa/README.md (fractions, like ours).
PUBLISHED = [
    {"system": "deepset/roberta-base-squad2-covid (model card)", "setting": "reader given the article; 5-fold CV on 200423_covidQA.json (1,380 Q)",
     "exact_match": 0.179, "f1": 0.499, "top3_recall": 0.802,
     "source": "huggingface.co model card deepset/roberta-base-squad2-covid, via shared/benchmarks/covid-qa/README.md"},
    {"system": "FARM cross-validation re-run (user report)", "setting": "reader given the article; 5-fold CV on final COVID-QA.json",
     "exact_match": 0.2615, "f1": 0.5859,
     "source": "issue deepset-ai/COVID-QA#112 (2020-11-19), via shared/benchmarks/covid-qa/README.md"},
    {"system": "deepset/roberta-base-squad2, zero-shot", "setting": "reader given the article; this exact test split (375 Q); unofficial",
     "exact_match": 0.242, "f1": None,
     "source": "README of Kartikaggarwal98/Question-Answering-CovidQA, via shared/benchmarks/covid-qa/README.md"},
    {"system": "deepset/roberta-base-squad2 fine-tuned on the split's train (3 epochs)", "setting": "same split; unofficial",
     "exact_match": 0.354, "f1": None,
     "source": "README of Kartikaggarwal98/Question-Answering-CovidQA, via shared/benchmarks/covid-qa/README.md"},
]


@dataclass(frozen=True)
class CovidQuestion:
    """One test question with its single gold span `[answer_start, answer_start + len(answer))` in its context."""

    id: str
    question: str
    doc_key: str
    answer: str
    answer_start: int

    @property
    def answer_end(self) -> int:
        return self.answer_start + len(self.answer)

    @property
    def doc_id(self) -> str:
        return doc_id_for(self.doc_key)


def doc_id_for(doc_key: str) -> str:
    """The `Document.doc_id` that ingestion gives a context written to the corpus file."""
    return f"{CORPUS_FILE}#{doc_key}"


def load_split(path: Path = TEST_FILE) -> tuple[dict[str, str], list[CovidQuestion]]:
    """`({document_id: context}, questions)` of a COVID-QA split file (SQuAD v2-style JSON)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    contexts: dict[str, str] = {}
    questions: list[CovidQuestion] = []
    for article in data["data"]:
        for para in article["paragraphs"]:
            key = str(para["document_id"])
            contexts[key] = para["context"]
            for qa in para["qas"]:
                a = qa["answers"][0]  # COVID-QA has exactly one gold answer per question
                if para["context"][a["answer_start"]:a["answer_start"] + len(a["text"])] != a["text"]:
                    raise ValueError(f"question {qa['id']}: answer_start does not point at the answer text")
                questions.append(CovidQuestion(str(qa["id"]), qa["question"], key, a["text"], a["answer_start"]))
    return contexts, questions


def subset(contexts: dict[str, str], questions: list[CovidQuestion], n: int) -> tuple[dict[str, str], list[CovidQuestion]]:
    """The first `n` questions and only the contexts they come from (for quick runs and tests)."""
    qs = questions[:n]
    keys = {q.doc_key for q in qs}
    return {k: v for k, v in contexts.items() if k in keys}, qs


def corpus_rows(contexts: dict[str, str]) -> list[dict]:
    """One corpus row per context; the context text is kept byte for byte so gold offsets stay valid."""
    rows = []
    for key, text in contexts.items():
        first = next((line.strip() for line in text.splitlines() if line.strip()), key)
        url = re.search(r"https?://\S+", text[:1000])
        rows.append({"id": key, "title": first[:200], "text": text, "url": url.group(0) if url else None})
    return rows


# ---- scoring (pure functions over answer records) ----------------------------------------------
def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def passage_contains_answer(passage: dict, q: CovidQuestion) -> bool:
    """A passage from the question's own article that covers the gold span or contains the answer text."""
    if passage.get("doc") != q.doc_id:
        return False
    covers = passage["start"] <= q.answer_start and q.answer_end <= passage["end"]
    return covers or contains_gold(passage.get("text"), [q.answer])


def passage_overlaps_answer(passage: dict, q: CovidQuestion) -> bool:
    """Lenient: a passage of the right article that overlaps the gold span at all."""
    return passage.get("doc") == q.doc_id and _overlaps(passage["start"], passage["end"], q.answer_start, q.answer_end)


def first_rank(passages: list[dict], test) -> int | None:
    return next((i for i, p in enumerate(passages, 1) if test(p)), None)


def answer_verdicts(record: dict, q: CovidQuestion) -> dict:
    """How the returned answer (the first citation's quote) relates to the gold span.

    overlap: cited from the right article and its character range overlaps the gold span;
    contains: cited from the right article and the quote contains the whole gold answer text.
    """
    cites = record.get("citations") or []
    c = cites[0] if cites and record.get("answer") else None
    right_doc = c is not None and c.get("doc") == q.doc_id
    return {
        "right_doc": right_doc,
        "overlap": right_doc and _overlaps(c["start"], c["end"], q.answer_start, q.answer_end),
        "contains": right_doc and contains_gold(c.get("quote"), [q.answer]),
    }


def sentence_ceiling(doc_sentences, q: CovidQuestion) -> str:
    """The shortest run of whole sentences covering the gold span: the best a sentence answer can quote."""
    covering = [s for s in doc_sentences if _overlaps(s.start, s.end, q.answer_start, q.answer_end)]
    if not covering:
        return ""
    return " ".join(s.text for s in covering)


def score_question(record: dict, q: CovidQuestion, retrieved: list[dict] | None = None) -> dict:
    """Everything the summary needs about one answered question, JSON-ready.

    `retrieved`: the retriever's fused passages (before the answer selector reorders them);
    `record["passages"]`: the passages the answer shows, as the selector reranked them.
    """
    passages = record.get("passages") or []
    retrieved = passages if retrieved is None else retrieved
    v = answer_verdicts(record, q)
    answer = record.get("answer")
    phrase = answer_phrase(record)
    return {
        "id": q.id,
        "status": record.get("status"),
        "rank": first_rank(retrieved, lambda p: passage_contains_answer(p, q)),
        "rank_overlap": first_rank(retrieved, lambda p: passage_overlaps_answer(p, q)),
        "answer_passage_rank": first_rank(passages, lambda p: passage_contains_answer(p, q)),
        **v,
        "em": exact_match(answer, [q.answer]),
        "f1": f1_score(answer, [q.answer]),
        "phrase_marked": record.get("answer_span") is not None,
        "phrase_em": exact_match(phrase, [q.answer]),
        "phrase_f1": f1_score(phrase, [q.answer]),
        "answer_words": len(answer.split()) if answer else 0,
        "gold_words": len(q.answer.split()),
        "confidence": record.get("confidence"),
        "latency_ms": (record.get("timings_ms") or {}).get("total"),
    }


def answer_phrase(record: dict) -> str | None:
    """The phrase the reader marked inside the first quote (`answer_span`), else the whole answer."""
    span, cites = record.get("answer_span"), record.get("citations") or []
    if record.get("answer") and span and cites:
        return cites[0]["quote"][span[0]:span[1]]
    return record.get("answer")


def summarize(scores: list[dict], ceilings: list[str], questions: list[CovidQuestion]) -> dict:
    """Headline metrics over all questions (declined answers count as wrong, with EM/F1 0)."""
    answered = [s for s in scores if s["status"] != "no_answer"]
    out = {"questions": len(scores)}
    for k in KS:
        out[f"recall@{k}"] = rate(s["rank"] is not None and s["rank"] <= k for s in scores)
    out["mrr@10"] = mean(1.0 / s["rank"] if s["rank"] else 0.0 for s in scores)
    for k in KS:
        out[f"recall_overlap@{k}"] = rate(s["rank_overlap"] is not None and s["rank_overlap"] <= k for s in scores)
    for k in KS:  # the same test on the passages the answer shows, after the selector reranked them
        out[f"answer_passages_recall@{k}"] = rate(s["answer_passage_rank"] is not None and s["answer_passage_rank"] <= k
                                                  for s in scores)
    out.update({
        "answer_right_doc": rate(s["right_doc"] for s in scores),
        "answer_overlap_accuracy": rate(s["overlap"] for s in scores),
        "answer_contains_accuracy": rate(s["contains"] for s in scores),
        "exact_match": mean(s["em"] for s in scores),
        "f1": mean(s["f1"] for s in scores),
        "f1_answered_only": mean(s["f1"] for s in answered),
        # the marked answer phrase (the whole answer where none is marked): SQuAD EM / F1
        "phrase_exact_match": mean(s["phrase_em"] for s in scores),
        "phrase_f1": mean(s["phrase_f1"] for s in scores),
        "phrase_marked_rate": rate(s["phrase_marked"] for s in answered),
        "declined_rate": rate(s["status"] == "no_answer" for s in scores),
        "status_counts": {st: sum(s["status"] == st for s in scores) for st in sorted({s["status"] for s in scores})},
        "mean_answer_words": mean(s["answer_words"] for s in answered),
        "mean_gold_words": mean(s["gold_words"] for s in scores),
        # what quoting the gold sentence(s) verbatim would score: the ceiling of any sentence answer
        "sentence_ceiling_exact_match": mean(exact_match(c, [q.answer]) for c, q in zip(ceilings, questions)),
        "sentence_ceiling_f1": mean(f1_score(c, [q.answer]) for c, q in zip(ceilings, questions)),
        "latency": latency_summary([s["latency_ms"] for s in scores if s["latency_ms"] is not None]),
    })
    return out


# ---- the run ------------------------------------------------------------------------------------
def run(contexts: dict[str, str], questions: list[CovidQuestion], work_dir: Path, *, selector: str = "trained",
        index_type: str = "auto", rebuild: bool = False, progress=None,
        data_file: Path = TEST_FILE) -> tuple[dict, list[dict]]:
    """Index the contexts, ask every question, score. Returns `(result, per_question_rows)`.

    >>> contexts, qs = subset(*load_split(), 5)                               # doctest: +SKIP
    >>> result, rows = run(contexts, qs, Path("/tmp/covid"), selector="cosine")  # doctest: +SKIP
    >>> result["metrics"]["recall@5"]                                         # doctest: +SKIP
    """
    from qa.chunk import document_sentences

    work_dir = Path(work_dir)
    env = environment()
    with Stopwatch() as total:
        write_jsonl_corpus(work_dir / "corpus" / CORPUS_FILE, corpus_rows(contexts))
        # top_k=10 only widens the passage list returned (for recall@10); the answer is still
        # chosen from the first `select_passages` fused passages, as in the default pipeline.
        settings, index_info = prepare_index(work_dir / "corpus", work_dir / "index", rebuild=rebuild,
                                             progress=progress, index_type=index_type, top_k=max(KS))
        with Stopwatch() as load:
            assistant = open_assistant(settings, selector)
        missing = {q.doc_id for q in questions} - set(assistant.index.docs)
        if missing:
            raise RuntimeError(f"contexts missing from the index: {sorted(missing)[:3]}")
        scores, rows, ceilings = [], [], []
        sentences = {d: document_sentences(assistant.index.docs[d]) for d in {q.doc_id for q in questions}}
        with Stopwatch() as asking:
            for i, q in enumerate(questions, 1):
                record = assistant.ask(q.question, q.id).to_record()
                # the retriever alone (outside the timed `ask`): what recall@k measures
                hits = assistant.retriever.search_batch([q.question], max(KS), assistant.embedder.encode([q.question]))[0]
                retrieved = [{"doc": h.chunk.doc_id, "start": h.chunk.start, "end": h.chunk.end, "text": h.chunk.text}
                             for h in hits]
                s = score_question(record, q, retrieved)
                scores.append(s)
                ceilings.append(sentence_ceiling(sentences[q.doc_id], q))
                rows.append({**s, "question": q.question, "gold": q.answer, "answer": record.get("answer"),
                             "cited": [(c["doc"], c["start"], c["end"]) for c in record.get("citations") or []],
                             "gold_doc": q.doc_id, "gold_span": [q.answer_start, q.answer_end],
                             "retrieved": [(p["doc"], p["start"], p["end"]) for p in retrieved],
                             "passages": [(p["doc"], p["start"], p["end"]) for p in record.get("passages") or []]})
                if progress and (i % 50 == 0 or i == len(questions)):
                    progress(f"asked {i}/{len(questions)}")
        metrics = summarize(scores, ceilings, questions)
    env["load_average_end"] = load_average()
    result = {
        "benchmark": NAME,
        "data": {"file": display_path(data_file), "documents": len(contexts), "questions": len(questions)},
        "settings": {"selector": selector_info(assistant), "reader": reader_info(assistant), "fusion": assistant.retriever.fusion,
                     "sentence_vectors": int(len(assistant.index.sentence_vectors))
                     if getattr(assistant.index, "sentence_vectors", None) is not None else 0,
                     "top_k": settings.top_k, "select_passages": settings.select_passages,
                     "rerank_candidates": settings.rerank_candidates, "global_candidates": settings.global_candidates,
                     "rank_weight_cosine": settings.rank_weight_cosine,
                     "rank_weight_lexical": settings.rank_weight_lexical,
                     "candidate_k": settings.candidate_k, "no_answer_threshold": settings.no_answer_threshold,
                     "chunk_max_words": settings.chunk_max_words},
        "index": index_info,
        "metrics": metrics,
        "timing": {"wall_seconds": round(total.seconds, 1), "assistant_load_seconds": round(load.seconds, 1),
                   "asking_seconds": round(asking.seconds, 1)},
        "published": PUBLISHED,
        "environment": env,
    }
    return result, rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=TEST_FILE, help="COVID-QA split file (default: the test split)")
    p.add_argument("--limit", type=int, default=None, help="only the first N questions (and their articles)")
    p.add_argument("--index-type", choices=["auto", "flat", "hnsw"], default="auto")
    p.add_argument("--work-dir", type=Path, default=DATA_DIR / "covid-qa", help="corpus, index and per-question records")
    add_common_args(p)
    args = p.parse_args(argv)
    progress = progress_printer(args.quiet)
    try:
        contexts, questions = load_split(args.data)
    except (OSError, ValueError, KeyError) as exc:
        return fail(f"cannot read {args.data}: {exc}")
    if args.limit:
        contexts, questions = subset(contexts, questions, args.limit)
    try:
        result, rows = run(contexts, questions, args.work_dir, selector=args.selector, index_type=args.index_type,
                           rebuild=args.rebuild, progress=progress, data_file=args.data)
    except Exception as exc:  # model missing, index refused: one clear line, not a traceback
        from qa.embed import ModelMissing
        from qa.index import IndexError_

        if isinstance(exc, (ModelMissing, IndexError_)):
            return fail(str(exc) + (" (or run with --selector cosine)" if isinstance(exc, ModelMissing) else ""))
        raise
    suffix = f"-limit{args.limit}" if args.limit else ""
    write_jsonl(args.work_dir / f"predictions{suffix}-{args.selector}.jsonl", rows)
    out = write_result(args.out or results_path(NAME + suffix + ("" if args.selector == "trained" else f"-{args.selector}"),
                                                bool(args.limit)), result)
    print(json.dumps({"results": str(out), **{k: v for k, v in result["metrics"].items() if k != "status_counts"},
                      "index": result["index"], "timing": result["timing"]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
