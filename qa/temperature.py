"""Body temperatures: the readings a patient reports and the limits a warning line sets.

A patient writes "a fever of 38.9", "my temp is 102" or "37.4C"; a clinic's list says
"temperature more than 101 degrees Fahrenheit". The sentence embedder cannot compare numbers, so
triage compares them here, in one unit, and tells the embedder only what the comparison found.

>>> [round(r.fahrenheit, 1) for r in readings("i've had a fever of 38.9 since yesterday")]
[102.0]
>>> limit("temperature more than 101 degrees Fahrenheit")
Limit(fahrenheit=101.0, inclusive=False, unit='F')
>>> readings("i'm 38 and had my op on day 39")
[]
>>> [r.fahrenheit for r in readings("running 103 and shaking with chills")], readings("running 40 minutes a day")
([103.0], [])
>>> [round(r.fahrenheit, 1) for r in readings("a bit of a temperature, 37.4, after the op")]
[99.3]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = r"(\d{2,3}(?:[.,]\d)?)"
_UNIT = r"(?:\s*(?:°|º|degrees?|deg)\s*)?(?:\s*(c|f|celsius|centigrade|fahrenheit)\b)?"
# words about body heat; with an intensity before them, as a phrase to take out of a message
_HEAT_WORD = r"temp|temps|temperatures?|fevers?|feverish|thermometer|febrile"
_HEAT_PHRASE = re.compile(r"\b(?:a\s+)?(?:bit\s+of\s+a\s+|little\s+|slight\s+|low\s+|mild\s+)?(?:" + _HEAT_WORD + r")\b",
                          re.IGNORECASE)
# A number is a temperature when a word about body heat comes shortly before it, or a unit of
# temperature right after it: "temp is 102", "fever of 38.9", "39.5°C", "37.4C", "101.5 degrees".
# "felt warm: 101.8", "running a 102", and "running 103" with a Fahrenheit number that is not a distance or a time
_HEAT = (r"\b(?:" + _HEAT_WORD + r"|running\s+a|(?:felt|feel|feels|feeling)\s+(?:warm|hot)|running(?=\s+(?:9[3-9]|10\d)(?:[.,]\d)?\b"
         r"(?!\s*(?:min|mile|km|k\b|m\b|meter|metre|yard|step|lap|hour|hr|sec|day|week|%))))\b")
_READING = re.compile(
    _HEAT + r"(?:[\s,:]+\w+){0,4}?[\s,:=]+(?:of\s+|at\s+|around\s+|about\s+|over\s+|above\s+)?" + _NUMBER + _UNIT
    + r"|\b" + _NUMBER + r"(?=\s*(?:°|º|deg)|(?:c|f)\b)" + _UNIT
    # the number first, the thermometer after: "38.7 on the thermometer this morning"
    + r"|\b" + _NUMBER + r"(?=\s+(?:on|from|by)\s+(?:the|my|a|our)\s+(?:\w+\s+){0,2}?(?:thermometer|temp)\b)()",
    re.IGNORECASE,
)
_LIMIT = re.compile(
    _HEAT + r"[^.;]*?\b(more\s+than|over|above|higher\s+than|greater\s+than|exceeding|at\s+least|of|>=?|≥)\s*"
    + _NUMBER + _UNIT,
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Reading:
    fahrenheit: float
    start: int
    end: int


@dataclass(frozen=True)
class Limit:
    fahrenheit: float
    inclusive: bool
    unit: str  # the unit the line itself uses, "F" or "C"

    def met_by(self, reading: Reading) -> bool:
        return reading.fahrenheit >= self.fahrenheit if self.inclusive else reading.fahrenheit > self.fahrenheit

    def words(self, reading: Reading) -> str:
        """The reading said as the line says temperatures: "temperature 102 degrees Fahrenheit"."""
        value = reading.fahrenheit if self.unit == "F" else (reading.fahrenheit - 32) * 5 / 9
        return f"temperature {value:.1f}".removesuffix(".0") + (
            " degrees Fahrenheit" if self.unit == "F" else " degrees Celsius")


def _fahrenheit(number: str, unit: str | None) -> tuple[float, str] | None:
    """A body temperature in degrees Fahrenheit and the unit it was given in ("F" or "C"), or None
    when the number cannot be one. Without a unit, 34-43 is read as Celsius and 93-110 as Fahrenheit."""
    value = float(number.replace(",", "."))
    unit = (unit or "").lower()[:1]
    if unit == "f" or (not unit and 93 <= value <= 110):
        return (value, "F") if 93 <= value <= 110 else None
    if unit == "c" or (not unit and 34 <= value <= 43):
        return (value * 9 / 5 + 32, "C") if 34 <= value <= 43 else None
    return None


def readings(text: str) -> list[Reading]:
    """Every body temperature the text reports, in degrees Fahrenheit."""
    found = []
    for m in _READING.finditer(text):
        at = next(i for i in (1, 3, 5) if m.group(i) is not None)
        number, unit = m.group(at), m.group(at + 1) or None
        value = _fahrenheit(number, unit)
        if value is not None:
            found.append(Reading(value[0], m.start(), m.end()))
    return found


def without_readings(text: str, found: list[Reading]) -> str:
    """The text with the readings found in it, and every word about body heat, taken out.

    >>> text = "i had a bit of a temperature, 37.4, after the op"
    >>> without_readings(text, readings(text))
    'i had   , after the op'
    """
    for r in sorted(found, key=lambda r: -r.start):  # "a bit of a" before a reading goes with it
        text = text[:r.start] + " temperature " + text[r.end:]
    return _HEAT_PHRASE.sub(" ", text).strip()


def mentions_heat(text: str) -> bool:
    """Whether the text speaks of body heat ("high grade fever", "temperature more than ...")."""
    return bool(_HEAT_PHRASE.search(text))


def limit(line: str) -> Limit | None:
    """The temperature a warning line sets as its limit ("temperature more than 101 degrees
    Fahrenheit"), or None when it sets none."""
    m = _LIMIT.search(line)
    value = _fahrenheit(m.group(2), m.group(3)) if m else None
    if value is None:
        return None
    return Limit(value[0], m.group(1).lower() in ("at least", "of", ">=", "≥"), value[1])
