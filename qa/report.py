"""Evaluation report: one self-contained HTML file (inline CSS, inline SVG plots).

Tables of the headline metrics and their breakdown by kind and persona, a reliability
curve, a latency histogram, accuracy bars, and every failed question with the passages the
assistant retrieved. All text from documents, questions and records is HTML-escaped.

>>> from qa.evaluate import load_results, summarize_results  # doctest: +SKIP
>>> results = load_results("artifacts/eval/dev.results.jsonl")  # doctest: +SKIP
>>> write_report(summarize_results(results), results, "artifacts/eval/dev.html")  # doctest: +SKIP
"""
from __future__ import annotations

import datetime as _dt
import html
import io
import json
import logging
import re
from pathlib import Path
from typing import Mapping, Sequence

from qa.metrics import answer_correct, contains_gold, gold_answers, latencies_ms, prediction_correct

logger = logging.getLogger(__name__)

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em auto;max-width:1200px;
 color:#222;line-height:1.45;padding:0 1em}
h1{font-size:1.6em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.8em}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto}.plots{display:flex;flex-wrap:wrap;gap:1em}.plots figure{margin:0}
figcaption{font-size:.85em;color:#555}.muted{color:#777}
details{border:1px solid #e3e3e3;border-radius:4px;margin:.5em 0;padding:.3em .8em}
summary{cursor:pointer}.reason{color:#a40000;font-weight:600}
mark{background:#fff1a8}.passage{white-space:pre-wrap;max-width:60em}
"""

# (key, label, format) for headline and breakdown tables; "pct" = fraction shown as percent.
_METRICS = [
    ("n", "questions", "int"), ("n_scored", "scored", "int"), ("accuracy", "accuracy (kind-aware)", "pct"),
    ("answer_correct", "answer correct", "pct"), ("exact_match", "exact match (SQuAD)", "pct"),
    ("f1", "F1 (SQuAD)", "pct"), ("recall@1", "passage recall@1", "pct"), ("recall@3", "passage recall@3", "pct"),
    ("recall@5", "passage recall@5", "pct"), ("recall@10", "passage recall@10", "pct"), ("mrr", "MRR", "f3"),
    ("unanswerable_declined_rate", "unanswerable declined", "pct"),
    ("answerable_wrongly_declined_rate", "answerable wrongly declined", "pct"),
    ("urgent_recall", "urgent recall", "pct"), ("false_urgent_rate", "false urgent", "pct"),
    ("citation_validity", "citation validity", "pct"), ("ece", "ECE", "f3"),
    ("mean_confidence", "mean confidence", "f3"), ("latency_p50_ms", "latency p50 (ms)", "f1"),
    ("latency_p95_ms", "latency p95 (ms)", "f1"),
]


def _e(value: object) -> str:
    """HTML-escape any value (None → empty)."""
    return "" if value is None else html.escape(str(value), quote=True)


def _fmt(value: object, kind: str) -> str:
    if value is None:
        return '<span class="muted">—</span>'
    if kind == "int":
        return str(int(value))
    if kind == "pct":
        return f"{100 * float(value):.1f}%"
    return f"{float(value):.3f}" if kind == "f3" else f"{float(value):.1f}"


def _metric_rows(metrics: Mapping) -> list[tuple[str, str, str]]:
    return [(k, label, fmt) for k, label, fmt in _METRICS if k in metrics]


def headline_table(overall: Mapping) -> str:
    rows = "".join(f"<tr><th>{_e(label)}</th><td class='num'>{_fmt(overall.get(k), fmt)}</td></tr>"
                   for k, label, fmt in _metric_rows(overall))
    status = ", ".join(f"{_e(s)}: {int(n)}" for s, n in sorted((overall.get("status_counts") or {}).items()))
    return f"<table>{rows}<tr><th>statuses</th><td>{status}</td></tr></table>"


def breakdown_table(groups: Mapping[str, Mapping], by: str) -> str:
    if not groups:
        return f"<p class='muted'>No {by} labels in this question set.</p>"
    cols = _metric_rows(next(iter(groups.values())))
    head = f"<tr><th>{_e(by)}</th>" + "".join(f"<th>{_e(label)}</th>" for _, label, _ in cols) + "</tr>"
    body = "".join(f"<tr><th>{_e(name)}</th>" + "".join(f"<td class='num'>{_fmt(m.get(k), fmt)}</td>"
                                                          for k, _, fmt in cols) + "</tr>"
                   for name, m in groups.items())
    return f"<div class='scroll'><table>{head}{body}</table></div>"


def _plain(value: object, kind: str) -> str:
    return "-" if value is None else re.sub(r"<[^>]+>", "", _fmt(value, kind))


def format_summary(summary: Mapping) -> str:
    """A plain-text table of the headline metrics, overall and per kind, for a terminal.

    >>> print(format_summary({"overall": {"n": 2, "accuracy": 0.5, "f1": None}}).splitlines()[2])
    accuracy (kind-aware)           50.0%
    """
    groups = {"overall": summary["overall"], **(summary.get("by_kind") or {})}
    rows = _metric_rows(summary["overall"])
    width = max(len(label) for _, label, _ in rows) + 2 if rows else 10
    lines = ["metric".ljust(width) + "".join(f"{name:>14}" for name in groups)]
    for k, label, fmt in rows:
        lines.append(label.ljust(width) + "".join(f"{_plain(m.get(k), fmt):>14}" for m in groups.values()))
    return "\n".join(lines)


# --- plots ---------------------------------------------------------------------------------
def _svg(fig, salt: str) -> str:
    """A matplotlib figure as inline SVG (text kept as text; ids salted per plot)."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        fig.savefig(buf, format="svg", bbox_inches="tight")
    svg = buf.getvalue()
    return svg[svg.index("<svg"):]  # drop the XML declaration and DOCTYPE


def _figure(width: float = 5.0, height: float = 3.6):
    from matplotlib.figure import Figure  # no pyplot: leaves the global backend alone

    return Figure(figsize=(width, height), dpi=100)


def reliability_svg(bins: Sequence[Mapping]) -> str:
    fig = _figure()
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1], ls="--", color="#999", lw=1, label="perfect calibration")
    if bins:
        xs = [b["mean_confidence"] for b in bins]
        ys = [b["accuracy"] for b in bins]
        ax.plot(xs, ys, "-o", color="#1f5fa8", label="assistant")
        for b in bins:
            ax.annotate(str(b["count"]), (b["mean_confidence"], b["accuracy"]), textcoords="offset points",
                        xytext=(4, -10), fontsize=7, color="#555")
    ax.set(xlim=(0, 1), ylim=(0, 1.02), xlabel="mean confidence in bin", ylabel="accuracy in bin",
           title="Reliability (labels: questions per bin)")
    ax.legend(loc="lower right", fontsize=8)
    return _svg(fig, "reliability")


def latency_svg(latencies: Sequence[float]) -> str:
    fig = _figure()
    ax = fig.subplots()
    ax.hist(latencies, bins=min(30, max(5, len(latencies) // 3)), color="#4c8c4a")
    ax.set(xlabel="total latency per question (ms)", ylabel="questions", title="Latency")
    return _svg(fig, "latency")


def accuracy_svg(by_kind: Mapping[str, Mapping], by_persona: Mapping[str, Mapping]) -> str:
    fig = _figure(8.0, 3.4)
    axes = fig.subplots(1, 2, sharey=True)
    for ax, groups, title in ((axes[0], by_kind, "by kind"), (axes[1], by_persona, "by persona")):
        names = [n for n, m in groups.items() if m.get("accuracy") is not None]
        values = [groups[n]["accuracy"] for n in names]
        bars = ax.bar(names, values, color="#1f5fa8")
        for bar, n in zip(bars, names):
            ax.annotate(f"n={groups[n]['n_scored']}", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                        ha="center", va="bottom", fontsize=8)
        ax.set(ylim=(0, 1.1), title=f"Accuracy {title}")
        ax.tick_params(axis="x", labelsize=8, labelrotation=20)
    axes[0].set_ylabel("accuracy (kind-aware)")
    return _svg(fig, "accuracy")


def plots_html(summary: Mapping, results: Sequence[tuple[Mapping, Mapping]]) -> str:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        logger.warning("matplotlib is not installed; the report has no plots")
        return "<p class='muted'>Plots need matplotlib, which is not installed.</p>"
    figs = [(reliability_svg(summary["overall"].get("reliability") or []),
             "Reliability curve: accuracy against stated confidence, equal-width bins.")]
    lat = latencies_ms([r for r, _ in results])
    if lat:
        figs.append((latency_svg(lat), "Distribution of timings_ms.total."))
    if summary.get("by_kind") or summary.get("by_persona"):
        figs.append((accuracy_svg(summary.get("by_kind") or {}, summary.get("by_persona") or {}),
                     "Kind-aware accuracy per group (n = scored questions)."))
    return "<div class='plots'>" + "".join(f"<figure>{svg}<figcaption>{_e(cap)}</figcaption></figure>"
                                           for svg, cap in figs) + "</div>"


# --- failures ------------------------------------------------------------------------------
def failure_reason(record: Mapping, gold: Mapping) -> str:
    """A short human explanation of why a question counts as failed."""
    status, kind = record.get("status"), gold.get("kind")
    if kind == "unanswerable":
        return f"should decline, but status is {status}"
    if kind == "emergency":
        return f"missed a red flag: status is {status}, not urgent"
    if status == "no_answer":
        return "declined an answerable question"
    if status == "urgent":
        return "false urgent on an answerable question"
    if not contains_gold(record.get("answer"), gold_answers(gold)):
        return "answer does not contain a gold answer"
    cited = ((record.get("citations") or [{}])[0]).get("doc")
    return f"cited {cited}, expected {gold.get('doc')}" + (
        f" or {', '.join(gold.get('alt_docs') or [])}" if gold.get("alt_docs") else "")


def _highlight(text: str, golds: Sequence[str]) -> str:
    """Escape `text`, marking case-insensitive (whitespace-tolerant) occurrences of gold answers."""
    pats = [r"\s+".join(map(re.escape, g.split())) for g in sorted(golds, key=len, reverse=True) if g.split()]
    if not pats:
        return _e(text)
    out, pos = [], 0
    for m in re.finditer("|".join(pats), text, flags=re.IGNORECASE):
        out.append(_e(text[pos:m.start()]) + "<mark>" + _e(m.group()) + "</mark>")
        pos = m.end()
    return "".join(out) + _e(text[pos:])


def failure_html(record: Mapping, gold: Mapping) -> str:
    golds = gold_answers(gold)
    cite = (record.get("citations") or [{}])[0]
    fields = [
        ("question", _e(record.get("question") or gold.get("question"))),
        ("status", _e(record.get("status"))),
        ("confidence", _fmt(record["confidence"], "f3") if isinstance(record.get("confidence"), (int, float)) else ""),
        ("answer", _e(record.get("answer")) or "<span class='muted'>none</span>"),
        ("notice", _e(record.get("notice"))),
        ("first citation", _e(f"{cite.get('doc')} § {cite.get('section')}") if cite else ""),
        ("gold answer(s)", "<br>".join(_e(g) for g in golds) or "<span class='muted'>none</span>"),
        ("gold doc", _e(", ".join(d for d in [gold.get("doc"), *(gold.get("alt_docs") or [])] if d))),
        ("gold evidence", _e(gold.get("evidence"))),
    ]
    table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in fields if v)
    passages = record.get("passages") or []
    prows = "".join(
        f"<tr><td class='num'>{i}</td><td>{_e(p.get('doc'))}</td><td>{_e(p.get('section'))}</td>"
        f"<td class='num'>{_e(p.get('score'))}</td><td class='passage'>{_highlight(str(p.get('text') or ''), golds)}</td></tr>"
        for i, p in enumerate(passages, start=1))
    ptable = (f"<table><tr><th>#</th><th>doc</th><th>section</th><th>score</th><th>text</th></tr>{prows}</table>"
              if prows else "<p class='muted'>No passages retrieved.</p>")
    head = (f"<b>{_e(gold.get('id') or record.get('id'))}</b> · {_e(gold.get('kind'))} · {_e(gold.get('persona'))}"
            f" · <span class='reason'>{_e(failure_reason(record, gold))}</span>")
    return f"<details><summary>{head}</summary><table>{table}</table><p>Passages retrieved:</p>{ptable}</details>"


def failures(results: Sequence[tuple[Mapping, Mapping]]) -> list[tuple[Mapping, Mapping]]:
    """The (record, gold) pairs whose kind-aware verdict is wrong, in question order."""
    return [(r, g) for r, g in results if prediction_correct(r, g) is False]


# --- the page ------------------------------------------------------------------------------
def render_report(summary: Mapping, results: Sequence[tuple[Mapping, Mapping]], *,
                  title: str = "MISS-QA evaluation", meta: Mapping[str, object] | None = None) -> str:
    """The report as an HTML string (see `write_report`)."""
    overall = summary["overall"]
    stamp = _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    meta_rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, (dict, list, tuple)) else v)}</td></tr>"
                        for k, v in (meta or {}).items())
    failed = failures(results)
    wrong_doc = sum(1 for r, g in failed if g.get("kind") not in ("unanswerable", "emergency")
                    and contains_gold(r.get("answer"), gold_answers(g)) and not answer_correct(r, g))
    parts = [
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{_e(title)}</title>",
        f"<style>{_CSS}</style></head><body><h1>{_e(title)}</h1>",
        f"<p class='muted'>Generated {_e(stamp)} · {len(results)} questions · {len(failed)} failed.</p>",
        f"<table>{meta_rows}</table>" if meta_rows else "",
        "<h2>Headline metrics</h2>", headline_table(overall),
        "<p class='muted'>Rates are over eligible questions only; — means no eligible question. "
        "Answer metrics (answer correct, EM, F1, recall, MRR) use questions with gold answers; "
        "accuracy is kind-aware: answerable → answer correct, unanswerable → declined, "
        "emergency → urgent.</p>",
        "<h2>By kind</h2>", breakdown_table(summary.get("by_kind") or {}, "kind"),
        "<h2>By persona</h2>", breakdown_table(summary.get("by_persona") or {}, "persona"),
        "<h2>Plots</h2>", plots_html(summary, results),
        f"<h2>Failures ({len(failed)})</h2>",
        f"<p class='muted'>{wrong_doc} of these have a right answer from a wrong document. "
        "Gold answers found in retrieved passages are <mark>highlighted</mark>.</p>" if failed
        else "<p>No failed questions.</p>",
        "".join(failure_html(r, g) for r, g in failed),
        "</body></html>",
    ]
    return "\n".join(parts)


def write_report(summary: Mapping, results: Sequence[tuple[Mapping, Mapping]], path: str | Path, *,
                 title: str = "MISS-QA evaluation", meta: Mapping[str, object] | None = None) -> Path:
    """Write the HTML report to `path` (parents created) and return the path.

    `summary` is `qa.metrics.summarize(...)`; `results` the (record, gold) pairs it was made
    from; `meta` (model, index, settings ...) is shown in a table at the top.

    >>> write_report(summary, results, "artifacts/eval/dev.html", meta={"model": "bge-small"})  # doctest: +SKIP
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(summary, results, title=title, meta=meta), encoding="utf-8")
    logger.info("wrote report %s", path)
    return path
