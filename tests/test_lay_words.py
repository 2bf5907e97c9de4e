"""Lay expressions in a question are searched in the clinical words the corpus uses."""
from __future__ import annotations

import pytest

from qa.lay_words import LayWords
from qa.settings import Settings

CLINIC = [
    "The tubular retractor holds the muscles apart. Those with physically demanding jobs need longer.",
    "Spondylolisthesis: a vertebra slips forward. Smaller incisions reduce the risk of infection.",
    "MISS still carries surgical risks and complications. Most fusions need an overnight stay. Imaging such as MRI.",
    "Patients are discharged from hospital sooner than after traditional open surgery.",
    "Regular follow-up visits to monitor healing. A herniated disc presses on a nerve.",
    "Compression fractures of a vertebra can be treated. A few conditions may warrant repeat surgery.",
]


@pytest.fixture(scope="module")
def words():
    return LayWords.from_texts(CLINIC)


@pytest.mark.parametrize("typed, searched", [
    ("how soon do they let you out of hospital?", "how soon do they discharged from hospital?"),
    ("will i need check ups?", "will i need follow-up visits?"),
    ("is a slipped disc fixable?", "is a herniated disc fixable?"),
    ("i have a crushed vertebra", "i have a vertebral compression fracture"),
    ("could i need another operation down the line?", "could i need repeat surgery, additional surgery?"),
    ("compared to the old open operation", "compared to traditional open surgery"),
    ("since my op", "since my surgery"),
    ("one bone in my back has slid forward", "one spondylolisthesis, vertebra slips forward"),
    ("will i get a germ in the wound", "will i get a infection in the wound"),
    ("what can still go wrong?", "risks and complications?"),
    ("do i need to sleep in the hospital?", "do i need to overnight stay?"),
    ("is it on my mri pictures?", "is it on my mri imaging?"),
    ("what does the tube thingy do", "what does the tubular retractor do"),
    ("i'm a builder, how long off work?", "i'm a physically demanding job, how long off work?"),
])
def test_lay_expressions_are_searched_in_clinical_words(words, typed, searched):
    assert words.rewrite(typed) == searched


@pytest.mark.parametrize("question", [
    "how long does recovery take?",          # nothing lay to rewrite
    "is the operation safe?",                # "operation" is plain English, and an operation is not an "op" to rewrite
    "does my pain get better with rest?",    # a person getting better is not the technique improving
    "does it hurt at night?",                # not an injury at work
    "is the optician open?",                 # "op" only as a whole word
    "can i cut my nails before surgery?",    # "cut" the verb is no incision
    "what is the scope of my insurance?",
    "i fell out of bed last night",
])
def test_other_wording_is_left_as_typed(words, question):
    assert words.rewrite(question) == question


@pytest.mark.parametrize("typed, searched", [
    ("why do ppl take longer w/ a fusion", "why do people take longer with a fusion"),
    ("can u drive b4 6 wks", "can you drive before 6 weeks"),
])
def test_text_shorthand_is_spelt_out(words, typed, searched):
    assert words.rewrite(typed) == searched


STAFF = LayWords.from_texts([
    "In most cases physical therapy starts 2 weeks after surgery. Each patient is different, and patients heal at their own pace.",
    "Out-of-pocket costs under Medicare. Treatment after a motor vehicle accident. Diagnosis and history.",
    "Workers' Compensation covers a work-related injury. Occupational therapy may help.",
    "MISS can be performed on patients with previous spinal surgeries.",
])


@pytest.mark.parametrize("typed, searched", [
    ("When does PT typically start post-op?", "When does physical therapy typically start after surgery?"),
    ("Medicare pt OOP for CPT 62380?", "Medicare patient out-of-pocket cost for CPT 62380?"),
    ("Pts w/ prior hx of fusion", "patients with prior history of fusion"),
    ("No-fault MVA: residual cost after tx?", "No-fault motor vehicle accident: residual cost after treatment?"),
    ("pre-op dx workup", "before surgery diagnosis workup"),
    ("will workers comp pay?", "will workers' compensation pay?"),
    ("i wrecked my back lifting boxes at my job, do i pay?", "i work-related injury, workers' compensation, do i pay?"),
    ("hurt my back lifting pallets at the warehouse", "work-related injury, workers' compensation"),
    ("he put his back out at his building job", "he work-related injury, workers' compensation"),
])
def test_clinical_shorthand_is_spelt_out(typed, searched):
    assert STAFF.rewrite(typed) == searched


@pytest.mark.parametrize("question", [
    "OT or PT first?",            # capitals: therapy; "or" is a word
    "is the pt ok",               # lower case: a patient
    "put me in the OR",           # never read: "or" is a common word
    "is the optometrist open",
    "i hurt my back at the gym",  # not at work
])
def test_shorthand_reads_capitals_and_words_alone(question):
    expected = {"OT or PT first?": "occupational therapy or physical therapy first?",
                "is the pt ok": "is the patient ok"}.get(question, question)
    assert STAFF.rewrite(question) == expected


@pytest.mark.parametrize("typed, searched", [
    ("i already had back surgery 10 years ago, can i have MISS?", "i had previous spinal surgeries 10 years ago, can i have MISS?"),
    ("ive had an open back operation before", "ive had previous spinal surgeries before"),
    ("had a back op back in 2009", "had previous spinal surgeries back in 2009"),
    ("after i had back surgery can i drive", "after i had back surgery can i drive"),  # this operation, not an earlier one
    ("i had back surgery last week, does it hurt before bed?", "i had back surgery last week, does it hurt before bed?"),
    ("i had a lumbar fusion 2 years ago", "i had a lumbar fusion 2 years ago"),     # a named operation is searched as typed
])
def test_an_earlier_back_operation_is_a_previous_spinal_surgery(typed, searched):
    assert STAFF.rewrite(typed) == searched


def test_shorthand_is_whole_words_only(words):
    assert words.rewrite("is it covered in the U.S. or UK?") == "is it covered in the U.S. or UK?"
    assert words.rewrite("my urologist said tho") == "my urologist said though"


def test_a_question_already_in_clinical_words_is_not_rewritten_into_them_again(words):
    # "join the vertebrae" would be "spinal fusion", which the question already says
    q = "what is used to join the vertebrae together in a spinal fusion?"
    assert LayWords.from_texts(["A spinal fusion joins vertebrae."]).rewrite(q) == q


def test_a_lone_lower_case_n_is_and_but_a_capital_n_is_left(words):
    assert words.rewrite("day n night") == "day and night"
    assert words.rewrite("Section N of the form") == "Section N of the form"


def test_a_corpus_that_uses_the_lay_expression_keeps_it():
    keyhole = LayWords.from_texts(["Keyhole surgery uses minimally invasive techniques and check ups."])
    assert keyhole.rewrite("is keyhole surgery safe?") == "is keyhole surgery safe?"
    assert keyhole.rewrite("do i need check ups?") == "do i need check ups?"


def test_clinical_words_the_corpus_never_uses_are_not_searched():
    unrelated = LayWords.from_texts(["Our bakery sells bread and cakes."])
    assert unrelated.rewrite("will i need check ups after my op?") == "will i need check ups after my op?"


def test_one_idea_said_twice_is_rewritten_once():
    w = LayWords.from_texts(["Light activities and daily activities resume sooner."])
    assert w.rewrite("light stuff like housework") == "light activities, daily activities like housework"


def test_the_subject_of_an_improving_technique_stays():
    w = LayWords.from_texts(["Improvements are continually being made."])
    assert w.rewrite("is the technique still getting better?") == "is the technique improvements, advancements?"
    assert w.rewrite("am i getting better?") == "am i getting better?"


def test_record_says_what_was_searched_and_triage_reads_the_words_typed(real_assistant):
    rec = real_assistant.ask("will i need check ups after the op?").to_record()
    assert rec["question"] == "will i need check ups after the op?"
    assert rec["searched_as"] == "will i need follow-up visits after the surgery?"
    # a red-flag report in lay words is still triaged from what the patient wrote
    urgent = real_assistant.ask("since my op i keep passing out").to_record()
    assert urgent["status"] == "urgent" and urgent["urgency"] == "emergency"


def test_setting_turns_it_off():
    assert Settings.load().lay_words is True
    assert Settings.load(overrides={"lay_words": False}).lay_words is False
