"""The answer-phrase reader: marks the phrase inside a quoted answer that answers the question.

The answer stays the whole sentence the selector chose, quoted verbatim; the reader only marks
the phrase in it ("how old is Tom?" -> "62-year-old" inside "Tom, a 62-year-old patient with ...").
The model is trained by `python -m qa.train_reader` and ships as int8 ONNX in qa/models/reader/.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

import numpy as np

SHIPPED_READER = Path(__file__).parent / "models" / "reader"
MAX_LENGTH = 128  # word pieces of question + quote the reader reads (training uses the same)
_EDGE = " \t\n,;:.!?\"'()[]“”‘’–—-•"


def best_span(start_logits: np.ndarray, end_logits: np.ndarray, candidates: Sequence[int],
              max_tokens: int = 30) -> tuple[int, int, float]:
    """The (start, end) token pair among `candidates` (the sentence's tokens) with the highest
    start + end logit, end >= start and at most `max_tokens` long; and its softmax probability."""
    idx = np.asarray(candidates)
    s, e = start_logits[idx], end_logits[idx]
    scores = s[:, None] + e[None, :]
    n = len(idx)
    valid = np.triu(np.ones((n, n), dtype=bool)) & ~np.triu(np.ones((n, n), dtype=bool), k=max_tokens)
    scores = np.where(valid, scores, -np.inf)
    flat = int(np.argmax(scores))
    i, j = divmod(flat, n)
    finite = scores[valid]
    prob = float(np.exp(scores[i, j] - finite.max()) / np.exp(finite - finite.max()).sum())
    return int(idx[i]), int(idx[j]), prob


_YES_NO = re.compile(r"^\W*(is|are|was|were|am|can|could|will|would|should|shall|do|does|did|may|might|must|"
                     r"have|has|had)\b", re.IGNORECASE)


def asks_for_a_phrase(question: str) -> bool:
    """Whether a question asks for a fact a phrase can give ("how old is Tom?", "what does CPT 63020
    cost?"), not for a yes or no ("could the screws come loose?"): the reader learnt from SQuAD-style
    questions, which have no yes/no answers, and marks some arbitrary phrase for those.

    >>> asks_for_a_phrase("How old is Tom?"), asks_for_a_phrase("will i need check ups?")
    (True, False)
    """
    return not _YES_NO.match(question)


class SpanReader:
    """Marks the answer phrase in a quote with the shipped int8 ONNX reader.

    >>> SpanReader().warm_up().mark("how old is Tom?", "Tom, a 62-year-old patient, had surgery.")  # doctest: +SKIP
    (7, 18, 0.93)
    """

    name = "span reader (int8 ONNX)"

    def __init__(self, path: Path | str | None = None, threads: int = 1, min_probability: float = 0.0,
                 max_share: float = 0.8):
        self.path = Path(path) if path else SHIPPED_READER
        self.threads = threads
        self.min_probability = min_probability  # below this the phrase is not marked
        self.max_share = max_share  # a "phrase" this share of the quote or more is not worth marking
        self._session = None
        self._tokenizer = None

    def available(self) -> bool:
        return (self.path / "model.int8.onnx").exists() and (self.path / "tokenizer.json").exists()

    def warm_up(self) -> "SpanReader":
        if self._session is None:
            from .onnxrt import open_int8_model

            # threads that sleep between runs: it runs once between the selector's runs, and
            # busy-waiting threads here slowed the selector by 10-30 ms (docs/EVALUATION.md)
            self._session, self._tokenizer = open_int8_model(self.path, self.threads, MAX_LENGTH, "answer-phrase reader",
                                                             "python -m qa.train_reader", spin=False)
        return self

    def mark(self, question: str, quote: str) -> tuple[int, int, float] | None:
        """(start, end, probability) of the answer phrase inside `quote`, or None when there is
        no phrase worth marking (the reader is unsure, or the phrase is nearly the whole quote)."""
        if not question.strip() or not quote.strip():
            return None
        self.warm_up()
        from .onnxrt import encodings_feed

        enc = self._tokenizer.encode(question, quote)
        toks = [i for i, sid in enumerate(enc.sequence_ids) if sid == 1]
        if not toks:
            return None
        logits = self._session.run(None, encodings_feed([enc]))[0][0]
        s, e, prob = best_span(logits[:, 0], logits[:, 1], toks)
        a, b = enc.offsets[s][0], enc.offsets[e][1]
        while a < b and quote[a] in _EDGE:
            a += 1
        while b > a and quote[b - 1] in _EDGE:
            b -= 1
        if b <= a or prob < self.min_probability or (b - a) >= self.max_share * len(quote.strip()):
            return None
        return a, b, prob
