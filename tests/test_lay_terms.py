"""The lay-symptom table: what it finds, and what it must leave alone."""
import pytest

from qa.lay_terms import clinical_terms


@pytest.mark.parametrize("message, term", [
    ("i passed out in the bathroom", "fainting"),
    ("i went down like a sack of potatoes in the shower", "fainting"),  # an idiom for collapsing
    ("my legs gave way on the stairs", "fainting"),
    ("my dressing is soaked with blood", "heavy bleeding"),
    ("blood keeps gushing from my incision", "heavy bleeding"),
    ("i've got welts all over", "hives"),
    ("my throat is closing up", "severe allergic reaction"),
    ("her words come out wrong", "trouble speaking"),
    ("his words are coming out all jumbled", "trouble speaking"),
    ("im so worn out since the op", "increased tiredness"),
    ("there's green gunk coming out of my wound", "pus, drainage from the wound"),
    ("the stitches came undone and the cut is gaping", "incision coming apart"),
    ("i haven't had a bowel movement in 6 days", "constipation, no bowel movement"),
    ("my fingers have gone white and freezing", "pale blue, white or cold fingers or toes"),
    ("it came out like nonsense when she tried to talk", "trouble speaking"),
    ("i can not pass water properly", "problems urinating"),
    ("i've lost feeling in my left foot", "numbness"),
    ("every day im getting more worn out instead of less", "increased tiredness"),
    ("taking the pain meds every 6 hours, but they're doing basically nothing", "poor pain relief"),
    ("the oxy isnt touching it", "poor pain relief"),  # a medicine by name; "isn't"
    ("the tylenol doesnt do anything for my back", "poor pain relief"),
    ("a heavy pressing sensation in the centre of my chest", "chest pressure or tightness"),
    ("the ache is now going down my left arm", "pain in left arm"),
    ("i am perspiring a great deal", "sweating, cool clammy skin"),
    ("teeth chattering under three blankets", "shivers, chills"),
    ("theyre kind of bluey and ice cold, right foot only", "pale blue, white or cold fingers or toes"),
    ("i cannot feel my toes", "numbness"),
    ("I not feel when my wife touch them", "numbness"),
    ("she tries but her toes just won't move", "inability to move fingers or toes"),
    ("he keeps asking for his brother who died years back", "confusion, change in mental status"),
    ("found the remote in the microwave, he put the remote in the microwave", "confusion, change in mental status"),
    ("half of the screen went black and i couldnt see the words", "changes in vision"),
    ("what she says doesn't make sense", "trouble speaking"),
    ("bumps all over my arms like nettle stings", "hives"),
    ("feel like im bursting but only a few drops come out", "problems urinating"),
    ("held a towel on it and the blood is soaking through", "heavy bleeding"),
])
def test_lay_expression_gets_its_clinical_name(message, term):
    assert term in clinical_terms(message)


@pytest.mark.parametrize("message", [
    "the swelling went down",  # not a collapse
    "the pain went down a lot since friday",
    "my first meal at home went down like a treat",  # an idiom for something welcome
    "my wound looks clean and dry",
    "i had a poo this morning",  # a bowel movement is no symptom; its absence is
    "no fever, poor sleep",  # "poor" is not "poo"
    "when can i drive again?",
    "my discs are just worn out with age",  # worn out, drained, shattered: only of a person
    "the wound drained a little",
    "a shattered vertebra",
    "i'm getting more active every day",  # more, but not more tired
    "the pain meds are doing their job",
    "my left arm is fine",
])
def test_ordinary_words_get_no_clinical_name(message):
    assert clinical_terms(message) == []
