"""Tests for qa.evaluate: saving per line, resuming after interruption, progress output."""
from __future__ import annotations

import json

import pytest

from qa.evaluate import load_results, run_eval, summarize_results
from qa.questions import QuestionRow

ROWS = [
    QuestionRow("q1", "How long is recovery?", {"kind": "answerable", "doc": "a.txt", "answers": ["six weeks"]}),
    QuestionRow("q2", "Can I fly to Mars?", {"kind": "unanswerable"}),
    QuestionRow("q3", "My incision opened", {"kind": "emergency", "doc": "a.txt", "answers": ["incision coming apart"]}),
    QuestionRow("q4", "Is there pain?", {"kind": "answerable", "doc": "a.txt", "answers": ["some pain"]}),
]


class FakeAssistant:
    """Implements the ask(question, id) -> record interface and remembers what it was asked."""

    def __init__(self, fail_on: str | None = None):
        self.asked: list[str] = []
        self.fail_on = fail_on

    def __call__(self, question: str, id: str) -> dict:
        if id == self.fail_on:
            raise RuntimeError("model crashed")
        self.asked.append(id)
        return {"id": id, "question": question, "status": "answered", "answer": f"answer to {id}",
                "citations": [{"doc": "a.txt", "start": 0, "end": 1, "quote": "x"}], "passages": [],
                "confidence": 0.5, "timings_ms": {"total": 10.0}}


def lines(path):
    return [json.loads(t) for t in path.read_text(encoding="utf-8").splitlines()]


def test_run_eval_writes_one_line_per_question_with_gold_and_verdicts(tmp_path):
    out = tmp_path / "sub" / "results.jsonl"
    ask = FakeAssistant()
    results = run_eval(ask, ROWS, out, progress=False)
    assert ask.asked == ["q1", "q2", "q3", "q4"]
    assert [r["id"] for r, _ in results] == ["q1", "q2", "q3", "q4"]
    assert results[1][1] == {"id": "q2", "question": "Can I fly to Mars?", "kind": "unanswerable"}
    saved = lines(out)
    assert [s["id"] for s in saved] == ["q1", "q2", "q3", "q4"]
    assert saved[0]["gold"]["answers"] == ["six weeks"]
    assert saved[0]["verdicts"]["correct"] is False and saved[0]["verdicts"]["f1"] == 0.0
    assert saved[1]["verdicts"]["correct"] is False  # answered an unanswerable question
    assert load_results(out) == [(r, g) for r, g in results]


def test_resume_after_truncated_last_line_neither_duplicates_nor_loses(tmp_path):
    out = tmp_path / "results.jsonl"
    run_eval(FakeAssistant(), ROWS[:3], out, progress=False)
    full = out.read_text(encoding="utf-8")
    cut = full.rindex('"status"')  # interrupted while writing q3's line
    out.write_text(full[:cut], encoding="utf-8")
    ask = FakeAssistant()
    results = run_eval(ask, ROWS, out, progress=False)
    assert ask.asked == ["q3", "q4"]  # q1, q2 reused; the half-written q3 asked again
    saved = lines(out)  # every line parses: the fragment was cut away before appending
    assert [s["id"] for s in saved] == ["q1", "q2", "q3", "q4"]
    assert [r["id"] for r, _ in results] == ["q1", "q2", "q3", "q4"]
    assert all("gold" not in r and "verdicts" not in r for r, _ in results)


def test_resume_when_last_line_is_complete_but_lacks_newline(tmp_path):
    out = tmp_path / "results.jsonl"
    run_eval(FakeAssistant(), ROWS[:2], out, progress=False)
    out.write_text(out.read_text(encoding="utf-8").rstrip("\n"), encoding="utf-8")
    ask = FakeAssistant()
    run_eval(ask, ROWS, out, progress=False)
    assert ask.asked == ["q3", "q4"]
    assert [s["id"] for s in lines(out)] == ["q1", "q2", "q3", "q4"]


def test_exception_keeps_finished_lines_and_rerun_resumes(tmp_path):
    out = tmp_path / "results.jsonl"
    with pytest.raises(RuntimeError):
        run_eval(FakeAssistant(fail_on="q3"), ROWS, out, progress=False)
    assert [s["id"] for s in lines(out)] == ["q1", "q2"]
    ask = FakeAssistant()
    run_eval(ask, ROWS, out, progress=False)
    assert ask.asked == ["q3", "q4"]


def test_resume_false_overwrites(tmp_path):
    out = tmp_path / "results.jsonl"
    run_eval(FakeAssistant(), ROWS, out, progress=False)
    ask = FakeAssistant()
    run_eval(ask, ROWS[:1], out, progress=False, resume=False)
    assert ask.asked == ["q1"] and len(lines(out)) == 1


def test_progress_goes_to_stderr_and_can_be_silenced(capsys):
    run_eval(FakeAssistant(), ROWS, progress=False)
    assert capsys.readouterr() == ("", "")
    run_eval(FakeAssistant(), ROWS, progress=True)
    captured = capsys.readouterr()
    assert captured.out == "" and "4/4" in captured.err


def test_ids_are_the_rows_and_must_be_unique():
    def ask(question, id):
        return {"id": "something-else", "status": "no_answer", "answer": None, "citations": [], "passages": []}

    results = run_eval(ask, ROWS[1:2], progress=False)
    assert results[0][0]["id"] == "q2"
    with pytest.raises(ValueError):
        run_eval(ask, [ROWS[0], ROWS[0]], progress=False)
    with pytest.raises(TypeError):
        run_eval(lambda q, i: "not a record", ROWS[:1], progress=False)


def test_summarize_results():
    s = summarize_results(run_eval(FakeAssistant(), ROWS, progress=False))
    assert s["overall"]["n"] == 4
    assert s["overall"]["accuracy"] == 0.0
    assert s["overall"]["false_urgent_rate"] == 0.0
    assert s["overall"]["urgent_recall"] == 0.0


def test_resume_warns_when_saved_question_text_differs(tmp_path, caplog):
    out = tmp_path / "results.jsonl"
    run_eval(FakeAssistant(), ROWS[:1], out, progress=False)
    changed = [QuestionRow("q1", "A reworded question?", ROWS[0].gold)]
    ask = FakeAssistant()
    with caplog.at_level("WARNING", logger="qa.evaluate"):
        results = run_eval(ask, changed, out, progress=False)
    assert ask.asked == [] and results[0][0]["question"] == "How long is recovery?"
    assert "reworded" in caplog.text


def test_main_cli_glue(tmp_path, capsys):
    """`miss-qa eval` path with a fake assistant: skips refused questions, writes out/report, prints."""
    from argparse import Namespace
    from types import SimpleNamespace

    from qa.evaluate import main

    qs = tmp_path / "qs.csv"
    qs.write_text("id,question,kind,doc,answers\n"
                  "c1,How long is recovery?,answerable,a.txt,six weeks\n"
                  f"c2,{'x' * 50},unanswerable,,\n"
                  "c3,,answerable,,\n", encoding="utf-8")
    text = "Recovery takes six weeks."

    class Assistant:
        settings = SimpleNamespace(max_question_chars=40)
        index = SimpleNamespace(docs={"a.txt": SimpleNamespace(text=text)})

        def ask(self, question, id=None):
            rec = {"id": id, "question": question, "status": "answered", "answer": "six weeks",
                   "citations": [{"doc": "a.txt", "start": 15, "end": 25, "quote": text[15:25]}],
                   "passages": [{"doc": "a.txt", "text": text}], "confidence": 0.7, "timings_ms": {"total": 3.0}}
            return SimpleNamespace(to_record=lambda: rec)

        def status(self):
            return {"embedding_model": "fake", "stale_reasons": []}

    args = Namespace(questions=qs, out=tmp_path / "o.jsonl", report=tmp_path / "r.html", json=False,
                     no_resume=False, quiet=True)
    assert main(args, Assistant()) == 0
    out, err = capsys.readouterr()
    assert "line 3: c2: the question is 50 characters long" in err
    assert "line 4: missing or empty 'question'" in err
    assert "citation validity" in out and "100.0%" in out
    assert [s["id"] for s in lines(tmp_path / "o.jsonl")] == ["c1"]
    assert "embedding_model" in (tmp_path / "r.html").read_text(encoding="utf-8")
