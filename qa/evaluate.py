"""Evaluation runs: ask every question of a set, save each answer record as it comes, score.

The runner knows nothing about how the assistant is built: it takes a callable
`ask(question, id) -> answer record dict`. Each record is appended to a JSONL results file
together with its `gold` labels and per-question `verdicts`, one flushed line per question,
so an interrupted run loses nothing and resumes where it stopped.

>>> from qa.questions import QuestionRow
>>> def ask(question, id):
...     return {"id": id, "question": question, "status": "no_answer", "answer": None,
...             "citations": [], "passages": [], "confidence": 0.9, "timings_ms": {"total": 5.0}}
>>> rows = [QuestionRow("q1", "Can I drive?", {"kind": "unanswerable"})]
>>> results = run_eval(ask, rows, progress=False)
>>> summarize_results(results)["overall"]["unanswerable_declined_rate"]
1.0
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Callable, Mapping, Sequence

from qa.metrics import summarize, verdicts
from qa.questions import QuestionRow

logger = logging.getLogger(__name__)

AskFn = Callable[[str, str], dict]
RESERVED = ("gold", "verdicts")  # keys the results file adds to each record


def _json_default(obj: object) -> object:
    """Let numpy scalars and arrays in a record through `json.dumps`."""
    if hasattr(obj, "tolist"):
        return obj.tolist()
    raise TypeError(f"{type(obj).__name__} is not JSON serializable")


def _split_line(obj: dict) -> tuple[dict, dict]:
    """A results-file line → (answer record, stored gold)."""
    record = {k: v for k, v in obj.items() if k not in RESERVED}
    return record, dict(obj.get("gold") or {})


def _recover(path: Path) -> dict[str, dict]:
    """Records already in a results file, by id; cut off a truncated last line first.

    A last line without its newline is an interrupted write: it is removed if it does not
    parse (so appending starts on a clean line) and completed with a newline if it does.
    Unparseable lines elsewhere are skipped with a warning and their questions asked again.
    """
    data = path.read_bytes()
    done: dict[str, dict] = {}
    pos = 0
    while pos < len(data):
        nl = data.find(b"\n", pos)
        end = len(data) if nl < 0 else nl + 1
        chunk = data[pos:end]
        try:
            obj = json.loads(chunk) if chunk.strip() else None
        except ValueError:
            obj = None
            if nl < 0:
                logger.warning("%s: dropping truncated last line (%d bytes)", path, len(chunk))
                with open(path, "r+b") as f:
                    f.truncate(pos)
                break
            logger.warning("%s: skipping unreadable line at byte %d", path, pos)
        if isinstance(obj, dict) and obj.get("id") is not None:
            done[str(obj["id"])] = obj  # a later line for the same id wins
        if nl < 0 and obj is not None:
            with open(path, "ab") as f:
                f.write(b"\n")
        pos = end
    return done


def load_results(path: str | Path) -> list[tuple[dict, dict]]:
    """Read a results file back as (record, gold) pairs, in file order (truncated lines skipped).

    >>> load_results("artifacts/eval/dev.results.jsonl")  # doctest: +SKIP
    """
    out = []
    with open(path, encoding="utf-8") as f:
        for lineno, text in enumerate(f, start=1):
            if not text.strip():
                continue
            try:
                out.append(_split_line(json.loads(text)))
            except ValueError:
                logger.warning("%s: skipping unreadable line %d", path, lineno)
    return out


def run_eval(ask: AskFn, rows: Sequence[QuestionRow], out_path: str | Path | None = None, *,
             doc_texts: Mapping[str, str] | None = None, progress: bool = True,
             resume: bool = True) -> list[tuple[dict, dict]]:
    """Ask every row's question; return (record, gold row) pairs in the order of `rows`.

    With `out_path`, each record is appended as one JSONL line (`record` + `gold` +
    `verdicts`) and flushed. With `resume=True`, ids already in `out_path` are not asked
    again (their stored record is reused, scored against the gold of `rows`); with
    `resume=False` the file is overwritten. An exception from `ask` stops the run; what was
    asked before it is already on disk. `doc_texts` lets verdicts check citations.

    >>> results = run_eval(assistant.ask, rows, "artifacts/eval/dev.results.jsonl")  # doctest: +SKIP
    """
    ids = [r.id for r in rows]
    if len(set(ids)) != len(ids):
        raise ValueError("question ids must be unique to save and resume a run")
    done: dict[str, dict] = {}
    f = None
    if out_path is not None:
        out_path = Path(out_path)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        if resume and out_path.exists():
            done = _recover(out_path)
            extra = set(done) - set(ids)
            if extra:
                logger.warning("%s: %d records for ids not in this question set are ignored", out_path, len(extra))
            logger.info("resuming: %d of %d questions already answered", len(set(done) & set(ids)), len(ids))
        f = open(out_path, "a" if resume else "w", encoding="utf-8")
    todo = [r for r in rows if r.id not in done]
    bar = None
    if progress:
        from tqdm import tqdm  # imported here so importing qa.evaluate stays light

        bar = tqdm(total=len(rows), initial=len(rows) - len(todo), desc="eval", unit="q",
                   file=sys.stderr, dynamic_ncols=True)
    fresh: dict[str, dict] = {}
    try:
        for row in todo:
            record = ask(row.question, row.id)
            if not isinstance(record, dict):
                raise TypeError(f"ask() must return an answer record dict, got {type(record).__name__}")
            if record.get("id") is not None and str(record["id"]) != row.id:
                logger.warning("ask() returned id %r for question %r; using the question's id", record["id"], row.id)
            record = {**record, "id": row.id}
            fresh[row.id] = record
            if f is not None:
                gold = row.gold_row()
                line = {**record, "gold": gold, "verdicts": verdicts(record, gold, doc_texts)}
                f.write(json.dumps(line, ensure_ascii=False, default=_json_default) + "\n")
                f.flush()
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
        if f is not None:
            f.close()
    results = []
    for row in rows:
        record = fresh[row.id] if row.id in fresh else _split_line(done[row.id])[0]
        if record.get("question") not in (None, row.question):
            logger.warning("%s: saved record asked %r, the question set now says %r",
                           row.id, record["question"], row.question)
        results.append((record, row.gold_row()))
    return results


def summarize_results(results: Sequence[tuple[dict, dict]], doc_texts: Mapping[str, str] | None = None,
                      **kwargs) -> dict:
    """`qa.metrics.summarize` over (record, gold) pairs from `run_eval` or `load_results`."""
    return summarize([r for r, _ in results], [g for _, g in results], doc_texts, **kwargs)


def usable_questions(path: str | Path, max_chars: int) -> tuple[list[QuestionRow], list]:
    """The rows of a question set that can be asked, and every problem found, by line number."""
    from qa.answer import QuestionError, validate_question
    from qa.questions import Problem, read_questions

    rows, problems = read_questions(path)
    kept = []
    for row in rows:
        try:
            validate_question(row.question, max_chars)
            kept.append(row)
        except QuestionError as exc:
            problems.append(Problem(row.line, f"{row.id}: {exc}"))
    return kept, sorted(problems, key=lambda p: p.line)


def evaluate_assistant(assistant, rows: Sequence[QuestionRow], out_path: str | Path | None = None, *,
                       report_path: str | Path | None = None, label: str = "", progress: bool = True,
                       resume: bool = True, on_question: Callable[[int, int], None] | None = None):
    """Ask `rows` of a loaded `Assistant`, score them and optionally write the HTML report.

    Returns (results, summary, report path or None). `on_question(done, total)` is called
    before each question (the web app's progress bar).
    """
    from qa.report import write_report

    doc_texts = {doc_id: d.text for doc_id, d in assistant.index.docs.items()}
    done = [0]

    def ask(question: str, id: str) -> dict:
        if on_question is not None:
            on_question(done[0], len(rows))
        done[0] += 1
        return assistant.ask(question, id=id).to_record()

    results = run_eval(ask, rows, out_path, doc_texts=doc_texts, progress=progress, resume=resume)
    summary = summarize_results(results, doc_texts)
    report = None
    if report_path is not None:
        meta = {"question set": label,
                **{k: v for k, v in assistant.status().items() if not isinstance(v, (dict, list)) or v}}
        report = write_report(summary, results, report_path, meta=meta)
    return results, summary, report


def main(args, assistant) -> int:
    """`miss-qa eval QUESTIONS [--out F] [--report F] [--json] [--no-resume] [-q]` (called by `qa.cli`).

    Bad question-set lines and questions the assistant would refuse (empty, too long) are
    listed on stderr and skipped; the metrics go to stdout as a table or JSON.
    """
    from qa.report import format_summary

    kept, problems = usable_questions(args.questions, assistant.settings.max_question_chars)
    for p in problems:
        print(f"warning: {args.questions}: {p}", file=sys.stderr)
    if not kept:
        raise ValueError(f"{args.questions}: no usable questions")
    label = f"{args.questions} ({len(kept)} questions, {len(problems)} skipped)"
    _, summary, report = evaluate_assistant(
        assistant, kept, getattr(args, "out", None), report_path=getattr(args, "report", None), label=label,
        progress=not getattr(args, "quiet", False), resume=not getattr(args, "no_resume", False))
    summary["question_set"] = {"path": str(args.questions), "questions": len(kept), "skipped": len(problems)}
    if report is not None:
        print(f"report: {report}", file=sys.stderr)
    print(json.dumps(summary, indent=2, ensure_ascii=False) if getattr(args, "json", False) else format_summary(summary))
    return 0
