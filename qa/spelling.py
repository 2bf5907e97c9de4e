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

Words the English dictionary lacks but consumer-health writing uses ("cpap", "xray") are known too:
`qa/data/health_words.txt`, the words MedQuAD (CC BY 4.0) uses at least three times that the
dictionary lacks, made by `python -m qa.spelling --medquad FILE`. A correction keeps the word's first
letter (typos there are rare: "cigs" is not "pigs", "xray" not "ray"), a letter typed for another is a
neighbouring key or one of the same sound ("seperate", "dissectomy"; "steri" is not "stern"), a word with no vowel is a
shorthand ("shld", "rlly"), a word one letter short of a double letter gets it ("swolen" is "swollen",
not "stolen"), and a four-letter word is corrected only to a word of the corpus ("auth" is not "auto").
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Iterable

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_CORPUS_WORD = re.compile(r"[a-z]+")
_COMPOUND = re.compile(r"\b[a-z]+(?:-[a-z]+)+\b")
MIN_LENGTH = 4  # shorter words have too many neighbours one edit away to guess safely
MIN_LENGTH_DICTIONARY = 5  # ... and a word this short goes only to a corpus word ("cpap" is not "crap")
HEALTH_WORDS = Path(__file__).parent / "data" / "health_words.txt"
_VOWEL = re.compile(r"[aeiou]", re.IGNORECASE)
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
    >>> SpellFixer.from_texts(["An x-ray shows the level."]).fix("will i need an xray")  # the corpus's own spelling
    'will i need an x-ray'
    >>> SpellFixer().fix("my leg is swolen, i still smoke a few cigs, shld i worry")
    'my leg is swollen, i still smoke a few cigs, shld i worry'
    """

    def __init__(self, corpus_words: Iterable[str] | dict[str, int] = (), known_words: Iterable[str] | None = None,
                 compounds: Iterable[str] = ()):
        from spellchecker import SpellChecker

        self._checker = SpellChecker(distance=1)  # one edit: fast (well under a millisecond a word) and safe
        counts = corpus_words if isinstance(corpus_words, dict) else {w.lower(): 1 for w in corpus_words}
        self._corpus = {w.lower(): int(n) for w, n in counts.items()}
        self._sorted = sorted(self._corpus)
        # corpus words are known and can be the correction (one bulk load: adding words one at a
        # time recounts the whole dictionary each time)
        self._checker.word_frequency.load_json({w: 50 for w in self._corpus})
        # the corpus's hyphenated words, by how they are typed run together: "xray" is searched as "x-ray"
        self._compounds = {c.lower().replace("-", ""): c.lower() for c in compounds}
        # words known but never offered as a correction
        self._known = frozenset(w.lower() for w in known_words) if known_words is not None else _health_words()

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "SpellFixer":
        texts = [t.lower() for t in texts]
        return cls(dict(Counter(w for t in texts for w in _CORPUS_WORD.findall(t))),
                   compounds={c for t in texts for c in _COMPOUND.findall(t)})

    def correction(self, word: str) -> str | None:
        """The known word one edit away: the corpus's commonest, else the dictionary's commonest."""
        options = [w for w in self._checker.candidates(word) or set()
                   if w != word and w[:1] == word[:1] and _plausible_slip(word, w)]
        doubled = [w for w in options if _doubles_a_letter(word, w)]
        in_corpus = [w for w in doubled or options if w in self._corpus]
        if in_corpus:
            return max(in_corpus, key=lambda w: (self._corpus[w], self._checker.word_frequency[w], w))
        if len(word) < MIN_LENGTH_DICTIONARY or not options:
            return None
        return max(doubled or options, key=lambda w: (self._checker.word_frequency[w], w))

    def known(self, word: str) -> bool:
        return word.lower() in self._checker or word.lower() in self._known

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
            compound = self._compounds.get(word.lower())
            if compound and word.lower() not in self._checker:  # (the corpus's words are in the checker too)
                return compound  # (not a word of its own: "keyhole" stays, though the corpus once writes "key-hole")
            if (len(word) < MIN_LENGTH or word.isupper() or "'" in word or word.lower() in BARE_CONTRACTIONS
                    or not _VOWEL.search(word) or self.known(word) or self.shortens(word)):
                return word
            best = self.correction(word.lower())
            if not best or best == word.lower():
                return word
            return best[0].upper() + best[1:] if word[0].isupper() else best

        return _WORD.sub(repair, question)


_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_AT = {ch: (r, c) for r, row in enumerate(_ROWS) for c, ch in enumerate(row)}


def _neighbours(a: str, b: str) -> bool:
    """Whether two letters are next to each other on a QWERTY keyboard: side by side in a row, or in
    rows next to each other, where a key touches the key above it and the one above and to the right
    ("a" touches "q" and "w")."""
    if a not in _KEY_AT or b not in _KEY_AT:
        return False
    (upper_row, upper_col), (lower_row, lower_col) = sorted((_KEY_AT[a], _KEY_AT[b]))
    if upper_row == lower_row:
        return abs(upper_col - lower_col) == 1
    return lower_row - upper_row == 1 and upper_col - lower_col in (0, 1)


# consonants written for each other by sound: "dissectomy" for "discectomy"
_SOUND_ALIKE = ({"c", "s"}, {"c", "k"})


def _plausible_slip(word: str, candidate: str) -> bool:
    """A candidate one letter different from the word (same length, not a swap of two letters) is a
    slip of the finger onto a neighbouring key, or a letter written for another of the same sound
    (a vowel for a vowel: "sentance"; "dissectomy"); any other
    edit (a letter missed, added, or two swapped) is always plausible."""
    if len(candidate) != len(word):
        return True
    diff = [i for i, (x, y) in enumerate(zip(word, candidate)) if x != y]
    if len(diff) != 1:
        return True
    x, y = word[diff[0]], candidate[diff[0]]
    return _neighbours(x, y) or (x in "aeiou" and y in "aeiou") or {x, y} in _SOUND_ALIKE


def _doubles_a_letter(word: str, candidate: str) -> bool:
    """Whether `candidate` is `word` with one of its letters doubled ("swolen" -> "swollen")."""
    return len(candidate) == len(word) + 1 and any(
        candidate == word[: i + 1] + word[i] + word[i + 1:] for i in range(len(word)))


def _health_words() -> frozenset[str]:
    """The shipped consumer-health words the dictionary lacks (empty, with a warning, if the file is missing)."""
    try:
        return frozenset(HEALTH_WORDS.read_text(encoding="utf-8").split())
    except OSError:
        import logging

        logging.getLogger(__name__).warning("%s is missing: typo repair may change health words", HEALTH_WORDS)
        return frozenset()


def build_health_words(medquad: Path, out: Path = HEALTH_WORDS, min_count: int = 3) -> int:
    """Write the words of MedQuAD's questions and answers (`medquad-answered.jsonl.gz`) that occur at
    least `min_count` times, have at least `MIN_LENGTH` letters and are not in the English dictionary,
    one a line, sorted. Returns how many."""
    import gzip
    import json

    from spellchecker import SpellChecker

    checker = SpellChecker(distance=1)
    counts: Counter = Counter()
    with gzip.open(medquad, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            for field in ("question", "answer"):
                counts.update(w.lower() for w in re.findall(r"[A-Za-z]+", row.get(field) or ""))
    words = sorted(w for w, n in counts.items() if n >= min_count and len(w) >= MIN_LENGTH and w not in checker)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(words) + "\n", encoding="utf-8")
    return len(words)


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="Build the consumer-health word list that typo repair treats as known.")
    ap.add_argument("--medquad", type=Path, default=Path("../shared/benchmarks/medquad/medquad-answered.jsonl.gz"))
    ap.add_argument("--out", type=Path, default=HEALTH_WORDS)
    ap.add_argument("--min-count", type=int, default=3)
    args = ap.parse_args()
    print(f"{build_health_words(args.medquad, args.out, args.min_count)} words -> {args.out}")
