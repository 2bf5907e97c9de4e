"""Tests for qa.questions: JSONL and CSV question sets, bad lines reported by line number."""
from __future__ import annotations

from pathlib import Path

import pytest

from qa.questions import Problem, QuestionRow, read_questions

DEV = Path("/work/shared/eval/dev.jsonl")


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding=encoding)
    return p


def test_jsonl_malformed_lines_reported_with_line_numbers(tmp_path):
    lines = [
        '{"id": "q1", "question": "Is MISS safe?", "kind": "answerable", "answers": ["yes"]}',  # 1 ok
        '{"id": "q2", "question": "broken',  # 2 bad JSON
        "",  # 3 blank: ignored, not a problem
        '{"question": "no id here"}',  # 4 missing id
        '{"id": "q5", "question": "   "}',  # 5 empty question
        '{"id": 6, "question": "How long is recovery?"}',  # 6 ok, int id -> "6"
        '{"id": "q1", "question": "duplicate"}',  # 7 duplicate id
        '["id", "question"]',  # 8 not an object
        '{"id": "q9", "question": "Q?", "answers": "yes"}',  # 9 answers not a list
        '{"id": "q10", "question": "Q?", "kind": "maybe"}',  # 10 unknown kind
        '{"id": "q11", "question": "Last one, no newline"}',  # 11 ok
    ]
    rows, problems = read_questions(write(tmp_path, "qs.jsonl", "\n".join(lines)))
    assert [r.id for r in rows] == ["q1", "6", "q11"]
    assert [r.line for r in rows] == [1, 6, 11]
    assert [p.line for p in problems] == [2, 4, 5, 7, 8, 9, 10]
    assert "invalid JSON" in problems[0].message
    assert "duplicate" in problems[3].message
    assert str(problems[1]).startswith("line 4:")


def test_row_gold_and_gold_row():
    rows, problems = read_questions(DEV) if DEV.exists() else pytest.skip("dev.jsonl not available")
    assert len(rows) == 36 and problems == []
    r = rows[0]
    assert isinstance(r, QuestionRow) and r.id == "d001"
    assert "id" not in r.gold and "question" not in r.gold
    assert r.gold_row()["id"] == "d001" and r.gold_row()["kind"] == r.gold["kind"]


def test_csv_pipe_lists_empty_cells_and_multiline_rows(tmp_path):
    text = (
        "id,question,kind,persona,doc,alt_docs,answers,notes\n"  # 1
        'c1,"Is it, like, safe?",answerable,patient,a.txt,b.txt|c.txt,"yes | it is safe",\n'  # 2
        'c2,"A question\nover two lines",unanswerable,staff,,,,\n'  # 3-4
        "\n"  # 5 blank
        ",no id,answerable,patient,,,,\n"  # 6 missing id
        "c7,,answerable,patient,,,,\n"  # 7 empty question
        "c8,too,many,cells,a,b,c,d,e\n"  # 8 extra cell
        "c9,Short row\n"  # 9 missing trailing cells are empty
    )
    rows, problems = read_questions(write(tmp_path, "qs.csv", text))
    assert [r.id for r in rows] == ["c1", "c2", "c9"]
    assert [r.line for r in rows] == [2, 3, 9]
    assert [p.line for p in problems] == [6, 7, 8]
    c1 = rows[0]
    assert c1.question == "Is it, like, safe?"
    assert c1.gold["alt_docs"] == ["b.txt", "c.txt"]
    assert c1.gold["answers"] == ["yes", "it is safe"]
    assert c1.gold["notes"] is None
    c2 = rows[1]
    assert c2.question == "A question\nover two lines"
    assert c2.gold["doc"] is None and c2.gold["answers"] == [] and c2.gold["alt_docs"] == []
    assert rows[2].gold["kind"] is None


def test_csv_with_bom_and_missing_column(tmp_path):
    rows, problems = read_questions(write(tmp_path, "bom.csv", "id,question\nb1,Hello?\n", "utf-8-sig"))
    assert [r.id for r in rows] == ["b1"] and problems == []
    rows, problems = read_questions(write(tmp_path, "bad.csv", "qid,question\nb1,Hello?\n"))
    assert rows == [] and problems == [Problem(1, "CSV header lacks required column(s): id")]


def test_format_override_and_unknown_format(tmp_path):
    p = write(tmp_path, "qs.txt", "id,question\nx1,What?\n")
    rows, _ = read_questions(p, fmt="csv")
    assert rows[0].id == "x1"
    with pytest.raises(ValueError):
        read_questions(p, fmt="xlsx")
