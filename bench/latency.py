"""Warm per-question latency of the full pipeline, by stage, over a question set.

    .venv/bin/python bench/latency.py [../shared/eval/dev.jsonl] [--repeat 3] [--selector trained|cosine]

Prints p50/p95 (ms) of the total and of each stage (retrieve, triage, select) and the
process's peak memory. Figures depend on the machine and its load: report them with both.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
from pathlib import Path

import numpy as np

from qa.assistant import Assistant
from qa.questions import read_questions
from qa.settings import Settings


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("questions", nargs="?", default="../shared/eval/dev.jsonl", type=Path)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--selector", default="trained", choices=["trained", "torch", "cosine"])
    args = p.parse_args()
    rows, _ = read_questions(args.questions)
    assistant = Assistant.from_settings(Settings.load(), selector=args.selector)
    for row in rows:  # warm every code path once
        assistant.ask(row.question)
    stages: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        for row in rows:
            for k, v in assistant.ask(row.question).timings_ms.items():
                stages.setdefault(k, []).append(v)
    out = {"questions": len(rows), "repeat": args.repeat, "selector": args.selector, "cpus": os.cpu_count(),
           "load_average_1min": round(os.getloadavg()[0], 2),
           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    for k, v in stages.items():
        out[k] = {"p50_ms": round(float(np.percentile(v, 50)), 1), "p95_ms": round(float(np.percentile(v, 95)), 1), "n": len(v)}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
