"""Evaluation metrics: pure functions over answer records (dicts) and gold rows (dicts).

A *record* is the answer record of `shared/eval/README.md` (`Answer.to_record()`); a *gold
row* is a line of a question set (`id`, `question`, and optionally `kind`, `persona`, `doc`,
`alt_docs`, `answers`, ...). Rates are fractions in [0, 1]; a metric with no eligible rows
is None, never 0.

>>> exact_match("The Cat!", ["a cat"]), round(f1_score("the black cat", ["cat"]), 3)
(1.0, 0.667)
"""
from __future__ import annotations

import bisect
import logging
import math
import re
import string
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Callable, Iterable, Mapping, Sequence

logger = logging.getLogger(__name__)

KINDS = ("answerable", "unanswerable", "emergency")
DEFAULT_KS = (1, 3, 5, 10)
_PUNCT = frozenset(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b", re.UNICODE)


# --- SQuAD v1.1 EM / F1 (same steps and order as the official evaluate-v1.1.py) -----------
def normalize_answer(s: str) -> str:
    """Lowercase, drop ASCII punctuation, drop the words a/an/the, collapse whitespace.

    >>> normalize_answer("  The  Quick, brown-fox  ")
    'quick brownfox'
    """
    s = "".join(ch for ch in s.lower() if ch not in _PUNCT)
    return " ".join(_ARTICLES.sub(" ", s).split())


def token_f1(prediction: str, gold: str) -> float:
    """SQuAD v1.1 token F1 of one prediction against one gold answer (0 when no overlap)."""
    pred, ref = normalize_answer(prediction).split(), normalize_answer(gold).split()
    same = sum((Counter(pred) & Counter(ref)).values())
    if same == 0:
        return 0.0
    precision, recall = same / len(pred), same / len(ref)
    return 2 * precision * recall / (precision + recall)


def _max_over(fn: Callable[[str, str], float], prediction: str, golds: Sequence[str]) -> float:
    if isinstance(golds, str):
        raise TypeError("gold answers must be a sequence of strings, not one string")
    if not golds:
        raise ValueError("no gold answers to score against")
    return max(fn(prediction or "", g) for g in golds)


def exact_match(prediction: str | None, golds: Sequence[str]) -> float:
    """1.0 if the normalised prediction equals any normalised gold answer (None counts as "")."""
    return _max_over(lambda p, g: float(normalize_answer(p) == normalize_answer(g)), prediction, golds)


def f1_score(prediction: str | None, golds: Sequence[str]) -> float:
    """Max SQuAD v1.1 token F1 over the gold answers (None counts as "").

    >>> f1_score(None, ["anything"])
    0.0
    """
    return _max_over(token_f1, prediction, golds)


def squad_v1_evaluate(dataset: Mapping, predictions: Mapping[str, str]) -> dict:
    """Score `{qid: answer}` on a SQuAD v1.1 JSON dataset like the official v1.1 script.

    A question without a prediction scores 0 (it stays in the denominator); predictions for
    unknown qids are ignored. Returns percentages: `{"exact_match": .., "f1": .., "total": ..}`.
    """
    em = f1 = 0.0
    total = 0
    for article in dataset["data"]:
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                total += 1
                if qa["id"] not in predictions:
                    continue
                golds = [a["text"] for a in qa["answers"]]
                em += exact_match(predictions[qa["id"]], golds)
                f1 += f1_score(predictions[qa["id"]], golds)
    return {"exact_match": 100.0 * em / total, "f1": 100.0 * f1 / total, "total": total}


# --- correctness of one record -----------------------------------------------------------
def _fold(s: str | None) -> str:
    """Case-insensitive, whitespace-normalised form used for containment checks."""
    return " ".join((s or "").split()).casefold()


def gold_answers(gold: Mapping) -> list[str]:
    """The gold row's acceptable answers (`answers`, else `[answer]`), empty ones dropped."""
    answers = gold.get("answers") or ([gold["answer"]] if gold.get("answer") else [])
    return [a for a in answers if a and a.strip()]


def contains_gold(text: str | None, golds: Sequence[str]) -> bool:
    """True if `text` contains any gold answer (case-insensitive, whitespace-normalised)."""
    folded = _fold(text)
    return bool(folded) and any(_fold(g) in folded for g in golds if _fold(g))


def answer_correct(record: Mapping, gold: Mapping) -> bool:
    """Right status, the answer contains a gold answer, and the first citation's doc is right.

    The expected status is "urgent" for `kind == "emergency"` rows and "answered" otherwise.
    Containment is one-way (answer ⊇ gold), so a long answer that quotes the gold sentence
    counts; EM/F1 are what penalise length. When the gold row has no `doc`, the doc is not
    checked. A gold row without answers is never answer-correct.

    >>> gold = {"kind": "answerable", "doc": "a.txt", "answers": ["an overnight stay"]}
    >>> rec = {"status": "answered", "answer": "Expect  an Overnight stay.",
    ...        "citations": [{"doc": "a.txt"}]}
    >>> answer_correct(rec, gold)
    True
    """
    golds = gold_answers(gold)
    expected = "urgent" if gold.get("kind") == "emergency" else "answered"
    if not golds or record.get("status") != expected or not contains_gold(record.get("answer"), golds):
        return False
    if not gold.get("doc"):
        return True
    citations = record.get("citations") or []
    return bool(citations) and citations[0].get("doc") in {gold["doc"], *(gold.get("alt_docs") or [])}


def prediction_correct(record: Mapping, gold: Mapping) -> bool | None:
    """The kind-aware verdict used for accuracy and calibration; None if the row can't be scored.

    unanswerable → declined (`no_answer`); emergency → `urgent`; otherwise (answerable, or no
    kind but gold answers) → `answer_correct`.
    """
    kind = gold.get("kind")
    if kind == "unanswerable":
        return record.get("status") == "no_answer"
    if kind == "emergency":
        return record.get("status") == "urgent"
    return answer_correct(record, gold) if gold_answers(gold) else None


def first_relevant_rank(record: Mapping, golds: Sequence[str]) -> int | None:
    """1-based rank of the first passage whose text contains a gold answer, or None."""
    for rank, passage in enumerate(record.get("passages") or [], start=1):
        if contains_gold(passage.get("text"), golds):
            return rank
    return None


def citations_valid(record: Mapping, doc_texts: Mapping[str, str]) -> bool | None:
    """Every citation quotes `doc_texts[doc][start:end]` exactly and the answer is in the first quote.

    None when there is nothing to check (no answer and no citations). A record with an answer
    but no citations, or citing a doc missing from `doc_texts`, is invalid.

    >>> citations_valid({"answer": "bc", "citations": [
    ...     {"doc": "d", "start": 1, "end": 4, "quote": "bcd"}]}, {"d": "abcde"})
    True
    """
    answer, citations = record.get("answer"), record.get("citations") or []
    if answer is None and not citations:
        return None
    if not citations:
        return False
    for c in citations:
        text = doc_texts.get(c.get("doc"))
        if text is None:
            logger.warning("citation of unknown doc %r", c.get("doc"))
            return False
        start, end = c.get("start"), c.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
            return False
        if text[start:end] != c.get("quote"):
            return False
    return answer is None or answer in citations[0]["quote"]


# --- aggregate metrics ----------------------------------------------------------------------
def _mean(values: Iterable[float | bool | None]) -> float | None:
    vals = [float(v) for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def recall_at_k(records: Sequence[Mapping], golds: Sequence[Mapping], k: int) -> float | None:
    """Share of rows with gold answers where one of the first k passages contains a gold answer."""
    ranks = [first_relevant_rank(r, gold_answers(g)) for r, g in zip(records, golds) if gold_answers(g)]
    return _mean(rank is not None and rank <= k for rank in ranks)


def mean_reciprocal_rank(records: Sequence[Mapping], golds: Sequence[Mapping]) -> float | None:
    """Mean of 1/rank of the first passage containing a gold answer (0 if none), over rows with answers."""
    ranks = [first_relevant_rank(r, gold_answers(g)) for r, g in zip(records, golds) if gold_answers(g)]
    return _mean(1.0 / rank if rank else 0.0 for rank in ranks)


def status_rate(records: Sequence[Mapping], golds: Sequence[Mapping], kinds: Iterable[str],
                status: str) -> float | None:
    """Share of rows whose gold `kind` is in `kinds` that got `status`.

    unanswerable declined = status_rate(.., {"unanswerable"}, "no_answer"); answerable wrongly
    declined = ({"answerable"}, "no_answer"); urgent recall = ({"emergency"}, "urgent"); false
    urgent = ({"answerable", "unanswerable"}, "urgent").
    """
    kinds = set(kinds)
    return _mean(r.get("status") == status for r, g in zip(records, golds) if g.get("kind") in kinds)


@dataclass(frozen=True)
class ReliabilityBin:
    """One equal-width confidence bin `[lo, hi)` (the last one includes 1.0)."""

    lo: float
    hi: float
    mean_confidence: float
    accuracy: float
    count: int


def reliability_bins(confidences: Sequence[float], correct: Sequence[bool], n_bins: int = 10) -> list[ReliabilityBin]:
    """Non-empty equal-width bins with their mean confidence and accuracy (the reliability curve).

    Confidences outside [0, 1] are clipped (with a warning); NaN is an error.
    """
    if len(confidences) != len(correct):
        raise ValueError("confidences and correct differ in length")
    edges = [i / n_bins for i in range(1, n_bins)]
    groups: dict[int, list[tuple[float, bool]]] = {}
    for c, ok in zip(confidences, correct):
        c = float(c)
        if math.isnan(c):
            raise ValueError("confidence is NaN")
        if not 0.0 <= c <= 1.0:
            logger.warning("confidence %r outside [0, 1]; clipped", c)
            c = min(1.0, max(0.0, c))
        groups.setdefault(bisect.bisect_right(edges, c), []).append((c, bool(ok)))
    return [
        ReliabilityBin(b / n_bins, (b + 1) / n_bins, sum(c for c, _ in grp) / len(grp),
                       sum(ok for _, ok in grp) / len(grp), len(grp))
        for b, grp in sorted(groups.items())
    ]


def expected_calibration_error(confidences: Sequence[float], correct: Sequence[bool], n_bins: int = 10) -> float | None:
    """ECE = Σ_bins (n_b / N) · |accuracy_b − mean confidence_b|; None for no predictions.

    >>> expected_calibration_error([0.9, 0.9, 0.2, 0.2], [True, False, False, False])
    0.3
    """
    bins = reliability_bins(confidences, correct, n_bins)
    n = sum(b.count for b in bins)
    if not n:
        return None
    return round(sum(b.count / n * abs(b.accuracy - b.mean_confidence) for b in bins), 12)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation (numpy's default); None if empty."""
    xs = sorted(float(v) for v in values)
    if not xs:
        return None
    pos = (len(xs) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def latencies_ms(records: Sequence[Mapping]) -> list[float]:
    """`timings_ms.total` of every record that has one."""
    out = []
    for r in records:
        total = (r.get("timings_ms") or {}).get("total")
        if isinstance(total, (int, float)) and not math.isnan(total):
            out.append(float(total))
    return out


# --- per-question verdicts and the summary --------------------------------------------------
def verdicts(record: Mapping, gold: Mapping, doc_texts: Mapping[str, str] | None = None) -> dict:
    """Everything `summarize` needs about one question, as a JSON-ready dict.

    Keys: correct, answer_correct, em, f1, first_relevant_rank, citations_valid (None where
    not applicable or when `doc_texts` is None).
    """
    golds = gold_answers(gold)
    has = bool(golds)
    return {
        "correct": prediction_correct(record, gold),
        "answer_correct": answer_correct(record, gold) if has else None,
        "em": exact_match(record.get("answer"), golds) if has else None,
        "f1": f1_score(record.get("answer"), golds) if has else None,
        "first_relevant_rank": first_relevant_rank(record, golds) if has else None,
        "citations_valid": citations_valid(record, doc_texts) if doc_texts is not None else None,
    }


def _calibration_pairs(records: Sequence[Mapping], vs: Sequence[dict]) -> tuple[list[float], list[bool]]:
    """(confidence, correct) of scorable records that carry a numeric confidence."""
    pairs = [(float(r["confidence"]), v["correct"]) for r, v in zip(records, vs)
             if v["correct"] is not None and isinstance(r.get("confidence"), (int, float))]
    return [c for c, _ in pairs], [ok for _, ok in pairs]


def _group_metrics(records: list[Mapping], golds: list[Mapping], vs: list[dict],
                   ks: Sequence[int], n_bins: int) -> dict:
    with_answers = [v for v, g in zip(vs, golds) if gold_answers(g)]
    conf, ok = _calibration_pairs(records, vs)
    lat = latencies_ms(records)
    out = {
        "n": len(records),
        "n_scored": sum(v["correct"] is not None for v in vs),
        "n_with_answers": len(with_answers),
        "accuracy": _mean(v["correct"] for v in vs),
        "answer_correct": _mean(v["answer_correct"] for v in with_answers),
        "exact_match": _mean(v["em"] for v in with_answers),
        "f1": _mean(v["f1"] for v in with_answers),
    }
    for k in ks:
        out[f"recall@{k}"] = recall_at_k(records, golds, k)
    out["mrr"] = mean_reciprocal_rank(records, golds)
    out["unanswerable_declined_rate"] = status_rate(records, golds, {"unanswerable"}, "no_answer")
    out["answerable_wrongly_declined_rate"] = status_rate(records, golds, {"answerable"}, "no_answer")
    out["urgent_recall"] = status_rate(records, golds, {"emergency"}, "urgent")
    out["false_urgent_rate"] = status_rate(records, golds, {"answerable", "unanswerable"}, "urgent")
    out["citation_validity"] = _mean(v["citations_valid"] for v in vs)
    out["ece"] = expected_calibration_error(conf, ok, n_bins)
    out["mean_confidence"] = _mean(conf)
    out["latency_p50_ms"] = percentile(lat, 50)
    out["latency_p95_ms"] = percentile(lat, 95)
    out["status_counts"] = dict(Counter(str(r.get("status")) for r in records))
    return out


def summarize(records: Sequence[Mapping], golds: Sequence[Mapping],
              doc_texts: Mapping[str, str] | None = None, *, ks: Sequence[int] = DEFAULT_KS,
              n_bins: int = 10) -> dict:
    """Headline metrics overall and by `kind` and `persona` (records and golds are parallel).

    Answer metrics (answer_correct, exact_match, f1, recall@k, mrr) are over rows with gold
    answers; `accuracy` and `ece` use `prediction_correct`; citation_validity is None when
    `doc_texts` is None. The overall group also carries the reliability curve.

    >>> s = summarize([{"id": "q1", "status": "no_answer", "answer": None, "confidence": 0.8}],
    ...               [{"id": "q1", "kind": "unanswerable", "persona": "patient"}])
    >>> s["overall"]["accuracy"], s["overall"]["f1"], s["by_kind"]["unanswerable"]["n"]
    (1.0, None, 1)
    """
    records, golds = list(records), list(golds)
    if len(records) != len(golds):
        raise ValueError(f"{len(records)} records but {len(golds)} gold rows")
    for r, g in zip(records, golds):
        if r.get("id") is not None and g.get("id") is not None and str(r["id"]) != str(g["id"]):
            raise ValueError(f"record id {r['id']!r} does not match gold id {g['id']!r}")
    vs = [verdicts(r, g, doc_texts) for r, g in zip(records, golds)]
    rows = list(zip(records, golds, vs))

    def group(key: str) -> dict:
        out = {}
        for value in sorted({str(g.get(key)) for g in golds if g.get(key) is not None}):
            sel = [t for t in rows if str(t[1].get(key)) == value]
            out[value] = _group_metrics([t[0] for t in sel], [t[1] for t in sel], [t[2] for t in sel], ks, n_bins)
        return out

    overall = _group_metrics(records, golds, vs, ks, n_bins)
    overall["reliability"] = [asdict(b) for b in reliability_bins(*_calibration_pairs(records, vs), n_bins)]
    return {"overall": overall, "by_kind": group("kind"), "by_persona": group("persona"),
            "settings": {"ks": list(ks), "n_bins": n_bins, "doc_texts": doc_texts is not None}}
