"""The kind of answer a question asks for, and whether a quote can be one.

A question asking "how long", "what percentage", "how much does it cost", "in what year" or "what
is the fax number" is answered only by a passage that states a duration, a percentage, an amount,
a year or a phone number. When the chosen sentence states none, it does not give what was asked,
however close in topic it is ("how many hours does the operation take?" against "Full recovery can
take a few months"). Likewise a question asking how long or when is not answered by a sentence
about the time of something else (`shares_subject`: "when can I drive again?" against "Many
patients can return to work within a few weeks").

The tests below are lenient on the answer's side (any time word counts as a duration, "fully
cover" counts as an amount): a quote is ruled out only when it plainly cannot be the answer.

>>> sorted(expected_types("how many hours before the op do i stop eating"))
['duration:hours']
>>> satisfies("duration", "Most patients go home the same day.")
True
>>> satisfies("percent", "These risks are generally lower than with open surgery.")
False
"""
from __future__ import annotations

import re

DURATION, SPEED, LENGTH, PERCENT, AMOUNT, YEAR, PHONE, COUNT = ("duration", "speed", "length", "percent", "amount",
                                                               "year", "phone", "count")

_TIME_UNIT = r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|wks?|months?|years?|yrs?)"
_SUBJECT = r"(?:i|we|you|he|she|they|it|my|me|our|the|patients?|people|pts?)"

# what the question asks for
_ASKS = {
    DURATION: re.compile(
        r"\bhow (?:long|soon)\b|\bhow much time\b|\bhow many " + _TIME_UNIT + r"\b"
        r"|\bwhen (?:am i|are we|are you|is it (?:ok|okay|safe|fine))\b"
        r"|\bwhen (?:can|could|will|would) " + _SUBJECT
        + r"\b(?!.{0,30}\b(?:decide|decides|need|needs|require|requires|recommend|choose|consider|know|operate|"
          r"have to)\b)"
        r"|\bwhen (?:do|does|will) .{0,40}\b(?:start|begin|come out|taken out|be removed|heal|go away|stop|end)\b"
        r"|\b(?:typical|usual|average|avg|mean|expected|total|what(?:'s| is)?(?: the)?) "
        r"(?:or|operating|operative|surgical|procedure|operation|surgery|recovery|healing) (?:time|duration)\b",
        re.IGNORECASE),
    # "how quickly will I recover?" is answered by "a quicker return to daily activities" as well as by a time
    SPEED: re.compile(r"\bhow (?:quickly|fast)\b|\bhow much (?:faster|quicker|sooner|shorter)\b", re.IGNORECASE),
    PERCENT: re.compile(r"\b(?:what|which) (?:percentage|percent|proportion|fraction|share)\b|\bpercentage\b"
                        r"|\bhow many percent\b|\b(?:in|as an?) per ?cent\b|\bwhat %"
                        # the rate of an outcome asked for is a share of patients: "what's his success rate"
                        # (not "is the success rate high?", which a sentence calling it high answers)
                        r"|\b(?:what|what's|whats|which)\b[^?.]{0,30}\b(?:success|failure|complication|infection|fusion|revision|recurrence|re-?operation|"
                        r"satisfaction|mortality|death|cure|survival)\s+rates?\b", re.IGNORECASE),
    AMOUNT: re.compile(
        r"\bhow much\b.{0,40}\b(?:cost|costs|pay|paying|price|charge|charged|fee|fees|bill|owe|spend)\b"
        r"|\b(?:what|what's|whats)(?: is| are| does| would| will)?(?: the| it| a)? (?:cash |total |usual |typical |purchase |"
        r"list |retail |out-of-pocket )?"
        r"(?:cost|costs|price|fee|fees|charge)\b"
        r"|\bwhat (?:would|will|do|does|did) (?:i|we|you|a patient|patients|pts?|they) (?:have to )?pay\b"
        r"|\bprice\b", re.IGNORECASE),
    YEAR: re.compile(r"\b(?:what|which) (?:year|decade)\b"
                     r"|\bwhen was\b.{0,60}\b(?:first|invented|introduced|developed|founded|established|started)\b",
                     re.IGNORECASE),
    PHONE: re.compile(r"\b(?:phone|telephone|fax|cell|contact) ?(?:number|no\.?|#)|\bfax\b", re.IGNORECASE),
    COUNT: re.compile(r"\bhow many\b(?! " + _TIME_UNIT + r"\b)", re.IGNORECASE),
}

# "1 h", "15 min", "300 y" in a scientific text
_SHORT_UNIT = r"\b\d+(?:[.,]\d+)?\s?(?:h|hr|min|s|sec|d|wk|mo|y|yr)\b"

# what a quote must state to be such an answer
_GIVES = {
    DURATION: re.compile(r"\b" + _TIME_UNIT + r"\b|\b(?:same day|overnight|immediately|right away|straight away|"
                         r"today|tomorrow|tonight|a while)\b|" + _SHORT_UNIT, re.IGNORECASE),
    SPEED: re.compile(_SHORT_UNIT + r"|\b" + _TIME_UNIT + r"\b|\b(?:same day|overnight|immediately|right away|quick|quicker|quickly|"
                      r"fast|faster|soon|sooner|shorter|half the time|rapid|rapidly|early|earlier)\b", re.IGNORECASE),
    LENGTH: re.compile(r"\b(?:inch|inches|cm|mm|centimet(?:er|re)s?|millimet(?:er|re)s?|small|smaller|tiny|large|big|"
                       r"size|keyhole)\b", re.IGNORECASE),
    # a proportion given as counts ("900,000 of the estimated 6.3 million") or a fraction answers too
    PERCENT: re.compile(r"%|\bper ?cent\b|\b(?:half|a third|a quarter)\b|\b(?:one|1) in [\d,]+"
                        r"|\d[\d,.]*(?: million| billion)? (?:of|out of) (?:the |an? )?(?:estimated |total )?[\d,.]+",
                        re.IGNORECASE),
    AMOUNT: re.compile(r"\$\s?\d|\d\s?%|\bper ?cent\b|\b(?:free|no cost|no charge|nothing|"
                       r"fully (?:cover|covers|covered|paid)|cover(?:s|ed)? (?:all|the full|in full|100)|"
                       r"deductible of|no (?:[\w-]+ ){0,2}(?:costs?|expenses?|charges?|bills?|fees?))\b",
                       re.IGNORECASE),
    YEAR: re.compile(r"\b(?:1[89]\d\d|20\d\d)s?\b|\b(?:decades?|century|centuries)\b", re.IGNORECASE),
    PHONE: re.compile(r"\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b"),
    COUNT: re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                      r"dozens?|hundreds?|thousands?|few|several|many|most|single|both|multiple|numerous|couple)\b",
                      re.IGNORECASE),
}


# "how many hours?" is not answered by "a few months": a question naming a unit of time wants that
# unit or a neighbouring one
_SCALES = (("minutes", r"seconds?|minutes?|mins?|hours?|hrs?|\d+\s?(?:s|sec|min|h)"),
           ("hours", r"minutes?|mins?|hours?|hrs?|same day|overnight|(?:a|one|1) day|\d+\s?(?:min|h|hr)"),
           ("days", r"hours?|hrs?|days?|nights?|weeks?|same day|overnight|\d+\s?(?:h|hr|d|wk)"),
           ("weeks", r"days?|weeks?|wks?|months?|\d+\s?(?:d|wk|mo)"),
           ("months", r"weeks?|wks?|months?|years?|yrs?|\d+\s?(?:wk|mo|y|yr)"),
           ("years", r"months?|years?|yrs?|decades?|\d+\s?(?:mo|y|yr)"))
_UNIT_ASKED = {"minutes": r"minutes?|mins?", "hours": r"hours?|hrs?", "days": r"days?|nights?", "weeks": r"weeks?|wks?",
               "months": r"months?", "years": r"years?|yrs?"}
for _unit, _gives in _SCALES:
    _ASKS[f"{DURATION}:{_unit}"] = re.compile(r"\bhow many (?:" + _UNIT_ASKED[_unit] + r")\b", re.IGNORECASE)
    _GIVES[f"{DURATION}:{_unit}"] = re.compile(r"\b(?:" + _gives + r")\b", re.IGNORECASE)

# "in mL", "how many pounds": a question naming a unit of volume or weight wants a number in such a unit
VOLUME, WEIGHT, SIZE = "volume", "weight", "size"
_MEASURES = {
    VOLUME: (r"ml|mls|millilit(?:er|re)s?|cc|ccs|lit(?:er|re)s?|pints?",
             r"ml|mls|millilit(?:er|re)s?|cc|ccs|l|lit(?:er|re)s?|pints?"),
    WEIGHT: (r"mg|milligrams?|grams?|kg|kgs|kilos?|kilograms?|pounds?|lbs?|ounces?|oz",
             r"mg|milligrams?|g|grams?|kg|kgs|kilos?|kilograms?|pounds?|lbs?|ounces?|oz"),
}
for _kind, (_asked, _given) in _MEASURES.items():
    _ASKS[_kind] = re.compile(r"\b(?:in|how many)\s+(?:" + _asked + r")\b", re.IGNORECASE)
    _GIVES[_kind] = re.compile(r"\d[\d,.]*\s?(?:" + _given + r")\b", re.IGNORECASE)
# "diameter (mm)", "in cm", "how many inches": a size in a unit ("less than an inch" gives one)
# "the annual deductible amount", "how much is the copay": a sum of money, which a share ("80% of the
# approved cost ... once your deductible has been met") does not give
MONEY = "money"
_ASKS[MONEY] = re.compile(r"\b(?:deductible|co-?pay(?:ment)?|co-?insurance|premium)s? amounts?\b"
                          r"|\bhow much (?:is|are) (?:the |my |a |your )?(?:\w+ )?(?:deductible|co-?pay(?:ment)?|premium)s?\b",
                          re.IGNORECASE)
_GIVES[MONEY] = re.compile(r"\$\s?\d|\b\d[\d,.]*\s?(?:dollars|usd)\b|\bno (?:[\w-]+ ){0,2}(?:deductibles?|co-?pays?|premiums?|costs?)\b",
                           re.IGNORECASE)
_LENGTH_UNIT = r"mm|millimet(?:er|re)s?|cm|centimet(?:er|re)s?|inch|inches"
_ASKS[SIZE] = re.compile(r"\b(?:in|how many)\s+(?:" + _LENGTH_UNIT + r")\b|\((?:" + _LENGTH_UNIT + r")\)|\bdiameter\b",
                         re.IGNORECASE)
_GIVES[SIZE] = re.compile(r"(?:\d[\d,.]*|\ban?|\bone|\bhalf an?)\s?-?\s?(?:" + _LENGTH_UNIT + r")\b", re.IGNORECASE)

# "how long is the cut?" asks for a size; "how long will the scar take to fade?" for a time
_ASKS_SIZE = re.compile(r"\bhow (?:long|big|large|wide|small)\b(?:\W+\w+){0,6}?\W+(?:cuts?|incisions?|scars?|openings?|"
                        r"holes?|wounds?)\b", re.IGNORECASE)
_TIME_CUE = re.compile(r"\b(?:take|takes|last|lasts|heal|heals|fade|fades|until|till|til|before|after|again|stay|"
                       r"stays)\b", re.IGNORECASE)


def expected_types(question: str) -> frozenset[str]:
    """The kinds of answer the question asks for (empty for most questions).

    >>> sorted(expected_types("What percentage of patients get an infection?"))
    ['percent']
    >>> sorted(expected_types("how many of these has he done and whats his success rate"))
    ['count', 'percent']
    >>> sorted(expected_types("how much would i pay on medicare for a microdiscectomy"))
    ['amount']
    >>> sorted(expected_types("when should i go to the emergency room?"))
    []
    >>> sorted(expected_types("when can i drive again"))
    ['duration']
    >>> sorted(expected_types("how long will the cut on my back be?"))
    ['length']
    >>> sorted(expected_types("how long will my scar take to fade?"))
    ['duration']
    >>> sorted(expected_types("Is the vaccine safe? How long does it protect the child?"))
    []
    >>> sorted(expected_types("Avg EBL in mL for MI-TLIF vs open TLIF?")), sorted(expected_types("Avg OR time for MI-TLIF?"))
    (['volume'], ['duration'])
    >>> satisfies("volume", "Mean blood loss was 150 mL."), satisfies("volume", "less blood loss")
    (True, False)
    >>> sorted(expected_types("Recommended tubular retractor diameter (mm)?")), sorted(expected_types("what is the annual deductible amount"))
    (['size'], ['money'])
    >>> satisfies("size", "The incision is less than an inch long."), satisfies("size", "a small incision")
    (True, False)
    """
    if len([part for part in question.split("?")[:-1] if part.strip()]) > 1:
        return frozenset()  # two questions in one: an answer to either will do
    kinds = {kind for kind, pattern in _ASKS.items() if pattern.search(question)}
    if DURATION in kinds and _ASKS_SIZE.search(question) and not _TIME_CUE.search(question):
        kinds = (kinds - {DURATION}) | {LENGTH}
    if any(k.startswith(DURATION + ":") for k in kinds):
        kinds.discard(DURATION)
    return frozenset(kinds)


def satisfies(kind: str, text: str) -> bool:
    """Whether `text` states an answer of this kind.

    >>> satisfies("amount", "CPT Code 63030 – Minimally Invasive Lumbar Discectomy: $335.83")
    True
    >>> satisfies("amount", "The only possible out-of-pocket cost may be a small deductible.")
    False
    >>> satisfies("year", "He completed his fellowship at Cedars-Sinai in 2006.")
    True
    >>> satisfies("amount", "You will have no out-of-pocket expenses under an accepted claim.")
    True
    """
    return bool(_GIVES[kind].search(text))


def gives_all(kinds: frozenset[str], text: str) -> bool:
    """Whether `text` states an answer of every kind in `kinds` (True when there are none)."""
    return all(satisfies(k, text) for k in kinds)


# words of asking about time, not of what the time is for ("how soon can I go back ...")
ASKING_WORDS = frozenset(
    "time times long longer soon sooner quick quickly fast take takes taking minute minutes hour hours day days night "
    "nights week weeks month months year years few many several need needs able allowed again usually typically get go "
    "going back up before till til until im i'm roughly about realistically expect wait away last lasts have has had "
    "be being want wants know".split())


def asks_about_time(kinds: frozenset[str]) -> bool:
    """Whether the question asks how long or when."""
    return any(k == DURATION or k.startswith(DURATION + ":") for k in kinds)


# everyday words for the same thing to recover or return to, for that check: a patient asks when they
# can go back to their job, to the gym or home; a leaflet says work, sports, discharged
SUBJECT_GROUPS = (
    "heal heals healed healing recover recovered recovery mend",
    "job jobs work working worker workers employment office desk career shift",
    "home discharge discharged",
    "walk walking mobilization mobility ambulate",
    "gym sport sports exercise exercises workout workouts training football footy soccer rugby tennis golf "
    "running jogging swimming hiking cycling",
    "physio physiotherapy physiotherapist therapist therapy rehab rehabilitation",
    "stitch stitches staple staples suture sutures",
)


def shares_subject(asked: set[str], stated: set[str], groups: dict[str, int] | None = None) -> bool:
    """Whether a quote names one of the things a question asks the time of, as word stems; a stem that
    begins the other counts ("worker" and "work"), as do two stems of one group of `groups` (stem ->
    group number, from `SUBJECT_GROUPS`).

    >>> shares_subject({"drive", "car"}, {"return", "work", "week"})
    False
    >>> shares_subject({"offic", "worker"}, {"return", "work", "week"})
    True
    >>> shares_subject({"gym"}, {"exercis", "sport"}, {"gym": 4, "sport": 4})
    True
    """
    groups = groups or {}
    return any(a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))
               or (a in groups and groups.get(b) == groups[a]) for a in asked for b in stated)


_NAMES = {DURATION: "a time or duration", SPEED: "a time or speed", LENGTH: "a size", PERCENT: "a percentage", AMOUNT: "an amount or price",
          VOLUME: "a volume", WEIGHT: "a weight", SIZE: "a size in a unit of length", MONEY: "a sum of money",
          YEAR: "a year", PHONE: "a phone or fax number", COUNT: "a number"}


def describe(kinds: frozenset[str]) -> str:
    """The kinds in words, for a notice: "a percentage", "a time or duration or a number".

    >>> describe(frozenset({"percent"}))
    'a percentage'
    >>> describe(expected_types("how many hours does the operation take?"))
    'a time in hours'
    """
    return " or ".join(_NAMES.get(k) or f"a time in {k.split(':')[1]}" for k in sorted(kinds))
