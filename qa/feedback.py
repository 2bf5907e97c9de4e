"""Feedback: thumbs up/down (and an optional comment) on answers, kept durably in SQLite.

Each row holds the question, the full answer record as JSON, the rating, the comment and a
UTC timestamp. Nothing is written anywhere else; the optional question log
(`QuestionLog`) is a separate, opt-in file used only when `settings.log_questions` is true.

>>> import tempfile, pathlib
>>> store = FeedbackStore(pathlib.Path(tempfile.mkdtemp()) / "feedback.sqlite3")
>>> fid = store.add("Can I drive?", {"status": "no_answer"}, "down", "wanted a date")
>>> store.get(fid).rating, store.get(fid).comment
('down', 'wanted a date')
"""
from __future__ import annotations

import csv
import datetime as _dt
import json
import logging
import sqlite3
import threading
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

logger = logging.getLogger(__name__)

RATINGS = ("up", "down")
FILENAME = "feedback.sqlite3"
CSV_COLUMNS = ("id", "created_at", "rating", "comment", "question", "status", "answer", "first_citation", "record_json")
MAX_COMMENT_CHARS = 2000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at  TEXT NOT NULL,
    question    TEXT NOT NULL,
    record_json TEXT NOT NULL,
    rating      TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment     TEXT NOT NULL DEFAULT ''
)
"""


@dataclass(frozen=True)
class Feedback:
    """One stored rating of one answer."""

    id: int
    created_at: str  # ISO 8601, UTC
    question: str
    record: dict
    rating: str  # "up" | "down"
    comment: str


class FeedbackStore:
    """A SQLite file of answer ratings; safe to share between the web server's threads.

    Each call opens its own connection and commits before returning (synchronous=FULL), so a
    rating that was acknowledged survives a crash of the server.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute(_SCHEMA)

    @classmethod
    def for_settings(cls, settings) -> "FeedbackStore":
        """The store under `settings.data_dir/feedback.sqlite3`."""
        return cls(Path(settings.data_dir) / FILENAME)

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=10)
        con.execute("PRAGMA synchronous=FULL")
        return con

    def add(self, question: str, record: Mapping, rating: str, comment: str = "") -> int:
        """Store one rating; returns its id."""
        rating, comment = _check(rating, comment)
        now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        with self._lock, closing(self._connect()) as con, con:
            cur = con.execute(
                "INSERT INTO feedback (created_at, question, record_json, rating, comment) VALUES (?, ?, ?, ?, ?)",
                (now, str(question), json.dumps(dict(record), ensure_ascii=False, default=str), rating, comment))
            return int(cur.lastrowid)

    def update(self, feedback_id: int, rating: str, comment: str = "") -> None:
        """Change the rating and comment of a stored row (a person changing their mind)."""
        rating, comment = _check(rating, comment)
        with self._lock, closing(self._connect()) as con, con:
            cur = con.execute("UPDATE feedback SET rating = ?, comment = ? WHERE id = ?", (rating, comment, int(feedback_id)))
            if cur.rowcount != 1:
                raise KeyError(f"no feedback with id {feedback_id}")

    def get(self, feedback_id: int) -> Feedback:
        with closing(self._connect()) as con:
            row = con.execute("SELECT id, created_at, question, record_json, rating, comment FROM feedback WHERE id = ?",
                              (int(feedback_id),)).fetchone()
        if row is None:
            raise KeyError(f"no feedback with id {feedback_id}")
        return _row(row)

    def all(self) -> list[Feedback]:
        with closing(self._connect()) as con:
            rows = con.execute("SELECT id, created_at, question, record_json, rating, comment FROM feedback ORDER BY id").fetchall()
        return [_row(r) for r in rows]

    def count(self) -> int:
        with closing(self._connect()) as con:
            return int(con.execute("SELECT COUNT(*) FROM feedback").fetchone()[0])

    def export_csv(self, path: str | Path) -> Path:
        """Write every row as CSV (UTF-8 with BOM, so spreadsheet programs read accents) and return the path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(CSV_COLUMNS)
            for fb in self.all():
                cite = (fb.record.get("citations") or [{}])[0]
                first = f"{cite.get('doc')} § {cite.get('section')} [{cite.get('start')}:{cite.get('end')}]" if cite else ""
                w.writerow([fb.id, fb.created_at, fb.rating, _cell(fb.comment), _cell(fb.question),
                            fb.record.get("status") or "", _cell(fb.record.get("answer") or ""), _cell(first),
                            json.dumps(fb.record, ensure_ascii=False)])
        return path


class QuestionLog:
    """An opt-in JSONL log of questions and answer records (`settings.log_questions`).

    When disabled (the default) `write` does nothing at all.
    """

    def __init__(self, path: str | Path, enabled: bool):
        self.path = Path(path)
        self.enabled = bool(enabled)
        self._lock = threading.Lock()

    @classmethod
    def for_settings(cls, settings) -> "QuestionLog":
        return cls(Path(settings.data_dir) / "questions.jsonl", settings.log_questions)

    def write(self, kind: str, payload: Mapping) -> None:
        if not self.enabled:
            return
        line = {"at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"), "kind": kind, **payload}
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")


def _check(rating: str, comment: str | None) -> tuple[str, str]:
    if rating not in RATINGS:
        raise ValueError(f"rating must be one of {', '.join(RATINGS)}, got {rating!r}")
    comment = (comment or "").strip()
    return rating, comment[:MAX_COMMENT_CHARS]


def _cell(text: str) -> str:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ is prefixed with '."""
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _row(row) -> Feedback:
    fid, created, question, record_json, rating, comment = row
    try:
        record = json.loads(record_json)
    except ValueError:
        logger.warning("feedback %s: unreadable record JSON", fid)
        record = {}
    return Feedback(int(fid), created, question, record, rating, comment)
