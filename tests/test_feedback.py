"""Feedback storage (qa/feedback.py): SQLite round trip, durability across connections, CSV export."""
from __future__ import annotations

import csv
import json
import sqlite3
import threading

import pytest

from qa.feedback import CSV_COLUMNS, FeedbackStore, QuestionLog
from qa.settings import Settings

RECORD = {
    "id": None, "question": "Could the screws come loose?", "status": "answered",
    "answer": "Failure, loosening or pull out of the cage, graft, rod or screws",
    "citations": [{"doc": "002.txt", "title": "MISS", "section": "Risks", "start": 10, "end": 72,
                   "quote": "Failure, loosening or pull out of the cage, graft, rod or screws", "score": 0.9}],
    "passages": [], "urgency": None, "notice": None, "confidence": 0.9, "timings_ms": {"total": 12.0},
}


def test_round_trip(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    fid = store.add(RECORD["question"], RECORD, "up", "  clear, thanks ")
    got = store.get(fid)
    assert (got.question, got.rating, got.comment) == (RECORD["question"], "up", "clear, thanks")
    assert got.record == RECORD
    assert got.created_at.endswith("+00:00")
    # a second store on the same file (another process, after a restart) sees the committed row
    again = FeedbackStore(tmp_path / "fb.sqlite3")
    assert [f.id for f in again.all()] == [fid]
    with sqlite3.connect(tmp_path / "fb.sqlite3") as con:  # the schema the brief names
        cols = [r[1] for r in con.execute("PRAGMA table_info(feedback)")]
    assert {"question", "record_json", "rating", "comment", "created_at"} <= set(cols)


def test_update_changes_rating_and_comment(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    fid = store.add("q", RECORD, "up")
    store.update(fid, "down", "actually wrong document")
    assert (store.get(fid).rating, store.get(fid).comment) == ("down", "actually wrong document")
    assert store.count() == 1
    with pytest.raises(KeyError):
        store.update(fid + 1, "up")


def test_rejects_unknown_rating_and_caps_comment(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    with pytest.raises(ValueError):
        store.add("q", RECORD, "meh")
    fid = store.add("q", RECORD, "down", "x" * 5000)
    assert len(store.get(fid).comment) == 2000


def test_csv_export(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    store.add(RECORD["question"], RECORD, "up", "Très clair, merci")
    store.add("=HYPERLINK(\"http://x\")", {**RECORD, "status": "no_answer", "citations": [], "answer": None}, "down", "")
    path = store.export_csv(tmp_path / "out" / "feedback.csv")
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0].keys()) == list(CSV_COLUMNS)
    assert [r["rating"] for r in rows] == ["up", "down"]
    assert rows[0]["comment"] == "Très clair, merci"
    assert rows[0]["first_citation"].startswith("002.txt § Risks [10:72]")
    assert json.loads(rows[0]["record_json"]) == RECORD
    assert rows[1]["question"].startswith("'=")  # a formula is neutralised for spreadsheets
    assert rows[1]["answer"] == "" and rows[1]["first_citation"] == ""


def test_concurrent_writes_from_threads(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    threads = [threading.Thread(target=lambda i=i: store.add(f"q{i}", RECORD, "up")) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.count() == 8


def test_for_settings_uses_data_dir(tmp_path):
    settings = Settings.load(overrides={"data_dir": tmp_path / "data"})
    store = FeedbackStore.for_settings(settings)
    assert store.path == tmp_path / "data" / "feedback.sqlite3" and store.path.exists()


def test_question_log_is_off_unless_enabled(tmp_path):
    off = QuestionLog.for_settings(Settings.load(overrides={"data_dir": tmp_path}))
    off.write("question", {"question": "secret?"})
    assert not any(tmp_path.iterdir())
    on = QuestionLog.for_settings(Settings.load(overrides={"data_dir": tmp_path, "log_questions": True}))
    on.write("question", {"question": "logged?"})
    lines = (tmp_path / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["question"] == "logged?"
