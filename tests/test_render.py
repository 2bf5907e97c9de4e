"""Rendering of answer records and documents into safe HTML (qa/render.py)."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from qa import render
from qa.types import Document, Section, Span

DOC_TEXT = "Recovery\nMost people walk the same day.\nAvoid lifting for <six> weeks & rest.\nCall us if unsure."
# "Avoid lifting for <six> weeks & rest." starts after the second newline
Q_START = DOC_TEXT.index("Avoid")
Q_END = DOC_TEXT.index("rest.") + len("rest.")


def _record(status="answered", **kw):
    rec = {
        "id": "t1",
        "question": "How long should I avoid lifting?",
        "status": status,
        "answer": DOC_TEXT[Q_START:Q_END],
        "citations": [{"doc": "a.txt", "title": "Care <after> surgery", "section": "Recovery", "start": Q_START,
                       "end": Q_END, "quote": DOC_TEXT[Q_START:Q_END], "score": 0.9}],
        "passages": [],
        "urgency": None,
        "notice": None,
        "confidence": 0.9,
        "timings_ms": {"total": 1.0},
    }
    rec.update(kw)
    return rec


class _Collect(HTMLParser):
    """Tags and text of an HTML fragment, to check what a browser would build from it."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def _parse(fragment: str) -> _Collect:
    p = _Collect()
    p.feed(fragment)
    p.close()
    return p


def test_script_in_question_is_escaped_text():
    rec = _record(question="<script>alert(1)</script>", status="no_answer", answer=None, citations=[],
                  notice="Not covered <b>here</b>.")
    out = render.turn_html(rec, turn=0)
    parsed = _parse(out)
    assert "script" not in parsed.tags and "b" not in parsed.tags
    assert "<script>alert(1)</script>" in "".join(parsed.text)  # shown as text, after unescaping
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_document_text_and_titles_are_escaped_everywhere():
    out = render.answer_html(_record(), {"a.txt": DOC_TEXT})
    parsed = _parse(out)
    assert "six" not in parsed.tags and "after" not in parsed.tags
    assert "&lt;six&gt;" in out and "&amp; rest" in out and "Care &lt;after&gt; surgery" in out
    # attribute values cannot break out either
    evil = _record(citations=[{**_record()["citations"][0], "doc": 'x" onmouseover="alert(1)'}])
    attrs = dict(_parse(render.answer_html(evil)).attrs)
    assert "onmouseover" not in attrs


def test_urgent_banner_comes_before_the_quoted_line():
    rec = _record(status="urgent", urgency="emergency",
                  notice="Urgent: go to the nearest emergency room now.", confidence=0.8)
    out = render.answer_html(rec, {"a.txt": DOC_TEXT})
    banner, quote = out.index('class="qa-urgent"'), out.index('class="qa-quote"')
    assert banner < quote
    assert out.index("go to the nearest emergency room") < out.index("Avoid lifting")
    assert 'role="alert"' in out


def test_answer_span_marks_only_the_phrase():
    quote = DOC_TEXT[Q_START:Q_END]
    a = quote.index("<six> weeks")
    rec = _record(answer=quote[a:a + len("<six> weeks")], answer_span=[a, a + len("<six> weeks")])
    out = render.quote_html(rec)
    assert re.search(r"<mark>&lt;six&gt; weeks</mark>", out)
    assert out.count("<mark>") == 1


def test_whole_quote_marked_without_answer_span():
    out = render.quote_html(_record())
    assert "<mark>Avoid lifting for &lt;six&gt; weeks &amp; rest.</mark>" in out


def test_citation_expands_to_surrounding_passage_with_open_button():
    out = render.answer_html(_record(), {"a.txt": DOC_TEXT})
    assert "<details>" in out and "Most people walk the same day." in out  # context around the quote
    attrs = dict(_parse(out).attrs)
    assert (attrs["data-doc"], attrs["data-start"], attrs["data-end"]) == ("a.txt", str(Q_START), str(Q_END))


def test_no_answer_shows_notice_and_advice_not_a_quote():
    rec = _record(status="no_answer", answer=None, citations=[], notice="The documents do not cover this.",
                  confidence=0.95, passages=[{"doc": "a.txt", "section": "Recovery", "start": 0, "end": 8,
                                              "text": "Recovery", "score": 0.1}])
    out = render.answer_html(rec)
    assert "The documents do not cover this." in out and render.NO_ANSWER_ADVICE.split(":")[0] in out
    assert "qa-quote" not in out
    assert "Closest passages" in out


@pytest.mark.parametrize("conf,expected", [(0.95, "directly"), (0.7, "appear"), (0.55, "Closest match")])
def test_confidence_bands(conf, expected):
    assert expected in render.confidence_hint({"status": "answered", "confidence": conf})


def test_context_window_stays_within_limit_and_keeps_the_span():
    text = "\n".join(f"line {i} " + "x" * 30 for i in range(50))
    s = text.index("line 25")
    e = s + 10
    a, b = render.context_window(text, s, e, 200)
    assert a <= s and e <= b and b - a <= 200
    long = "word " * 500
    a, b = render.context_window(long, 1000, 1010, 100)
    assert a <= 1000 and 1010 <= b and b - a <= 100


def test_marked_escapes_and_ignores_bad_ranges():
    assert render.marked("<a>", 0, 3) == "<mark>&lt;a&gt;</mark>"
    assert render.marked("<a>", 2, 1) == "&lt;a&gt;"
    assert render.marked("<a>", 0, 99) == "&lt;a&gt;"


def test_document_html_marks_range_with_scroll_target():
    doc = Document("a.txt", "Care <after> surgery", DOC_TEXT, (Span(0, len(DOC_TEXT)),),
                   (Section("Recovery", 0, len(DOC_TEXT)),))
    out = render.document_html(doc, Q_START, Q_END)
    assert f'<mark id="qa-mark">{render.e(DOC_TEXT[Q_START:Q_END])}</mark>' in out
    assert "Care &lt;after&gt; surgery" in out and "section: Recovery" in out
    assert "<mark" not in render.document_html(doc)


def test_feedback_widget_reflects_saved_rating_and_escapes_comment():
    out = render.feedback_html(3, {"rating": "down", "comment": '"><img src=x onerror=alert(1)>'})
    parsed = _parse(out)
    assert "img" not in parsed.tags
    assert 'data-turn="3"' in out and 'data-rated="down"' in out and "Thanks" in out


def test_conversation_lists_turns_in_order():
    turns = [{"record": _record(question="first?")}, {"record": _record(question="second?"), "feedback": None}]
    out = render.conversation_html(turns)
    assert out.index("first?") < out.index("second?")
    assert out.count('class="qa-feedback"') == 2
    assert 'class="qa-feedback"' not in render.conversation_html(turns, feedback_enabled=False)


def test_eval_rows_and_problems():
    rec = _record()
    rows = render.eval_rows([(rec, {"id": "t1", "kind": "answerable", "answers": ["six weeks"]}),
                             ({**rec, "id": "t2"}, {"id": "t2"})])
    assert rows[0][:3] == ["t1", rec["question"], "answered"] and rows[0][5] in ("yes", "no")
    assert rows[1][5] == ""  # no gold: no verdict
    assert "line 4" in render.problems_html(["line 4: invalid JSON <x>"]) and "&lt;x&gt;" in render.problems_html(["<x>"])
    assert render.problems_html([]) == ""


def test_report_iframe_is_sandboxed_and_escaped():
    out = render.report_iframe('<html><body><p class="x">a & b</p></body></html>')
    assert 'sandbox="allow-same-origin"' in out and "allow-scripts" not in out and "srcdoc=\"&lt;html&gt;" in out and "&quot;x&quot;" in out


def test_summary_cards():
    out = render.summary_html({"n": 3, "accuracy": 0.5, "ece": None, "latency_p50_ms": 251.4})
    assert "50.0%" in out and "—" in out and "251 ms" in out and "accuracy" in out
    assert "citation validity" not in out  # absent metrics are left out


def test_repaired_question_is_shown_escaped_only_when_there_is_one():
    out = render.answer_html(_record(searched_as="is it <ok> to go swimming while recovering?"))
    assert "Searched as" in out and "&lt;ok&gt;" in out and "<ok>" not in out
    assert "Searched as" not in render.answer_html(_record())
