"""Question sets: read JSONL or CSV question files into typed rows, reporting bad lines.

Only `id` and `question` are required; any other field (`kind`, `persona`, `doc`,
`alt_docs`, `answer`, `answers`, `evidence`, `notes`, ...) is a gold label kept in
`QuestionRow.gold`. In CSV the list fields `answers` and `alt_docs` are `|`-separated and
an empty cell means "absent" (None), so a gold answer containing `|` needs JSONL.

>>> import pathlib, tempfile
>>> p = pathlib.Path(tempfile.mkdtemp()) / "qs.jsonl"
>>> _ = p.write_text('{"id": "q1", "question": "Is it safe?"}\\nnot json\\n')
>>> rows, problems = read_questions(p)
>>> rows[0].id, rows[0].question, problems[0].line
('q1', 'Is it safe?', 2)
"""
from __future__ import annotations

import csv
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

LIST_FIELDS = ("answers", "alt_docs")
KINDS = ("answerable", "unanswerable", "emergency")


@dataclass(frozen=True)
class QuestionRow:
    """One question of a set: its id, the question text, and any gold labels (may be empty)."""

    id: str
    question: str
    gold: dict = field(default_factory=dict)
    line: int = 0  # 1-based line where the row starts in its file (0 if not from a file)

    def gold_row(self) -> dict:
        """The row as a flat dict like a line of `dev.jsonl` (what `qa.metrics` takes)."""
        return {"id": self.id, "question": self.question, **self.gold}


@dataclass(frozen=True)
class Problem:
    """A line of a question file that was skipped, and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def _validate(obj: object, line: int, seen: set[str]) -> QuestionRow | Problem:
    """Check one parsed row; return the typed row or the reason it is skipped."""
    if not isinstance(obj, dict):
        return Problem(line, f"expected a JSON object, got {type(obj).__name__}")
    qid, question = obj.get("id"), obj.get("question")
    if isinstance(qid, bool) or not isinstance(qid, (str, int)) or not str(qid).strip():
        return Problem(line, "missing or empty 'id'")
    qid = str(qid).strip()
    if not isinstance(question, str) or not question.strip():
        return Problem(line, f"missing or empty 'question' (id {qid!r})")
    if qid in seen:
        return Problem(line, f"duplicate id {qid!r} (first occurrence kept)")
    for name in LIST_FIELDS:
        value = obj.get(name)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return Problem(line, f"'{name}' must be a list of strings (id {qid!r})")
    kind = obj.get("kind")
    if kind is not None and kind not in KINDS:
        return Problem(line, f"unknown kind {kind!r} (id {qid!r}); expected one of {', '.join(KINDS)}")
    seen.add(qid)
    gold = {k: v for k, v in obj.items() if k not in ("id", "question")}
    return QuestionRow(qid, question.strip(), gold, line)


def _read_jsonl(path: Path) -> list[tuple[int, object] | Problem]:
    out: list[tuple[int, object] | Problem] = []
    with open(path, encoding="utf-8-sig") as f:
        for lineno, text in enumerate(f, start=1):
            if not text.strip():
                continue
            try:
                out.append((lineno, json.loads(text)))
            except json.JSONDecodeError as e:
                out.append(Problem(lineno, f"invalid JSON: {e.msg} (column {e.colno})"))
    return out


def _read_csv(path: Path) -> list[tuple[int, object] | Problem]:
    out: list[tuple[int, object] | Problem] = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = [h.strip() for h in next(reader, [])]
        missing = [c for c in ("id", "question") if c not in header]
        if missing:
            return [Problem(1, f"CSV header lacks required column(s): {', '.join(missing)}")]
        start = reader.line_num + 1  # a quoted cell may span lines: report where the row starts
        for cells in reader:
            if len(cells) > len(header):
                out.append(Problem(start, f"{len(cells)} cells but {len(header)} columns"))
            elif any(c.strip() for c in cells):
                obj: dict = {}
                for key, value in zip(header, cells + [""] * (len(header) - len(cells))):
                    value = value.strip()
                    if key in LIST_FIELDS:
                        obj[key] = [v.strip() for v in value.split("|") if v.strip()]
                    else:
                        obj[key] = value or None
                out.append((start, obj))
            start = reader.line_num + 1
    return out


def read_questions(path: str | Path, fmt: str | None = None) -> tuple[list[QuestionRow], list[Problem]]:
    """Read a question set; bad rows are skipped and returned as problems with line numbers.

    `fmt` is "jsonl" or "csv"; by default a `.csv` suffix means CSV and anything else JSONL.
    Blank lines are ignored. A row is skipped for: invalid JSON, not an object, missing or
    empty id or question, a duplicate id, a list field that is not a list of strings, or an
    unknown `kind`.

    >>> rows, problems = read_questions("/work/shared/eval/dev.jsonl")  # doctest: +SKIP
    """
    path = Path(path)
    fmt = fmt or ("csv" if path.suffix.lower() == ".csv" else "jsonl")
    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"unknown question-set format {fmt!r}; use 'jsonl' or 'csv'")
    parsed = _read_csv(path) if fmt == "csv" else _read_jsonl(path)
    rows: list[QuestionRow] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for item in parsed:
        result = item if isinstance(item, Problem) else _validate(item[1], item[0], seen)
        (problems if isinstance(result, Problem) else rows).append(result)
    for p in problems:
        logger.warning("%s: %s", path, p)
    return rows, problems
