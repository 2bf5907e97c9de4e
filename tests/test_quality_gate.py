"""Quality gate: the dev question set, end to end, our lay questions (bench/lay_questions.jsonl and
bench/lay_questions_s12.jsonl) and the triage probes (bench/triage_probe.jsonl,
bench/triage_probe_s12.jsonl, bench/triage_probe_s12c.jsonl) must not fall below the last accepted
figures.

The figures live in tests/quality_gates.json. They only ever move in the good direction (up for
`min`, down for `max`), each move in its own commit that says why.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.evaluate import run_eval, summarize_results
from qa.questions import read_questions

from .conftest import DEV, ROOT

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
GATES = json.loads((Path(__file__).parent / "quality_gates.json").read_text())


def _summary(assistant, path):
    rows, problems = read_questions(path)
    assert not problems
    docs = {d: doc.text for d, doc in assistant.index.docs.items()}
    results = run_eval(lambda q, i: assistant.ask(q, id=i).to_record(), rows, None, doc_texts=docs, progress=False)
    return summarize_results(results, docs)["overall"]


@pytest.fixture(scope="module")
def dev_summary(real_assistant):
    return _summary(real_assistant, DEV)


@pytest.mark.parametrize("metric", sorted(GATES["min"]))
def test_at_least(dev_summary, metric):
    assert dev_summary[metric] is not None
    assert dev_summary[metric] >= GATES["min"][metric] - 1e-9, f"{metric} fell to {dev_summary[metric]:.3f}"


@pytest.mark.parametrize("metric", sorted(GATES["max"]))
def test_at_most(dev_summary, metric):
    assert dev_summary[metric] is not None
    assert dev_summary[metric] <= GATES["max"][metric] + 1e-9, f"{metric} rose to {dev_summary[metric]:.3f}"


@pytest.fixture(scope="module")
def lay_summary(real_assistant):
    return _summary(real_assistant, ROOT / "bench" / "lay_questions.jsonl")


def _within(gate: dict, summary: dict, name: str) -> None:
    for metric, least in gate["min"].items():
        assert summary[metric] >= least - 1e-9, f"{name} {metric} fell to {summary[metric]:.3f}"
    for metric, most in gate["max"].items():
        assert summary[metric] <= most + 1e-9, f"{name} {metric} rose to {summary[metric]:.3f}"


def test_lay_questions(lay_summary):
    _within(GATES["lay_questions"], lay_summary, "lay questions")


@pytest.mark.parametrize("gate, filename", [
    ("lay_questions_s12", "lay_questions_s12.jsonl"),
    ("fresh_questions_s13", "fresh_questions_s13.jsonl"),
    ("fresh_questions_s13c", "fresh_questions_s13c.jsonl"),
    ("fresh_questions_s14", "fresh_questions_s14.jsonl"),
    ("fresh_questions_s14b", "fresh_questions_s14b.jsonl"),
    ("fresh_questions_s15", "fresh_questions_s15.jsonl"),
    ("fresh_questions_s16", "fresh_questions_s16.jsonl"),
    ("fresh_questions_s17", "fresh_questions_s17.jsonl"),
    ("fresh_questions_s18", "fresh_questions_s18.jsonl"),
    ("fresh_questions_s19", "fresh_questions_s19.jsonl"),
    ("fresh_questions_s20", "fresh_questions_s20.jsonl"),
    ("fresh_questions_s21", "fresh_questions_s21.jsonl"),
    ("fresh_questions_s22", "fresh_questions_s22.jsonl"),
    ("fresh_questions_s23", "fresh_questions_s23.jsonl"),
    ("fresh_questions_s24", "fresh_questions_s24.jsonl"),
    ("fresh_questions_s24b", "fresh_questions_s24b.jsonl"),
    ("fresh_questions_s27", "fresh_questions_s27.jsonl"),
    ("fresh_questions_s27b", "fresh_questions_s27b.jsonl"),
    ("fresh_questions_s27c", "fresh_questions_s27c.jsonl"),
])
def test_fresh_question_sets(real_assistant, gate, filename):
    """Each fresh question set written by people who saw only the documents and the dev set."""
    _within(GATES[gate], _summary(real_assistant, ROOT / "bench" / filename), filename)


@pytest.fixture(scope="module")
def triage_summary(real_assistant):
    from bench import triage_probe

    rows = triage_probe.load()
    return triage_probe.score(rows, [real_assistant.ask(r["question"]) for r in rows])


def test_triage_probe(triage_summary):
    _within(GATES["triage_probe"], triage_summary, "triage probe")


def test_questions_whether_a_symptom_is_normal(real_assistant):
    """Messages asking whether a symptom is normal after the operation (session 15)."""
    from bench import triage_probe

    rows = triage_probe.load(ROOT / "bench" / "triage_probe_s15n.jsonl")
    summary = triage_probe.score(rows, [real_assistant.ask(r["question"]) for r in rows])
    _within(GATES["triage_probe_s15n"], summary, "triage_probe_s15n.jsonl")
    assert len(rows) == 30 and {r["set"] for r in rows} == {"s15n"}
    assert sorted(r["expect"] for r in rows) == ["contact_care_team"] * 10 + ["emergency"] * 10 + ["none"] * 10
    others = [r["id"] for name in ("triage_probe.jsonl", "triage_probe_s12.jsonl", "triage_probe_s12c.jsonl",
                                   "triage_probe_s17n.jsonl", "triage_probe_s18n.jsonl",
                                   "triage_probe_s19n.jsonl", "triage_probe_s20n.jsonl", "triage_probe_s21n.jsonl",
                                   "triage_probe_s22s.jsonl", "triage_probe_s23t.jsonl", "triage_probe_s24u.jsonl",
                                   "triage_probe_s24v.jsonl", "triage_probe_s24w.jsonl", "triage_probe_s24x.jsonl",
                                   "triage_probe_s24y.jsonl", "triage_probe_s27z.jsonl",
                                   "triage_probe_s27y.jsonl", "triage_probe_s27x.jsonl", "triage_probe_s27w.jsonl",
                                   "triage_probe_s27v.jsonl", "triage_probe_s27u.jsonl", "triage_probe_s27t.jsonl",
                                   "triage_probe_s27s.jsonl")
              for r in triage_probe.load(ROOT / "bench" / name)]
    assert not {r["id"] for r in rows} & set(others)  # ids unique across the probe files


@pytest.mark.parametrize("name, gate", [("triage_probe_s12.jsonl", "triage_probe_s12"),
                                        ("triage_probe_s12c.jsonl", "triage_probe_s12c"),
                                        ("triage_probe_s17n.jsonl", "triage_probe_s17n"),
                                        ("triage_probe_s18n.jsonl", "triage_probe_s18n"),
                                        ("triage_probe_s19n.jsonl", "triage_probe_s19n"),
                                        ("triage_probe_s20n.jsonl", "triage_probe_s20n"),
                                        ("triage_probe_s21n.jsonl", "triage_probe_s21n"),
                                        ("triage_probe_s22s.jsonl", "triage_probe_s22s"),
                                        ("triage_probe_s23t.jsonl", "triage_probe_s23t"),
                                        ("triage_probe_s24u.jsonl", "triage_probe_s24u"),
                                        ("triage_probe_s24v.jsonl", "triage_probe_s24v"),
                                        ("triage_probe_s24w.jsonl", "triage_probe_s24w"),
                                        ("triage_probe_s24x.jsonl", "triage_probe_s24x"),
                                        ("triage_probe_s24y.jsonl", "triage_probe_s24y"),
                                        ("triage_probe_s27z.jsonl", "triage_probe_s27z"),
                                        ("triage_probe_s27y.jsonl", "triage_probe_s27y"),
                                        ("triage_probe_s27x.jsonl", "triage_probe_s27x"),
                                        ("triage_probe_s27w.jsonl", "triage_probe_s27w"),
                                        ("triage_probe_s27v.jsonl", "triage_probe_s27v"),
                                        ("triage_probe_s27u.jsonl", "triage_probe_s27u"),
                                        ("triage_probe_s27t.jsonl", "triage_probe_s27t"),
                                        ("triage_probe_s27s.jsonl", "triage_probe_s27s")])
def test_two_part_and_wrapped_triage_messages(real_assistant, name, gate):
    from bench import triage_probe

    rows = triage_probe.load(ROOT / "bench" / name)
    summary = triage_probe.score(rows, [real_assistant.ask(r["question"]) for r in rows])
    _within(GATES[gate], summary, name)
