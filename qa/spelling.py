"""Typo repair for questions: "is it ok to go swimming while i'm recovring?" is searched as "... recovering?".

Patients type fast. A misspelt word is unknown to the lexical index and pulls the embedding and
the answer selector off course (the selector's probability for the right sentence of the question
above rises from 0.08 to 0.16 once the typo is fixed). Only words that are in neither an English
dictionary (pyspellchecker's word frequencies) nor the corpus are touched, and only when a known
word is one edit away; the corpus's own words (drug names, procedure codes, surgeons' names) are
never changed. Among the known words one edit away, the corpus's own words come first ("wund" is
searched as "wound", not the commoner "wind"; "swolen" as "swollen", not "stolen"). A word that
starts a longer corpus word is a shortening, not a typo, and is left alone ("workers comp" for
"compensation" is not searched as "workers come"). The question shown to the person and stored in the answer record stays as typed;
the record's `searched_as` says what was searched when it differs.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_CORPUS_WORD = re.compile(r"[a-z]+")
MIN_LENGTH = 4  # shorter words have too many neighbours one edit away to guess safely
# Contractions typed without their apostrophe are words, not typos: "dont" is not "don" (of the
# corpus's "don’t"), and the rules that read negation know them as typed.
BARE_CONTRACTIONS = frozenset(
    "dont doesnt didnt cant couldnt wont wouldnt shouldnt isnt arent wasnt werent havent hasnt hadnt "
    "mustnt neednt aint youre theyre thats whats wheres theres heres hows whos lets youve theyve weve "
    "youll theyll itll shes hes".split())


class SpellFixer:
    """Corrects unknown words of a question to a known word one edit away.

    >>> fixer = SpellFixer(["recovery", "discectomy"])
    >>> fixer.fix("is it ok to go swimming while i'm recovring?")
    "is it ok to go swimming while i'm recovering?"
    >>> fixer.fix("how long after a discetomy?")
    'how long after a discectomy?'
    >>> SpellFixer(["wound"]).fix("my wund is leaking")  # the corpus's word, not the commoner "wind"
    'my wound is leaking'
    >>> fixer.fix("Does Dr. Xyzzyq operate?")  # nothing one edit away: left alone
    'Does Dr. Xyzzyq operate?'
    >>> SpellFixer(["compensation"]).fix("does workers comp pay?")  # a shortening, not a typo
    'does workers comp pay?'
    >>> SpellFixer(["surgery", "surgeries"]).fix("after surger")  # one letter short: a typo
    'after surgery'
    >>> SpellFixer(["medications"]).fix("after taking the meds")  # a shortening's plural
    'after taking the meds'
    >>> SpellFixer(["don"]).fix("what if i dont have insurance")  # a contraction typed bare
    'what if i dont have insurance'
    """

    def __init__(self, corpus_words: Iterable[str] | dict[str, int] = ()):
        from spellchecker import SpellChecker

        self._checker = SpellChecker(distance=1)  # one edit: fast (well under a millisecond a word) and safe
        counts = corpus_words if isinstance(corpus_words, dict) else {w.lower(): 1 for w in corpus_words}
        self._corpus = {w.lower(): int(n) for w, n in counts.items()}
        self._sorted = sorted(self._corpus)
        # corpus words are known and can be the correction (one bulk load: adding words one at a
        # time recounts the whole dictionary each time)
        self._checker.word_frequency.load_json({w: 50 for w in self._corpus})

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "SpellFixer":
        return cls(dict(Counter(w for t in texts for w in _CORPUS_WORD.findall(t.lower()))))

    def correction(self, word: str) -> str | None:
        """The known word one edit away: the corpus's commonest, else the dictionary's commonest."""
        options = self._checker.candidates(word) or set()
        in_corpus = [w for w in options if w in self._corpus]
        if in_corpus:
            return max(in_corpus, key=lambda w: (self._corpus[w], self._checker.word_frequency[w], w))
        return self._checker.correction(word)

    def known(self, word: str) -> bool:
        return word.lower() in self._checker

    def shortens(self, word: str, min_extra: int = 3) -> bool:
        """Whether the word is the start of a corpus word at least `min_extra` letters longer
        ("comp" of "compensation", "rehab" of "rehabilitation"): a shortening, not a typo. A word
        that one more letter makes a corpus word ("surger", though "surgeries" starts with it) is
        still a typo. The plural of a shortening ("meds" of "medications") is one too."""
        w = word.lower()
        return self._starts_longer(w, min_extra) or (
            len(w) > 3 and w.endswith("s") and self._starts_longer(w[:-1], min_extra))

    def _starts_longer(self, w: str, min_extra: int) -> bool:
        from bisect import bisect_left

        i = bisect_left(self._sorted, w)
        longer = False
        while i < len(self._sorted) and self._sorted[i].startswith(w):
            extra = len(self._sorted[i]) - len(w)
            if extra == 1:
                return False
            longer = longer or extra >= min_extra
            i += 1
        return longer

    def fix(self, question: str) -> str:
        def repair(m: re.Match) -> str:
            word = m.group(0)
            if (len(word) < MIN_LENGTH or word.isupper() or "'" in word or word.lower() in BARE_CONTRACTIONS
                    or self.known(word) or self.shortens(word)):
                return word
            best = self.correction(word.lower())
            if not best or best == word.lower():
                return word
            return best[0].upper() + best[1:] if word[0].isupper() else best

        return _WORD.sub(repair, question)
