"""Typo repair: misspelt words are searched as the known word one edit away; nothing else changes."""
from __future__ import annotations

import pytest

from qa.settings import Settings
from qa.spelling import SpellFixer


@pytest.fixture(scope="module")
def fixer():
    return SpellFixer.from_texts(["After a microdiscectomy, Dr. Hamid Mir checks the ALIF/OLIF levels.",
                                  "Recovery takes weeks."])


@pytest.mark.parametrize("typed, searched", [
    ("is it ok to go swimming while i'm recovring?", "is it ok to go swimming while i'm recovering?"),
    ("will i need check ups after the operaton?", "will i need check ups after the operation?"),
    ("how long after a microdiscetomy", "how long after a microdiscectomy"),  # a corpus word is a correction too
    ("Recovring at home", "Recovering at home"),  # capital kept
])
def test_typos_are_repaired(fixer, typed, searched):
    assert fixer.fix(typed) == searched


@pytest.mark.parametrize("typed, corpus_word, commoner", [
    ("my wund is red", "wound", "wind"),
    ("my legs are swolen", "swollen", "stolen"),
    ("numbess in my foot", "numbness", "numbers"),
    ("the incision is leeking", "leaking", "seeking"),
])
def test_the_corpus_word_beats_a_commoner_english_word(typed, corpus_word, commoner):
    plain = SpellFixer.from_texts(["Recovery takes weeks."])
    # the commoner word is one edit away, but not by a plausible slip (first letter, keys far apart,
    # a missed double letter) or the word is too short to correct without the corpus
    assert commoner not in plain.fix(typed).split()
    clinic = SpellFixer.from_texts([f"Call us if you notice {corpus_word} after surgery."])
    assert corpus_word in clinic.fix(typed).split()


def test_the_corpus_commonest_of_two_corpus_words_wins():
    fixer = SpellFixer.from_texts(["wind wound wound"])
    assert fixer.fix("wund") == "wound"
    assert SpellFixer.from_texts(["wind wind wound"]).fix("wund") == "wind"


@pytest.mark.parametrize("question", [
    "Which regions of the spine does Dr. Hamid Mir specialize in?",  # names from the corpus
    "Medicare out-of-pocket for CPT 22558 (MIS ALIF/OLIF/XLIF)?",  # codes, acronyms, numbers
    "can i pick my toddler up once i'm home?",  # ordinary words
    "is a zxqvbnm normal",  # nothing one edit away
    "op ok?",  # short words are never guessed
])
def test_known_unknowable_and_short_words_are_left_alone(fixer, question):
    assert fixer.fix(question) == question


@pytest.mark.slow
def test_a_shortening_of_a_corpus_word_is_not_a_typo():
    fixer = SpellFixer.from_texts(["Workers' Compensation covers it. Rehabilitation follows surgery; surgeries vary."])
    # "comp" is one edit from "come", "rehab" from "rehash": but they start longer corpus words
    assert fixer.fix("does workers comp cover rehab?") == "does workers comp cover rehab?"
    # one letter short of a corpus word is still a typo, though "surgeries" also starts with it
    assert fixer.fix("how long after surger?") == "how long after surgery?"
    assert fixer.shortens("comp") and fixer.shortens("rehab") and not fixer.shortens("surger")


def test_record_keeps_the_question_as_typed_and_says_what_was_searched(real_assistant):
    typed = "is it ok to go swimming while i'm recovring?"
    rec = real_assistant.ask(typed).to_record()
    assert rec["question"] == typed
    assert rec["searched_as"] == "is it ok to go swimming while i'm recovering?"
    clean = real_assistant.ask("is it ok to go swimming while i'm recovering?").to_record()
    assert "searched_as" not in clean
    assert rec["status"] == clean["status"] and rec["answer"] == clean["answer"]


def test_setting_turns_it_off():
    assert Settings.load().fix_typos is True
    assert Settings.load(overrides={"fix_typos": False}).fix_typos is False


@pytest.mark.parametrize("typed", [
    "does my cpap machine matter",  # a health word the dictionary lacks (qa/data/health_words.txt)
    "had an xray yesterday",
    "i still smoke a few cigs",  # not "pigs": the first letter stays
    "shld i worry",  # no vowel: shorthand
    "i keep googling my symptoms",  # not "goggling": o and g are far apart on the keyboard
    "need prior auth for this",  # four letters go only to a corpus word ("auto" is not one)
])
def test_words_that_are_not_typos_are_left_alone(typed):
    assert SpellFixer.from_texts(["Recovery takes weeks."]).fix(typed) == typed


def test_plausible_slips():
    from qa.spelling import _doubles_a_letter, _neighbours, _plausible_slip

    assert _neighbours("s", "x") and _neighbours("g", "t") and not _neighbours("i", "n")
    assert _neighbours("a", "q") and _neighbours("q", "a") and not _neighbours("z", "q") and not _neighbours("q", "z")
    assert _plausible_slip("dissectomy", "discectomy")  # the same sound
    assert _plausible_slip("sentance", "sentence")  # a vowel for a vowel
    assert not _plausible_slip("tite", "time")
    assert _plausible_slip("freind", "friend")  # two letters swapped
    assert _doubles_a_letter("swolen", "swollen") and not _doubles_a_letter("swolen", "stolen")
    assert SpellFixer().fix("my legs are swolen") == "my legs are swollen"


def test_health_words_are_built_from_medquad(tmp_path):
    import gzip
    import json

    from qa.spelling import build_health_words

    src = tmp_path / "mq.jsonl.gz"
    rows = [{"question": "What is CPAP ?", "answer": "CPAP treats apnea. Use CPAP nightly; zzqx once."}]
    with gzip.open(src, "wt", encoding="utf-8") as f:
        f.write("\n".join(json.dumps(r) for r in rows) + "\n")
    out = tmp_path / "words.txt"
    assert build_health_words(src, out, min_count=3) == 1
    assert out.read_text().split() == ["cpap"]  # three times; "zzqx" once; "apnea" the dictionary knows
    assert SpellFixer(known_words=["cpap"]).known("CPAP") and not SpellFixer(known_words=[]).known("cpap")
