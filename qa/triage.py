"""Red-flag triage: match a patient's described symptoms to the corpus's own warning lists."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

import numpy as np

from .chunk import document_sentences
from .types import Document

EMERGENCY = "emergency"
CARE_TEAM = "contact_care_team"

# The person speaks about themself ("my wound", "I can't ...", "im dizzy").
_PERSONAL = re.compile(r"\b(i|i'm|im|i’m|i've|ive|i’ve|me|my|mine|myself)\b", re.IGNORECASE)
# General information questions ("what are the warning signs ...") are not reports of a symptom.
_GENERAL = re.compile(
    r"^\s*(what|which|list|tell me|are there|is there|how (common|often|likely))\b.*\b(risks?|symptoms?|signs?|complications?|side[- ]effects?|warning)\b",
    re.IGNORECASE,
)
# A negation cue and the few words it governs, up to a clause break. A lost ability or a thing that
# will not stop is a symptom, not its absence: "haven't been able to pee", "not able to move my
# toes", "bleeding that's not stopping" keep their words.
_NEGATION = re.compile(
    r"\b(no|not|never|without|none|denies|nor|don't|dont|don’t|haven't|havent|haven’t|hasn't|hasnt|didn't|didnt|"
    r"isn't|isnt|aren't|arent|can't\s+say|free\s+of)\b(?!\s+(?:been\s+)?(?:able|stop))"
    r"[^,.;:!?]*?(?=$|[,.;:!?]|\b(but|just|and i|though|although|however)\b)",
    re.IGNORECASE,
)
# Questions that open by asking for information or permission ("when can I ...", "is it ok to ...")
# report a symptom less often than statements do ("my wound is ..."), so they need a closer match.
_INFO_OPENER = re.compile(
    r"^\s*(when|can|could|will|would|should|shall|how|is it|am i|do i|does|what|which|where|why)\b", re.IGNORECASE
)
_CLAUSE_SPLIT = re.compile(r"\s*(?:[,;:]|\s-\s|\(|\)|\band/or\b|\bor\b|\band\b)\s*")
_MARK = re.compile(r"^\s*([-•–—*\\]\s*)+")


@dataclass(frozen=True)
class RedFlag:
    """One line of a warning list in the corpus, with the urgency its list implies."""

    doc_id: str
    start: int
    end: int
    text: str
    section: str
    urgency: str
    clauses: tuple[str, ...]


@dataclass(frozen=True)
class TriageMatch:
    flag: RedFlag
    score: float
    clause: str


def list_urgency(title: str, emergency_patterns: Iterable[str], care_patterns: Iterable[str]) -> str | None:
    """Which urgency a section heading announces, if it heads a warning list."""
    if any(re.search(p, title, re.IGNORECASE) for p in emergency_patterns):
        return EMERGENCY
    if any(re.search(p, title, re.IGNORECASE) for p in care_patterns):
        return CARE_TEAM
    return None


def find_red_flags(docs: Iterable[Document], emergency_patterns, care_patterns) -> list[RedFlag]:
    """Every line under a warning-list heading of any document, found by the heading's words."""
    flags = []
    for doc in docs:
        for s in document_sentences(doc):
            if s.is_heading or not s.section:
                continue
            urgency = list_urgency(s.section, emergency_patterns, care_patterns)
            if urgency is None:
                continue
            body = _MARK.sub("", s.text).strip()
            clauses = tuple(c for c in (x.strip(" .\\") for x in _CLAUSE_SPLIT.split(body)) if c and len(c) > 2)
            flags.append(RedFlag(doc.doc_id, s.start, s.end, s.text, s.section, urgency, (body, *clauses)))
    return flags


def strip_negated(question: str) -> str:
    """The question without negated phrases: "no fever, just curious" -> ", just curious".

    >>> strip_negated("no fever, just curious about recovery time")
    ', just curious about recovery time'
    >>> strip_negated("i haven't been able to pee since i got home")
    "i haven't been able to pee since i got home"
    """
    return _NEGATION.sub(" ", question).strip()


def describes_own_symptom(question: str) -> bool:
    """A report about the asker ("my wound is ..."), not a general question about warning signs."""
    return bool(_PERSONAL.search(question)) and not _GENERAL.search(question)


class Triage:
    """Scores a question against every red-flag line; one verb: `match`.

    The clauses of each line ("swelling of the legs", "sudden shortness of breath") are embedded
    once; a question matches a line when its (non-negated) text is close to one of its clauses.
    """

    def __init__(self, flags: list[RedFlag], embedder, threshold: float = 0.45, question_threshold: float = 0.7):
        self.flags = flags
        self.embedder = embedder
        self.threshold = threshold
        self.question_threshold = question_threshold
        self._owner: list[tuple[int, str]] = []
        self._vecs = None

    def warm_up(self) -> "Triage":
        if self._vecs is None:
            texts = []
            for i, f in enumerate(self.flags):
                for c in f.clauses:
                    self._owner.append((i, c))
                    texts.append(c)
            self._vecs = self.embedder.encode(texts) if texts else np.zeros((0, 384), np.float32)
        return self

    def match(self, question: str) -> TriageMatch | None:
        """The best-matching red-flag line if the question reports that symptom, else None."""
        scored = self.score(question)
        needed = self.question_threshold if _INFO_OPENER.match(question) else self.threshold
        if scored is None or scored.score < needed:
            return None
        return scored

    def score(self, question: str) -> TriageMatch | None:
        if not self.flags or not describes_own_symptom(question):
            return None
        text = strip_negated(question)
        if len(text.split()) < 2:
            return None
        self.warm_up()
        parts = [text, *(p for p in re.split(r"\s*(?:[,;]|\band\b|\bbut\b)\s*", text) if len(p.split()) >= 2)]
        sims = (self._vecs @ self.embedder.encode(parts).T).max(axis=1)  # best question part per clause
        best = int(np.argmax(sims))
        # choose the line: its best clause, plus a little for a second symptom it also explains
        per_line: dict[int, list[float]] = {}
        for (flag_i, _), sim in zip(self._owner, sims):
            per_line.setdefault(flag_i, []).append(float(sim))
        def line_score(i: int) -> float:
            top = sorted(per_line[i], reverse=True)
            return top[0] + 0.15 * (top[1] if len(top) > 1 and top[1] > 0.35 else 0.0)
        flag_i = max(per_line, key=line_score)
        clause_i = max((j for j, (f, _) in enumerate(self._owner) if f == flag_i), key=lambda j: sims[j])
        return TriageMatch(self.flags[flag_i], float(sims[best]), self._owner[clause_i][1])
