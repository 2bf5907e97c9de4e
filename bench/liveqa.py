"""TREC-2017 LiveQA-Med test questions over the MedQuAD index, scored with the judged MedQuAD answers (avgScore).

Each of the 104 consumer questions is asked end to end through `Assistant.ask` over the
MedQuAD corpus index of `bench/medquad.py` (reused; built if missing). Our answer document
is the first citation's document, or, when the assistant declines, the top passage's
document. It is scored with the 2,479 judgments in
`shared/benchmarks/medquad/liveqa-judged/` (1 Incorrect, 2 Related, 3 Incomplete,
4 Excellent), joined to our documents by answer text. An unjudged document counts as 1
(Incorrect, score 0), so the figures are lower bounds; the judged coverage is reported.

TREC LiveQA measures (Overview of the Medical QA Task at TREC 2017 LiveQA): avgScore(0-3),
the mean over all questions of the first answer's grade mapped 1-4 → 0-3 (no answer: 0);
succ@k+ = questions whose answer is graded k or better / all questions; prec@k+ = the same /
questions answered.

    .venv/bin/python bench/liveqa.py [--selector trained|torch|cosine] [--limit N]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `qa` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (SHARED_BENCH, add_common_args, display_path, environment, fail, latency_summary,
                          load_average, open_assistant, progress_printer, rate, results_path,
                          selector_info, Stopwatch, write_jsonl, write_result)
from bench.medquad import WORK_DIR as MEDQUAD_WORK_DIR
from bench.medquad import load_records, prepare, qid_of
from qa.answer import OVERRIDE_NOTICE

NAME = "liveqa"
QUESTIONS_FILE = SHARED_BENCH / "liveqa" / "liveqa-med-test.jsonl"
QRELS_FILE = SHARED_BENCH / "medquad" / "liveqa-judged" / "judged-qrels-2479.jsonl"
ANSWERS_FILE = SHARED_BENCH / "medquad" / "liveqa-judged" / "judged-answers-open-sources.jsonl"
VARIANTS = ("message", "paraphrase")

PUBLISHED = [
    {"system": "best official TREC 2017 LiveQA-Med run", "avg_score": 0.637, "questions_as": "original",
     "source": "shared/benchmarks/liveqa/README.md and medquad/README.md: 'from memory, not re-checked'"},
    {"system": "CMU LiveMedQA (official TREC 2017 run)", "avg_score": 0.356, "questions_as": "original",
     "source": "abstract of Yang et al., 'CMU LiveMedQA at TREC 2017 LiveQA' (arXiv, Nov 2017): "
               "'an average score of 0.356 on a 3 point scale'"},
    {"system": "IR + RQE over MedQuAD (Ben Abacha & Demner-Fushman, BMC Bioinformatics 2019)", "avg_score": 0.827,
     "questions_as": "original",
     "source": "READMEs, 'from memory, not re-checked'; the abstract states a 29.8% increase over the best official "
               "score, and 0.827/0.637 = 1.298"},
    {"system": "QA over the trusted NIH collection (Ben Abacha & Demner-Fushman, AMIA Summits 2019)", "avg_score": 0.711,
     "questions_as": "original",
     "source": "abstract of 'On the Role of Question Summarization and Information Source Restriction in Consumer "
               "Health Question Answering', AMIA Jt Summits Transl Sci Proc 2019:117-126 (PMC6568117)"},
    {"system": "same approach, questions replaced by paraphrases and summaries", "avg_score": 1.125,
     "questions_as": "paraphrase/summary", "source": "same AMIA 2019 abstract"},
]


def load_questions(path: Path = QUESTIONS_FILE) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def qnum(qid: str) -> int:
    """`"TQ17"` → 17 (the qrels' `qnum`)."""
    return int(qid[2:])


def question_text(q: dict, variant: str, max_chars: int = 1000) -> str:
    """The question as asked: "message" = the consumer's subject and message (what TREC systems got),
    "paraphrase" = the NIST assessors' clean paraphrase (NLM summary, then message, when missing)."""
    if variant == "paraphrase":
        text = q.get("nist_paraphrase") or q.get("nlm_summary") or ""
        if text.strip():
            return _clip(" ".join(text.split()), max_chars)
    subject = " ".join((q.get("subject") or "").split())
    message = " ".join((q.get("message") or "").split())
    text = message if not subject or subject.lower() in message.lower() else f"{subject}. {message}"
    return _clip(text or subject, max_chars)


def _clip(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    return text[:max_chars].rsplit(" ", 1)[0]


def _norm_text(s: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", s.lower()).split())


def load_judgments(records: list[dict], qrels_path: Path = QRELS_FILE,
                   answers_path: Path = ANSWERS_FILE) -> tuple[dict[int, dict[str, int]], dict]:
    """`{qnum: {medquad qid: judgment 1-4}}` and join statistics.

    The judged answers carry their own ids (`<source>_<doc>_Sec<k>`), whose numbering does not
    always match MedQuAD's `qid` (medquad/README.md), so they are joined to MedQuAD answers by
    normalised answer text. A text shared by several MedQuAD answers judges all of them; a
    document judged more than once for a question keeps its best judgment. Judgments of answers
    whose text is not distributed (A.D.A.M., MedlinePlus drugs/herbs: not in MedQuAD's
    answered pairs either) cannot match any of our documents.
    """
    by_text: dict[str, list[str]] = defaultdict(list)
    for r in records:
        by_text[_norm_text(r["answer"])].append(r["qid"])
    answer_docs: dict[str, list[str]] = {}
    with open(answers_path, encoding="utf-8") as fh:
        for line in fh:
            a = json.loads(line)
            answer_docs[a["answer_id"]] = by_text.get(_norm_text(a["answer"]), [])
    judged: dict[int, dict[str, int]] = defaultdict(dict)
    stats = {"judgments": 0, "judgments_with_text": 0, "judgments_joined": 0}
    with open(qrels_path, encoding="utf-8") as fh:
        for line in fh:
            j = json.loads(line)
            stats["judgments"] += 1
            if j["answer_id"] not in answer_docs:
                continue
            stats["judgments_with_text"] += 1
            docs = answer_docs[j["answer_id"]]
            stats["judgments_joined"] += bool(docs)
            for qid in docs:
                judged[j["qnum"]][qid] = max(judged[j["qnum"]].get(qid, 0), int(j["judgment"]))
    stats["judged_texts"] = len(answer_docs)
    stats["judged_texts_matched"] = sum(bool(v) for v in answer_docs.values())
    stats["questions_with_judged_medquad_answers"] = len(judged)
    return dict(judged), stats


def top_document(record: dict) -> tuple[str | None, str]:
    """Our answer document: the first citation's, or the top passage's when declined; and where it came from."""
    cites = record.get("citations") or []
    if cites:
        return qid_of(cites[0]["doc"]), "citation"
    passages = record.get("passages") or []
    if passages:
        return qid_of(passages[0]["doc"]), "top_passage"
    return None, "none"


def trec_scores(grades: list[int | None], answered: list[bool]) -> dict:
    """TREC LiveQA measures from each question's grade (1-4; None = no answer given).

    >>> s = trec_scores([4, 1, None, 2], [True, True, False, True])
    >>> s["avg_score"], s["succ@2+"], s["prec@2+"]
    (0.75, 0.5, 0.6667)
    """
    n = len(grades)
    n_answered = sum(answered)
    points = [(g - 1) if (g is not None and a) else 0 for g, a in zip(grades, answered)]
    out = {"questions": n, "answered": n_answered, "avg_score": round(sum(points) / n, 4) if n else None}
    for k in (2, 3, 4):
        good = sum(1 for g, a in zip(grades, answered) if a and g is not None and g >= k)
        out[f"succ@{k}+"] = round(good / n, 4) if n else None
        out[f"prec@{k}+"] = round(good / n_answered, 4) if n_answered else None
    return out


def score_run(rows: list[dict]) -> dict:
    """avgScore etc. two ways, plus judged coverage.

    top_document: every question gets our top document (declined → top passage), as TREC
    systems always returned an answer; answered_only: a declined question counts as no answer.
    Unjudged documents are graded 1 (score 0).
    """
    grades = [r["judgment"] if r["judgment"] is not None else 1 for r in rows]
    has_doc = [r["top_doc"] is not None for r in rows]
    answered = [r["status"] != "no_answer" for r in rows]
    judged = [r["judgment"] for r in rows if r["judgment"] is not None]
    return {
        "top_document": trec_scores(grades, has_doc),
        "answered_only": trec_scores(grades, [a and h for a, h in zip(answered, has_doc)]),
        "judged_coverage": rate(r["judgment"] is not None for r in rows),
        "avg_score_over_judged_only": round(sum(g - 1 for g in judged) / len(judged), 4) if judged else None,
        "judgment_counts": {str(g): sum(1 for r in rows if r["judgment"] == g) for g in (1, 2, 3, 4)},
        "declined_rate": rate(r["status"] == "no_answer" for r in rows),
        "status_counts": {s: sum(r["status"] == s for r in rows) for s in sorted({r["status"] for r in rows})},
        "override_refusals": sum(bool(r.get("override_refusal")) for r in rows),
        "doc_from": {s: sum(r["doc_from"] == s for r in rows) for s in sorted({r["doc_from"] for r in rows})},
        "latency": latency_summary([r["latency_ms"] for r in rows if r["latency_ms"] is not None]),
    }


def ask_all(assistant, questions: list[dict], judged: dict[int, dict[str, int]], variant: str, progress=None) -> list[dict]:
    rows = []
    for i, q in enumerate(questions, 1):
        text = question_text(q, variant, assistant.settings.max_question_chars)
        record = assistant.ask(text, q["qid"]).to_record()
        doc, source = top_document(record)
        rows.append({
            "qid": q["qid"], "variant": variant, "question": text, "status": record["status"],
            "urgency": record.get("urgency"), "override_refusal": record.get("notice") == OVERRIDE_NOTICE, "top_doc": doc, "doc_from": source,
            "judgment": judged.get(qnum(q["qid"]), {}).get(doc) if doc else None,
            "answer": record.get("answer"), "confidence": record.get("confidence"),
            "passage_docs": [qid_of(p["doc"]) for p in record.get("passages") or []],
            "latency_ms": (record.get("timings_ms") or {}).get("total"),
        })
        if progress and (i % 25 == 0 or i == len(questions)):
            progress(f"{variant}: asked {i}/{len(questions)}")
    return rows


def run(records: list[dict], questions: list[dict], work_dir: Path = MEDQUAD_WORK_DIR, *, selector: str = "trained",
        variants=VARIANTS, index_type: str = "auto", rebuild: bool = False, progress=None) -> tuple[dict, list[dict]]:
    """Ask the questions over the MedQuAD index (built by `bench/medquad.py`, or here if missing) and score.

    >>> result, rows = run(load_records(), load_questions()[:5], selector="cosine")  # doctest: +SKIP
    """
    env = environment()
    with Stopwatch() as total:
        settings, index_info = prepare(records, work_dir, index_type=index_type, rebuild=rebuild, progress=progress)
        judged, join_stats = load_judgments(records)
        with Stopwatch() as load:
            assistant = open_assistant(settings, selector)
        rows, metrics, seconds = [], {}, {}
        for variant in variants:
            with Stopwatch() as sw:
                vrows = ask_all(assistant, questions, judged, variant, progress)
            seconds[variant] = round(sw.seconds, 1)
            metrics[variant] = score_run(vrows)
            rows += vrows
    env["load_average_end"] = load_average()
    result = {
        "benchmark": NAME,
        "data": {"questions_file": display_path(QUESTIONS_FILE), "qrels_file": display_path(QRELS_FILE),
                 "answers_file": display_path(ANSWERS_FILE), "questions": len(questions),
                 "corpus_documents": len(records), "judgment_join": join_stats},
        "settings": {"selector": selector_info(assistant), "fusion": assistant.retriever.fusion,
                     "no_answer_threshold": settings.no_answer_threshold, "variants": list(variants)},
        "index": index_info,
        "metrics": metrics,
        "timing": {"wall_seconds": round(total.seconds, 1), "assistant_load_seconds": round(load.seconds, 1),
                   "asking_seconds": seconds},
        "published": PUBLISHED,
        "environment": env,
    }
    return result, rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--limit", type=int, default=None, help="only the first N questions")
    p.add_argument("--variant", choices=[*VARIANTS, "both"], default="both",
                   help="ask the consumer's message, the NIST paraphrase, or both (default)")
    p.add_argument("--docs", type=int, default=None, help="MedQuAD subset: the first N answers (as bench/medquad.py --docs)")
    p.add_argument("--work-dir", type=Path, default=MEDQUAD_WORK_DIR, help="the MedQuAD corpus and index folder")
    add_common_args(p)
    args = p.parse_args(argv)
    progress = progress_printer(args.quiet)
    try:
        records = load_records()
        questions = load_questions()
    except OSError as exc:
        return fail(f"cannot read the benchmark data: {exc}")
    if args.docs:
        records = records[:args.docs]
    if args.limit:
        questions = questions[:args.limit]
    variants = VARIANTS if args.variant == "both" else (args.variant,)
    try:
        result, rows = run(records, questions, args.work_dir, selector=args.selector, variants=variants,
                           rebuild=args.rebuild, progress=progress)
    except Exception as exc:
        from qa.embed import ModelMissing
        from qa.index import IndexError_

        if isinstance(exc, (ModelMissing, IndexError_)):
            return fail(str(exc) + (" (or run with --selector cosine)" if isinstance(exc, ModelMissing) else ""))
        raise
    limited = bool(args.limit or args.docs)
    suffix = (f"-limit{args.limit}" if args.limit else "") + (f"-docs{args.docs}" if args.docs else "")
    suffix += "" if args.selector == "trained" else f"-{args.selector}"
    write_jsonl(Path(args.work_dir).parent / "liveqa" / f"predictions{suffix}.jsonl", rows)
    out = write_result(args.out or results_path(NAME + suffix, limited), result)
    print(json.dumps({"results": str(out), "metrics": result["metrics"], "index": result["index"],
                      "timing": result["timing"], "judgment_join": result["data"]["judgment_join"]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
