"""Tests for qa.report: one self-contained, escaped HTML file with tables, plots and failures."""
from __future__ import annotations

import re
import sys

import pytest

from qa.metrics import summarize
from qa.report import _highlight, failure_reason, failures, write_report

EVIL = "<script>alert(1)</script>"


def results():
    golds = [
        {"id": "ok1", "question": "How long is recovery?", "kind": "answerable", "persona": "patient",
         "doc": "a.txt", "answers": ["six weeks"]},
        {"id": "bad1", "question": f"Is {EVIL} safe?", "kind": "answerable", "persona": "staff & co",
         "doc": "a.txt", "answers": ["heavy lifting"], "evidence": "Avoid heavy lifting."},
        {"id": "bad2", "question": "I have chest pain", "kind": "emergency", "persona": "patient",
         "doc": "b.txt", "answers": ["Suspected cardiac problem"]},
    ]
    records = [
        {"id": "ok1", "question": golds[0]["question"], "status": "answered", "answer": "six weeks",
         "citations": [{"doc": "a.txt", "section": "Recovery"}], "passages": [{"doc": "a.txt", "text": "six weeks"}],
         "confidence": 0.9, "timings_ms": {"total": 120.0}},
        {"id": "bad1", "question": golds[1]["question"], "status": "answered", "answer": f"Walk {EVIL}",
         "citations": [{"doc": "a.txt", "section": "<b>Care</b>"}],
         "passages": [{"doc": "a<b>.txt", "section": EVIL, "text": f"Avoid Heavy\nlifting. {EVIL}", "score": 0.7}],
         "confidence": 0.8, "timings_ms": {"total": 250.0}},
        {"id": "bad2", "question": golds[2]["question"], "status": "no_answer", "answer": None, "citations": [],
         "passages": [], "confidence": 0.2, "timings_ms": {"total": 90.0}, "notice": "No answer found."},
    ]
    return list(zip(records, golds))


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    res = results()
    summary = summarize([r for r, _ in res], [g for _, g in res])
    path = write_report(summary, res, tmp_path_factory.mktemp("rep") / "out" / "report.html",
                        meta={"model": "<fake>"})
    return path.read_text(encoding="utf-8")


def test_everything_from_data_is_escaped(page):
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "a&lt;b&gt;.txt" in page and "&lt;b&gt;Care&lt;/b&gt;" in page
    assert "staff &amp; co" in page and "&lt;fake&gt;" in page


def test_self_contained_with_plots_and_tables(page):
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)  # nothing fetched from outside
    assert "<link" not in page
    assert page.count("<svg") == 3  # reliability, latency, accuracy by kind/persona
    assert "<?xml" not in page
    for heading in ("Headline metrics", "By kind", "By persona", "Failures (2)"):
        assert heading in page
    assert "33.3%" in page  # overall kind-aware accuracy: only ok1 of 3 is right


def test_failures_list_failed_questions_with_passages(page):
    assert [g["id"] for _, g in failures(results())] == ["bad1", "bad2"]
    details = page[page.index("Failures (2)"):]
    assert "bad1" in details and "bad2" in details and "ok1" not in details
    assert "answer does not contain a gold answer" in details
    assert "missed a red flag" in details
    assert "<mark>Avoid Heavy\nlifting</mark>" not in details  # the gold is "heavy lifting", not "Avoid"
    assert "<mark>Heavy\nlifting</mark>" in details  # gold found in the passage, case/whitespace tolerant
    assert "No passages retrieved." in details


def test_failure_reasons():
    g = {"kind": "answerable", "doc": "a.txt", "alt_docs": ["b.txt"], "answers": ["x y"]}
    assert failure_reason({"status": "no_answer"}, g) == "declined an answerable question"
    assert failure_reason({"status": "urgent"}, g) == "false urgent on an answerable question"
    assert failure_reason({"status": "answered", "answer": "x y", "citations": [{"doc": "c.txt"}]}, g) == \
        "cited c.txt, expected a.txt or b.txt"
    assert failure_reason({"status": "answered"}, {"kind": "unanswerable"}) == "should decline, but status is answered"


def test_highlight_escapes_around_marks():
    assert _highlight("a <b> x  Y c", ["X y"]) == "a &lt;b&gt; <mark>x  Y</mark> c"
    assert _highlight("<i>", []) == "&lt;i&gt;"


def test_report_without_matplotlib(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    res = results()
    summary = summarize([r for r, _ in res], [g for _, g in res])
    text = write_report(summary, res, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<svg" not in text and "matplotlib" in text and "Failures (2)" in text
