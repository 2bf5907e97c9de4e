"""The kinds of answer a question asks for (qa/answer_type.py), on patients', staff's and evaluators' wording."""
import pytest

from qa.answer_type import describe, expected_types, gives_all, satisfies, shares_subject


@pytest.mark.parametrize("question, kinds", [
    ("how long will i be in hospital?", {"duration"}),
    ("how soon can i go back to my desk job part time", {"duration"}),
    ("when can i drive again after the op", {"duration"}),
    ("when am i allowed to shower?", {"duration"}),
    ("when do my stitches come out?", {"duration"}),
    ("Typical OR time for an MI-TLIF?", {"duration"}),
    ("how many hours does the operation take", {"duration:hours"}),
    ("how many days before the op do i stop my blood thinners", {"duration:days"}),
    ("how quickly will i recover compared with open surgery?", {"speed"}),
    ("how long will the cut on my back be?", {"length"}),
    ("What percentage of patients get an infection?", {"percent"}),
    ("What share of the approved cost does Medicare cover?", {"percent"}),
    ("whats the success rate in percent for keyhole discectomy", {"percent"}),
    ("what % of people are pain free after?", {"percent"}),
    ("What is the purchase cost of the robotic systems?", {"amount"}),
    ("how much would i pay on medicare for a microdiscectomy", {"amount"}),
    ("whats the cash price for CPT 63030?", {"amount"}),
    ("In what year did Dr. Mir complete his fellowship?", {"year"}),
    ("Fax number for the Newport Beach office?", {"phone"}),
    ("how many vertebrae make up the spine?", {"count"}),
])
def test_kinds_asked_for(question, kinds):
    assert expected_types(question) == kinds


@pytest.mark.parametrize("question", [
    "when should i go to the emergency room?",  # a condition, not a time
    "when would they decide they cant wait and have to operate",
    "Which patient factors affect recovery time after MISS?",  # factors
    "why does my scar itch?",
    "does medigap pick up the 20 percent medicare doesn't?",  # a percentage given, not asked for
    "is the success rate high?",  # a judgement, not a figure
    "can i pick my toddler up once i'm home?",
    "Is the vaccine safe in pregnancy? How long does it protect the child?",  # two questions: either answer will do
])
def test_no_kind_asked_for(question):
    assert expected_types(question) == frozenset()


@pytest.mark.parametrize("kind, quote, ok", [
    ("duration", "Many patients can return to work within a few weeks.", True),
    ("duration", "Patients are discharged the same day.", True),
    ("duration", "Smaller incisions reduce the risk of infection.", False),
    ("duration:hours", "Full recovery can take a few months depending on the procedure.", False),
    ("duration:hours", "Most patients go home the same day.", True),
    ("speed", "Shorter hospital stays and quicker return to daily activities.", True),
    ("length", "Typically, incisions are less than an inch long.", True),
    ("percent", "Under Medicare, 80% of the approved cost is covered.", True),
    ("percent", "Like any surgery, MISS has risks, including infection.", False),
    ("amount", "CPT Code 62380 – Endoscopic Lumbar Discectomy: $410.41", True),
    ("amount", "Workers' Compensation will fully cover all treatment-related costs.", True),
    ("amount", "The only possible out-of-pocket cost may be a small deductible.", False),
    ("year", "He completed his fellowship in 2004.", True),
    ("phone", "Call (949) 555-0100 to book.", True),
    ("phone", "DISC Sports and Spine Center in Newport Beach.", False),
    ("count", "The spine is composed of 33 vertebrae.", True),
    ("duration", "Ae. aegypti has been established in North America for over 300 y.", True),  # a scientific text's units
    ("duration:hours", "Cells were infected for 1 h at 37°C.", True),
    ("percent", "approximately 900,000 of the estimated 6.3 million child deaths", True),
])
def test_what_a_quote_states(kind, quote, ok):
    assert satisfies(kind, quote) is ok
    assert gives_all(frozenset({kind}), quote) is ok


def test_subjects_and_notice_words():
    assert not shares_subject({"drive"}, {"return", "work", "week"})
    assert shares_subject({"worker"}, {"work"}) and not shares_subject({"car"}, {"cart"})  # 3 letters: no prefix
    assert shares_subject({"job"}, {"work"}, {"job": 1, "work": 1})
    assert gives_all(frozenset(), "anything")
    assert describe(frozenset({"duration:days"})) == "a time in days"
    assert describe(frozenset({"amount", "year"})) == "an amount or price or a year"
