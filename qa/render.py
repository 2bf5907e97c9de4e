"""Rendering: answer records, documents and tables as safe HTML / rows for the web app.

Every piece of text that comes from a document, a question or a record goes through
`html.escape` here, so the UI can put the result into an HTML component as it is. The
functions are pure: they take records (dicts, as `Answer.to_record()` makes them) and
document texts, and return strings or lists.

>>> rec = {"question": "<script>alert(1)</script>", "status": "no_answer", "answer": None,
...        "citations": [], "passages": [], "notice": "Not covered.", "confidence": 0.9}
>>> "<script>" in turn_html(rec)
False
"""
from __future__ import annotations

import html
from typing import Mapping, Sequence

# Confidence bands for an answered question: (lowest confidence, wording), highest first.
# The selector's probability is calibrated on the dev set (see the evaluation report's
# reliability curve); below `no_answer_threshold` the assistant declines instead.
CONFIDENCE_BANDS: tuple[tuple[float, str], ...] = (
    (0.8, "The documents answer this directly."),
    (0.65, "The documents appear to answer this — the source is shown below."),
    (0.0, "Closest match in the documents — check the source before relying on it."),
)
NO_ANSWER_ADVICE = ("What you can do: write the question down for your surgeon or care team. If you feel unwell "
                    "after surgery, call the clinic; in an emergency, call your local emergency number.")
URGENT_HEADINGS = {
    "emergency": "Seek emergency care now",
    "contact_care_team": "Contact your surgeon or care team today",
}
DISCLAIMER = ("This assistant quotes the clinic's patient information about minimally invasive spine surgery. "
              "It is not medical advice and does not know your own case. In an emergency, call your local "
              "emergency number.")
CONTEXT_CHARS = 700  # how much surrounding text a citation shows, in total


def e(value: object) -> str:
    """HTML-escape any value (None → empty string), quotes included (safe in attributes)."""
    return "" if value is None else html.escape(str(value), quote=True)


def confidence_hint(record: Mapping) -> str:
    """Plain-language wording of how well the documents answer, by status and confidence band.

    >>> confidence_hint({"status": "answered", "confidence": 0.93})
    'The documents answer this directly.'
    """
    status = record.get("status")
    if status == "urgent":
        return "This matches a warning sign listed in the clinic's documents."
    if status != "answered":
        return "The documents do not cover this question."
    conf = float(record.get("confidence") or 0.0)
    return next(text for low, text in CONFIDENCE_BANDS if conf >= low)


def context_window(text: str, start: int, end: int, max_chars: int = CONTEXT_CHARS) -> tuple[int, int]:
    """A `[a, b)` range around `[start, end)` to show as the surrounding passage.

    Grows by whole lines on both sides while the total stays within `max_chars` (the cited
    span itself is always kept whole).

    >>> t = "one\\ntwo\\nthree\\nfour"
    >>> context_window(t, 4, 7, 10)
    (0, 7)
    """
    start, end = max(0, start), min(len(text), end)
    a, b = start, end
    a = text.rfind("\n", 0, a) + 1  # start of the first cited line
    nl = text.find("\n", b)
    b = len(text) if nl < 0 else nl
    if (b - a) > max_chars:  # one long paragraph: a window of words around the span instead
        pad = max(0, (max_chars - (end - start)) // 2)
        lo, hi = max(a, start - pad), min(b, end + pad)
        if lo > a:
            sp = text.find(" ", lo, start)
            lo = start if sp < 0 else sp + 1
        if hi < b:
            sp = text.rfind(" ", end, hi)
            hi = end if sp < 0 else sp
        return lo, hi
    while True:
        grew = False
        if a > 0:
            prev = text.rfind("\n", 0, a - 1) + 1
            if (b - prev) <= max_chars:
                a, grew = prev, True
        if b < len(text):
            nl = text.find("\n", b + 1)
            nxt = len(text) if nl < 0 else nl
            if (nxt - a) <= max_chars:
                b, grew = nxt, True
        if not grew:
            return a, b


def marked(text: str, start: int | None, end: int | None, mark_id: str | None = None) -> str:
    """`text` escaped, with `[start, end)` wrapped in `<mark>` (no mark if the range is empty/invalid).

    >>> marked("a <b> c", 2, 5)
    'a <mark>&lt;b&gt;</mark> c'
    """
    if start is None or end is None or not (0 <= start < end <= len(text)):
        return e(text)
    attr = f' id="{e(mark_id)}"' if mark_id else ""
    return f"{e(text[:start])}<mark{attr}>{e(text[start:end])}</mark>{e(text[end:])}"


def _open_button(doc: str, start: int, end: int, label: str = "Open in Sources") -> str:
    return (f'<button type="button" class="qa-open" data-doc="{e(doc)}" data-start="{int(start)}" '
            f'data-end="{int(end)}">{e(label)} ↗</button>')


def quote_html(record: Mapping) -> str:
    """The first citation's quote, with the answer phrase (`answer_span`) or the whole quote marked."""
    cites = record.get("citations") or []
    if not cites:
        return ""
    quote = str(cites[0].get("quote") or record.get("answer") or "")
    span = record.get("answer_span")
    if span and len(span) == 2 and 0 <= span[0] < span[1] <= len(quote):
        body = marked(quote, int(span[0]), int(span[1]))
    else:
        body = f"<mark>{e(quote)}</mark>"
    where = e(cites[0].get("title") or cites[0].get("doc"))
    return f'<blockquote class="qa-quote">{body}<footer>— {where} <sup>[1]</sup></footer></blockquote>'


def citation_html(i: int, cite: Mapping, doc_text: str | None) -> str:
    """One numbered citation: title and section, expanding to the surrounding passage."""
    start, end = int(cite.get("start", 0)), int(cite.get("end", 0))
    if doc_text is not None and 0 <= start < end <= len(doc_text):
        a, b = context_window(doc_text, start, end)
        body = marked(doc_text[a:b], start - a, end - a)
        if a > 0 and doc_text[a - 1] != "\n":
            body = "… " + body
        if b < len(doc_text) and doc_text[b] != "\n":
            body += " …"
    else:
        body = f"<mark>{e(cite.get('quote'))}</mark>"
    section = cite.get("section")
    page = f", page {int(cite['page'])}" if cite.get("page") else ""
    label = f"{e(cite.get('title') or cite.get('doc'))}{' — ' + e(section) if section else ''}{page}"
    return (f'<li class="qa-cite"><details><summary><span class="qa-num">[{i}]</span> {label}</summary>'
            f'<div class="qa-context">{body}</div>'
            f'<div class="qa-cite-foot"><span class="qa-docid">{e(cite.get("doc"))} · characters {start}–{end}</span>'
            f'{_open_button(str(cite.get("doc")), start, end)}</div></details></li>')


def passages_html(passages: Sequence[Mapping], limit: int = 3) -> str:
    """The closest passages, collapsed, for a question the documents do not answer."""
    items = "".join(
        f'<li><span class="qa-sec">{e(p.get("section") or p.get("doc"))}</span>'
        f'<div class="qa-context">{e(p.get("text"))}</div>'
        f'{_open_button(str(p.get("doc")), int(p.get("start", 0)), int(p.get("end", 0)))}</li>'
        for p in list(passages)[:limit])
    if not items:
        return ""
    return (f'<details class="qa-closest"><summary>Closest passages in the documents (they do not answer '
            f'your question)</summary><ol>{items}</ol></details>')


# Inline SVG icons: no emoji font or icon CDN needed (phones and kiosks without emoji fonts).
_THUMB = ('<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false"{flip}>'
          '<path fill="currentColor" d="M2 21h4V9H2v12zm20-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79'
          '-.44-1.06L13.17 1 6.59 7.59C6.22 7.95 6 8.45 6 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05'
          'c.09-.23.14-.47.14-.73v-2z"/></svg>')
RATING_LABELS = {"up": "Helpful", "down": "Not helpful"}


def feedback_html(turn: int, feedback: Mapping | None = None) -> str:
    """Thumbs up/down and an optional comment for answer number `turn` (0-based)."""
    rating = (feedback or {}).get("rating")
    comment = (feedback or {}).get("comment") or ""
    thanks = ""
    if rating in RATING_LABELS:
        thanks = f'<span class="qa-thanks" role="status">Thanks — saved as “{RATING_LABELS[rating].lower()}”.</span>'
    buttons = "".join(
        f'<button type="button" class="qa-rate{" qa-chosen" if rating == r else ""}" data-rating="{r}" '
        f'aria-pressed="{"true" if rating == r else "false"}" title="{label}">'
        f'{_THUMB.format(flip=flip)}<span>{label}</span></button>'
        for r, label, flip in (("up", RATING_LABELS["up"], ""),
                               ("down", RATING_LABELS["down"], ' style="transform:scaleY(-1)"')))
    send = ('<button type="button" class="qa-send" title="Save the comment with your rating">Send comment</button>'
            if rating in RATING_LABELS else "")
    return (f'<div class="qa-feedback" data-turn="{int(turn)}" data-rated="{e(rating or "")}">'
            f'<span class="qa-ask-fb">Was this answer helpful?</span>{buttons}'
            f'<input type="text" class="qa-comment" maxlength="500" value="{e(comment)}" '
            f'placeholder="Optional comment" aria-label="Optional comment on this answer">{send}{thanks}</div>')


def answer_html(record: Mapping, doc_texts: Mapping[str, str] | None = None) -> str:
    """One answer record as HTML: urgent banner first, then the quote, hint and citations.

    `doc_texts` (doc id → text) lets each citation expand to its surrounding passage.
    """
    doc_texts = doc_texts or {}
    status = record.get("status")
    parts = []
    if status == "urgent":
        heading = URGENT_HEADINGS.get(record.get("urgency") or "", "Warning sign")
        parts.append(f'<div class="qa-urgent" role="alert"><div class="qa-urgent-head">⚠ {e(heading)}</div>'
                     f'<p>{e(record.get("notice"))}</p></div>')
        parts.append('<p class="qa-label">The clinic\'s documents list this warning sign:</p>')
        parts.append(quote_html(record))
    elif status == "answered":
        parts.append(quote_html(record))
        parts.append(f'<p class="qa-hint">{e(confidence_hint(record))}</p>')
    else:
        parts.append(f'<div class="qa-noanswer"><p>{e(record.get("notice") or confidence_hint(record))}</p>'
                     f'<p>{e(NO_ANSWER_ADVICE)}</p></div>')
    if record.get("searched_as"):
        parts.append(f'<p class="qa-hint">Searched as: “{e(record["searched_as"])}”</p>')
    cites = record.get("citations") or []
    if cites:
        items = "".join(citation_html(i, c, doc_texts.get(str(c.get("doc")))) for i, c in enumerate(cites, 1))
        parts.append(f'<div class="qa-sources-label">Sources (tap to see the passage)</div><ol class="qa-cites">{items}</ol>')
    elif status == "no_answer":
        parts.append(passages_html(record.get("passages") or []))
    return f'<div class="qa-answer qa-is-{e(status)}" data-status="{e(status)}">{"".join(parts)}</div>'


def turn_html(record: Mapping, doc_texts: Mapping[str, str] | None = None, turn: int | None = None,
              feedback: Mapping | None = None) -> str:
    """A question and its answer; with `turn`, the thumbs up/down widget too."""
    fb = feedback_html(turn, feedback) if turn is not None else ""
    return (f'<div class="qa-turn"><div class="qa-q"><div class="qa-bubble">{e(record.get("question"))}</div></div>'
            f'<div class="qa-a">{answer_html(record, doc_texts)}{fb}</div></div>')


def conversation_html(turns: Sequence[Mapping], doc_texts: Mapping[str, str] | None = None,
                      feedback_enabled: bool = True) -> str:
    """The whole conversation; each turn is `{"record": ..., "feedback": {...} | None}`."""
    if not turns:
        body = ('<div class="qa-empty">Ask a question about minimally invasive spine surgery — for example '
                'about recovery, risks or warning signs after surgery. Answers are quoted from the clinic\'s '
                'documents, with the source.</div>')
    else:
        body = "".join(turn_html(t["record"], doc_texts, i if feedback_enabled else None, t.get("feedback"))
                       for i, t in enumerate(turns))
    return f'<div class="qa-conv" role="log" aria-live="polite">{body}</div>'


# ---- Sources (staff) -------------------------------------------------------------------------
def document_html(doc, start: int | None = None, end: int | None = None) -> str:
    """A whole document, escaped, with `[start, end)` marked (`id="qa-mark"`) to scroll to."""
    text = doc.text
    ok = start is not None and end is not None and 0 <= int(start) < int(end) <= len(text)
    where = f"characters {int(start)}–{int(end)}" if ok else "no passage selected"
    section = doc.section_at(int(start)) if ok else None
    head = (f'<div class="qa-doc-head"><b>{e(doc.title)}</b> <span class="qa-docid">{e(doc.doc_id)} · '
            f'{len(text)} characters · {e(where)}{" · section: " + e(section.title) if section else ""}</span></div>')
    body = marked(text, int(start), int(end), "qa-mark") if ok else e(text)
    return f'<div class="qa-doc">{head}<div class="qa-doc-text">{body}</div></div>'


def hits_rows(hits) -> list[list]:
    """Search hits as table rows: rank, score, dense, lexical and sentence rank, found by, doc, section, start, end, text."""
    rows = []
    for i, h in enumerate(hits, 1):
        found = " + ".join(n for n, r in (("dense", h.dense_rank), ("lexical", h.lexical_rank),
                                          ("sentence", h.sentence_rank)) if r is not None)
        c = h.chunk
        rows.append([i, round(float(h.score), 4), h.dense_rank, h.lexical_rank, h.sentence_rank, found, c.doc_id,
                     c.section or "",
                     c.start, c.end, c.text])
    return rows


HITS_HEADERS = ["#", "score", "dense rank", "lexical rank", "sentence rank", "found by", "doc", "section", "start", "end", "text"]


def sections_rows(doc) -> list[list]:
    return [[s.title, s.start, s.end, s.end - s.start] for s in doc.sections]


SECTIONS_HEADERS = ["section", "start", "end", "characters"]


def status_html(status: Mapping) -> str:
    """The index status as a small table, with staleness spelled out."""
    reasons = status.get("stale_reasons") or []
    state = ('<span class="qa-ok">up to date</span>' if not reasons else
             '<span class="qa-stale">stale</span>: ' + "; ".join(e(r) for r in reasons))
    rows = [("state", state)]
    for key, label in (("model", "embedding model"), ("selector", "answer selector"), ("built_at", "built at"),
                       ("build_seconds", "build time (s)"), ("documents", "documents"), ("chunks", "chunks"),
                       ("index_type", "index type"), ("corpus", "corpus")):
        if status.get(key) is not None:
            rows.append((label, e(status[key])))
    body = "".join(f"<tr><th>{e(k)}</th><td>{v}</td></tr>" for k, v in rows)
    return f'<table class="qa-status">{body}</table>'


# ---- Evaluate -------------------------------------------------------------------------------
EVAL_HEADERS = ["id", "question", "status", "answer", "first citation", "correct"]


def eval_rows(results: Sequence[tuple[Mapping, Mapping]]) -> list[list]:
    """(record, gold) pairs as table rows; `correct` is yes/no where the gold allows a verdict, else blank."""
    from .metrics import prediction_correct

    rows = []
    for rec, gold in results:
        cite = (rec.get("citations") or [{}])[0]
        first = f"{cite.get('doc')} § {cite.get('section') or '—'}" if cite else ""
        verdict = prediction_correct(rec, gold) if (gold.get("kind") or gold.get("answers") or gold.get("answer")) else None
        rows.append([rec.get("id"), rec.get("question"), rec.get("status"), rec.get("answer") or "", first,
                     "" if verdict is None else ("yes" if verdict else "no")])
    return rows


# Headline metrics shown above the full report: (key, label, kind) with kind pct | f3 | ms | int.
SUMMARY_METRICS = (
    ("n", "questions", "int"), ("accuracy", "accuracy (kind-aware)", "pct"), ("answer_correct", "answer correct", "pct"),
    ("f1", "F1", "pct"), ("recall@5", "passage recall@5", "pct"),
    ("unanswerable_declined_rate", "unanswerable declined", "pct"), ("urgent_recall", "urgent recall", "pct"),
    ("false_urgent_rate", "false urgent", "pct"), ("citation_validity", "citation validity", "pct"),
    ("ece", "ECE", "f3"), ("latency_p50_ms", "latency p50", "ms"),
)


def summary_html(overall: Mapping) -> str:
    """The headline metrics as a row of small cards (absent metrics are left out, None shown as —)."""
    def fmt(v, kind):
        if v is None:
            return "—"
        return {"pct": f"{100 * float(v):.1f}%", "f3": f"{float(v):.3f}", "ms": f"{float(v):.0f} ms"}.get(kind, str(int(v)))

    cards = "".join(f'<div class="qa-metric"><div class="qa-metric-v">{e(fmt(overall.get(k), kind))}</div>'
                    f'<div class="qa-metric-k">{e(label)}</div></div>'
                    for k, label, kind in SUMMARY_METRICS if k in overall)
    return f'<div class="qa-metrics">{cards}</div>'


def problems_html(problems: Sequence[object]) -> str:
    """Skipped lines of an uploaded question set, or nothing."""
    if not problems:
        return ""
    items = "".join(f"<li>{e(p)}</li>" for p in problems)
    return f'<div class="qa-problems"><b>{len(problems)} line(s) skipped:</b><ul>{items}</ul></div>'


def report_iframe(report_html: str, height: int = 900) -> str:
    """The self-contained evaluation report inside a sandboxed iframe (its CSS stays inside).

    The sandbox allows no scripts; `allow-same-origin` only lets the browser paint it like a
    normal frame (an opaque-origin frame renders blank in headless Chromium screenshots).
    """
    return (f'<iframe class="qa-report" sandbox="allow-same-origin" title="Evaluation report" style="width:100%;height:{int(height)}px;'
            f'border:1px solid #ddd;border-radius:6px" srcdoc="{e(report_html)}"></iframe>')
