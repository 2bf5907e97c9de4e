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
    assert commoner in plain.fix(typed).split()  # what the dictionary alone would pick
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
