"""Calibration: fit Platt scaling so the selector's top score reads as P(answer is right).

    python -m qa.calibrate [--model-dir DIR] [--seed 13]

Held-out data only (never the clinic documents, the dev questions or a reported test split):
COVID-QA's dev split and MedQuAD's held-out foci (excluded from training by `qa.train_data`).
Each question is asked twice, as the pipeline meets it: against a pool of 12 candidates that
holds its answer (correct when the answer ranks first) and against a pool from elsewhere that
does not (a right answer is impossible). Platt scaling fits sigmoid(a * top_logit + b) to those
outcomes, and a second fit adds the cosine of the top candidate to the question (the bundled
embedder; the candidate alone, as these sources have no headings): sigmoid(a * logit + c * cosine
+ b). `calibration.json` beside the model keeps both (the second under "with_cosine") and the fits'
figures; the pipeline uses the second.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

POOL = 12


def _covid_items(rng: random.Random, limit: int) -> list[dict]:
    from .train_data import COVID_DEV, load_json, split_sentences

    ds = load_json(COVID_DEV)
    paras = [p for art in ds["data"] for p in art["paragraphs"]]
    items = []
    for pi, para in enumerate(paras):
        spans = split_sentences(para["context"])
        for qa in para["qas"]:
            if not qa.get("answers"):
                continue
            start = qa["answers"][0]["answer_start"]
            gold = next((i for i, s in enumerate(spans) if s.start <= start < s.end), None)
            if gold is None:
                continue
            others = [s.text for i, s in enumerate(spans) if i != gold]
            pool = [spans[gold].text] + rng.sample(others, min(POOL - 1, len(others)))
            other_para = paras[(pi + 1 + rng.randrange(len(paras) - 1)) % len(paras)]
            foreign = [s.text for s in split_sentences(other_para["context"])]
            items.append({"question": qa["question"], "pool": pool, "foreign": rng.sample(foreign, min(POOL, len(foreign)))})
    rng.shuffle(items)
    return items[:limit]


def _medquad_items(rng: random.Random, limit: int, seed: int) -> list[dict]:
    from .train_data import MEDQUAD, load_medquad, medquad_eval_items, medquad_split

    _, heldout = medquad_split(load_medquad(MEDQUAD), seed)
    evals = medquad_eval_items(heldout, seed, max_questions=limit)
    items = []
    for k, it in enumerate(evals):
        pool = [it["candidates"][it["gold"]]] + [c for i, c in enumerate(it["candidates"]) if i != it["gold"]]
        other = evals[(k + 1 + rng.randrange(len(evals) - 1)) % len(evals)]
        items.append({"question": it["question"], "pool": pool[:POOL], "foreign": other["candidates"][:POOL]})
    return items


def fit_logistic(x: np.ndarray, y: np.ndarray, iters: int = 200) -> np.ndarray:
    """Logistic regression of y on the columns of x by Newton's method, with Platt's smoothed
    targets; returns one weight per column, then the intercept.

    >>> w = fit_logistic(np.array([[-2.0, 0.1], [-1.0, 0.3], [1.0, 0.2], [2.0, 0.4]]), np.array([0, 0, 1, 1]))
    >>> len(w), bool(w[0] > 0)
    (3, True)
    """
    x = np.hstack([np.asarray(x, dtype=np.float64).reshape(len(y), -1), np.ones((len(y), 1))])
    n_pos, n_neg = float(y.sum()), float(len(y) - y.sum())
    t = np.where(y > 0, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    w = np.zeros(x.shape[1])
    w[0] = 1.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-(x @ w)))
        h = (x * (p * (1 - p) + 1e-12)[:, None]).T @ x + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(h, x.T @ (p - t))
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w


def fit_platt(x: np.ndarray, y: np.ndarray, iters: int = 200) -> tuple[float, float]:
    """Logistic regression of y on x (one feature): Platt scaling.

    >>> a, b = fit_platt(np.array([-2.0, -1.0, 1.0, 2.0]), np.array([0, 0, 1, 1]))
    >>> a > 0 and abs(b) < 1e-6
    True
    """
    a, b = fit_logistic(np.asarray(x, dtype=np.float64)[:, None], y, iters)
    return float(a), float(b)


def _ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    idx = np.minimum((p * bins).astype(int), bins - 1)
    return float(sum(abs(p[idx == k].mean() - y[idx == k].mean()) * (idx == k).mean() for k in range(bins) if (idx == k).any()))


def main(argv=None) -> int:
    from .embed import Embedder
    from .select import OnnxSelector, SHIPPED_SELECTOR, format_candidate
    from .settings import Settings

    p = argparse.ArgumentParser(description="fit the selector's confidence calibration on held-out data")
    p.add_argument("--model-dir", type=Path, default=SHIPPED_SELECTOR)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--per-source", type=int, default=300)
    args = p.parse_args(argv)
    rng = random.Random(args.seed)
    sel = OnnxSelector(args.model_dir).warm_up()
    embedder = Embedder.from_settings(Settings.load()).warm_up()
    items = [("covid-qa-dev", it) for it in _covid_items(rng, args.per_source)]
    items += [("medquad-heldout", it) for it in _medquad_items(rng, args.per_source, args.seed)]
    xs, cs, ys = [], [], []
    for _, it in items:
        qvec = embedder.encode([it["question"]])[0]
        for pool, possible in ((it["pool"], True), (it["foreign"], False)):
            logits = sel.score(it["question"], [format_candidate(c) for c in pool])
            top = int(np.argmax(logits))
            xs.append(float(logits[top]))
            cs.append(float(embedder.encode([format_candidate(pool[top])])[0] @ qvec))
            ys.append(1.0 if possible and top == 0 else 0.0)
    x, c, y = np.array(xs), np.array(cs), np.array(ys)
    a, b = fit_platt(x, y)
    wa, wc, wb = (float(v) for v in fit_logistic(np.column_stack([x, c]), y))
    raw = 1 / (1 + np.exp(-x))
    cal = 1 / (1 + np.exp(-(a * x + b)))
    both = 1 / (1 + np.exp(-(wa * x + wc * c + wb)))
    out = {"a": a, "b": b, "method": "Platt scaling of the top candidate's logit", "seed": args.seed,
           "with_cosine": {"a": wa, "c": wc, "b": wb, "embedder": embedder.model_id,
                           "method": "logistic regression on the top candidate's logit and its cosine to the question",
                           "ece": round(_ece(both, y), 4)},
           "data": {"covid-qa-dev questions": sum(s == "covid-qa-dev" for s, _ in items),
                    "medquad-heldout questions": sum(s == "medquad-heldout" for s, _ in items),
                    "pools": len(xs), "answer possible": len(xs) // 2, "correct": int(y.sum())},
           "ece_raw_sigmoid": round(_ece(raw, y), 4), "ece_calibrated": round(_ece(cal, y), 4)}
    (args.model_dir / "calibration.json").write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
