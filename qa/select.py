"""Answer selection: score (question, candidate sentence) pairs with the trained cross-encoder."""
from __future__ import annotations


def format_candidate(sentence: str, heading: str | None = None) -> str:
    """The text the selector reads for one candidate: its section heading, then the sentence.

    Training (`qa.train`) and inference build candidates with this one function, so the
    model always sees the same shape of input.

    >>> format_candidate("Avoid heavy lifting.", "Activity and Lifestyle")
    'Activity and Lifestyle: Avoid heavy lifting.'
    """
    heading = (heading or "").strip().rstrip(":?").strip()
    sentence = sentence.strip()
    return f"{heading}: {sentence}" if heading else sentence
