"""Red-flag triage on the team's own patient messages (`bench/triage_probe.jsonl`).

    .venv/bin/python bench/triage_probe.py [--show-misses] [--out FILE]

The dev set has only five red-flag questions and few first-person messages that are not red
flags, so triage is also measured here: 213 messages we wrote in lay words, each marked with
the list the clinic's documents put it on (`emergency`, `contact_care_team`) or `none` (a
patient talking about themself without a warning sign: "my wound looks clean and dry, when can
I shower?"). `line_word`, where given, is a word of the warning line that should be quoted.

`use` says how a message was used: `tuned` messages were looked at while the triage rules were
written (sessions 6 and 7); `held-out` ones were written before the changes they measure and
only run to measure them: set `s7c` before session 7's changes; in session 9, set `s9` (25
messages) and `s9b` (22) before the lay-terms table (`qa/lay_terms.py`) was written, and `s9c`
(19) before it was coded, after the misses of `s9` and `s9b` had been seen; in session 10, set
`s10` (24) after the temperature comparison (`qa/temperature.py`) was built, and run once. Each held-out set is
also scored alone.

`bench/triage_probe_s12.jsonl` (run with `.venv/bin/python bench/triage_probe.py
bench/triage_probe_s12.jsonl --out docs/bench-results/triage-probe-s12.json`) holds session 12's
80 two-part messages, a report and a question in one ("my calf is swollen since the op, can i
still go for walks?"): sets `s12` and `s12b`, each run once on the code before the change that
reads the report part, then used to tune it (first-run figures in docs/EVALUATION.md).
`bench/triage_probe_s12c.jsonl` (30 messages, set `s12c`, held out) holds reports wrapped in a
question ("is it normal that my calf is swollen since the op?"), written while that reading was
coded and run once on it. `bench/triage_probe_s15n.jsonl` (30 messages, set `s15n`) asks whether a
symptom is normal after the operation ("is a fever of 101.8 normal after surgery?"), 10 of each
expectation, written in session 15 and run once before being used to tune. `bench/triage_probe_s17n.jsonl` (40
messages, set `s17n`) mixes every shape (plain reports, reports wrapped in a question, a report
with an unrelated question) with hard non-urgent messages (expected recovery, a denied symptom,
someone else's illness), written at the start of session 16 and run once before being used to
tune; `bench/triage_probe_s18n.jsonl` (40, set `s18n`), written the same way late in session 16 and
run once on its final code before being used to tune; `bench/triage_probe_s19n.jsonl` (40, set `s19n`),
written the same way at the start of session 17 and run once before being used to tune; and
`bench/triage_probe_s20n.jsonl` (40, set `s20n`), written during session 17 and run once after its
first triage changes; `bench/triage_probe_s21n.jsonl` (160, sets `s21n`, `s21o`, `s21p`, `s21q`), written one after
another in session 18 (the later ones with unusual lay wording and messages with no "I" or "my"), each
run once on the triage code of the moment before being used to tune, and set `s21r` (40 more, added in
session 19 the same way); `bench/triage_probe_s22s.jsonl` (40, set `s22s`), written in session 19 and
run once before being used to tune; `bench/triage_probe_s23t.jsonl` (40, set `s23t`), likewise in session 20;
`bench/triage_probe_s24u.jsonl`, `bench/triage_probe_s24v.jsonl`, `bench/triage_probe_s24w.jsonl` and
`bench/triage_probe_s24x.jsonl` (40 each, sets `s24u`, `s24v`, `s24w`, `s24x`), written one after the other in session 21, each run once on the triage code of the moment before being used to tune; and `bench/triage_probe_s24y.jsonl`
(40, set `s24y`), written at the end of session 21 and run once, then used to tune in session 22; and
`bench/triage_probe_s27z.jsonl`, `..._s27y.jsonl`, `..._s27x.jsonl`, `..._s27w.jsonl`, `..._s27v.jsonl` and
`..._s27u.jsonl` (40 each, sets `s27z` to `s27u`), written in session 22, each run once before being used to tune; and
`bench/triage_probe_s27t.jsonl` (40, set `s27t`), likewise; and `bench/triage_probe_s27s.jsonl` (40, set `s27s`),
written at the end of session 22 and run once, not tuned on. Prints, per group: urgent recall, right list, right line, false
urgent; writes them, with every miss, to `docs/bench-results/triage-probe.json`.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `qa` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import display_path, environment, load_average, results_path, write_result
from qa.assistant import Assistant
from qa.settings import Settings

PROBE = Path(__file__).with_name("triage_probe.jsonl")


def load(path: Path = PROBE) -> list[dict]:
    """The probe's messages, one JSON object a line."""
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def score(rows: list[dict], records: list) -> dict:
    urgent = [(g, r) for g, r in zip(rows, records) if g["expect"] != "none"]
    calm = [(g, r) for g, r in zip(rows, records) if g["expect"] == "none"]
    worded = [(g, r) for g, r in urgent if g.get("line_word")]

    def rate(pairs, ok):
        return round(sum(ok(g, r) for g, r in pairs) / len(pairs), 3) if pairs else None

    return {
        "red_flags": len(urgent),
        "urgent_recall": rate(urgent, lambda g, r: r.status == "urgent"),
        "right_list": rate(urgent, lambda g, r: r.status == "urgent" and r.urgency == g["expect"]),
        "right_line": rate(worded, lambda g, r: r.status == "urgent" and g["line_word"].lower() in (r.answer or "").lower()),
        "not_red_flags": len(calm),
        "false_urgent": rate(calm, lambda g, r: r.status == "urgent"),
    }


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("probe", nargs="?", default=PROBE, type=Path)
    p.add_argument("--show-misses", action="store_true", help="print every message triaged otherwise than expected")
    p.add_argument("--out", type=Path, default=None, help="results JSON (default: docs/bench-results/triage-probe.json)")
    args = p.parse_args()
    env = environment()
    rows = load(args.probe)
    assistant = Assistant.from_settings(Settings.load())
    records = [assistant.ask(g["question"]) for g in rows]
    metrics = {"all": score(rows, records)}
    for use in sorted({g["use"] for g in rows}):
        pick = [i for i, g in enumerate(rows) if g["use"] == use]
        metrics[use] = score([rows[i] for i in pick], [records[i] for i in pick])
    for name in sorted({g["set"] for g in rows if g["use"] == "held-out"}):  # each held-out batch alone
        pick = [i for i, g in enumerate(rows) if g["use"] == "held-out" and g["set"] == name]
        metrics[f"held-out {name}"] = score([rows[i] for i in pick], [records[i] for i in pick])
    misses = []
    for g, r in zip(rows, records):
        got = r.urgency if r.status == "urgent" else "none"
        if got != g["expect"]:
            misses.append({"id": g["id"], "use": g["use"], "question": g["question"], "expect": g["expect"],
                           "got": got, "status": r.status, "answer": r.answer})
    print("\n".join(f"{k}: {v}" for k, v in metrics.items()))
    if args.show_misses:
        for m in misses:
            print(f"{m['id']} want {m['expect']:17} got {m['got']:17} | {m['question']} | {(m['answer'] or '')[:70]}")
    env["load_average_end"] = load_average()
    out = write_result(args.out or results_path("triage-probe", False), {
        "benchmark": "triage-probe", "command": ".venv/bin/python bench/triage_probe.py",
        "data": display_path(args.probe), "messages": len(rows), "metrics": metrics, "misses": misses,
        "environment": env})
    print(f"results: {display_path(out)}")


if __name__ == "__main__":
    main()
