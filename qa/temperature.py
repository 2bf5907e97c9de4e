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
>>> [round(r.fahrenheit, 1) for r in readings("a bit of a temperature, 37.4, after the op")]
[99.3]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = r"(\d{2,3}(?:[.,]\d)?)"
_UNIT = r"(?:\s*(?:°|º|degrees?|deg)\s*)?(?:\s*(c|f|celsius|centigrade|fahrenheit)\b)?"
# A number is a temperature when a word about body heat comes shortly before it, or a unit of
# temperature right after it: "temp is 102", "fever of 38.9", "39.5°C", "101.5 degrees".
_HEAT = r"\b(?:temp|temps|temperature|temperatures|fever|fevers|thermometer|febrile|running\s+a)\b"
_READING = re.compile(
    _HEAT + r"(?:[\s,:]+\w+){0,4}?[\s,:=]+(?:of\s+|at\s+|around\s+|about\s+|over\s+|above\s+)?" + _NUMBER + _UNIT
    + r"|\b" + _NUMBER + r"(\s*(?:°|º|degrees?|deg)\s*(?:c|f|celsius|centigrade|fahrenheit)?\b"
    r"|\s*(?:°|º)|(?<=\d)(?:c|f)\b)",
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
        return f"temperature {value:.1f}".rstrip("0").rstrip(".") + (
            " degrees Fahrenheit" if self.unit == "F" else " degrees Celsius")


def _fahrenheit(number: str, unit: str | None) -> float | None:
    """A body temperature in degrees Fahrenheit, or None when the number cannot be one. Without a
    unit, 34-43 is read as Celsius and 93-110 as Fahrenheit."""
    value = float(number.replace(",", "."))
    unit = (unit or "").lower()[:1]
    if unit == "f" or (not unit and 93 <= value <= 110):
        return value if 93 <= value <= 110 else None
    if unit == "c" or (not unit and 34 <= value <= 43):
        return value * 9 / 5 + 32 if 34 <= value <= 43 else None
    return None


def readings(text: str) -> list[Reading]:
    """Every body temperature the text reports, in degrees Fahrenheit."""
    found = []
    for m in _READING.finditer(text):
        if m.group(1) is not None:
            number, unit = m.group(1), m.group(2)
        else:
            number, unit = m.group(3), re.sub(r"[^a-z]", "", (m.group(4) or "").lower()).replace("degrees", "").replace(
                "degree", "").replace("deg", "")
        value = _fahrenheit(number, unit or None)
        if value is not None:
            found.append(Reading(value, m.start(), m.end()))
    return found


def limit(line: str) -> Limit | None:
    """The temperature a warning line sets as its limit ("temperature more than 101 degrees
    Fahrenheit"), or None when it sets none."""
    m = _LIMIT.search(line)
    if not m:
        return None
    value = _fahrenheit(m.group(2), m.group(3))
    if value is None:
        return None
    unit_given = (m.group(3) or "").lower()[:1]
    unit = unit_given.upper() if unit_given else ("F" if float(m.group(2).replace(",", ".")) > 50 else "C")
    inclusive = m.group(1).lower() in ("at least", "of", ">=", "≥")
    return Limit(value, inclusive, unit)
