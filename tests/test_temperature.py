"""Temperature readings in a patient's message and the limits a warning line sets (qa/temperature.py)."""
from __future__ import annotations

import pytest

from qa.temperature import Limit, Reading, limit, mentions_heat, readings, without_readings


@pytest.mark.parametrize("text, fahrenheit", [
    ("i've had a fever of 38.9 since yesterday", [102.0]),  # Celsius by its range
    ("temp is 102 tonight", [102.0]),
    ("a bit of a temperature, 37.4, after the op", [99.3]),
    ("37.4C after surgery", [99.3]),
    ("temp 100.4F", [100.4]),
    ("it said 38.2 degrees", [100.8]),
    ("a fever of 38,9", [102.0]),  # a decimal comma
    ("running a 102 fever", [102.0]),
])
def test_readings_in_either_unit(text, fahrenheit):
    assert [round(r.fahrenheit, 1) for r in readings(text)] == fahrenheit


@pytest.mark.parametrize("text", [
    "i am 38 years old",
    "day 39 after the surgery",
    "i lost 40 lbs before my op",
    "my fever lasted 3 days",  # a number, but not a temperature
    "the fever came back at 7",
])
def test_numbers_that_are_not_temperatures(text):
    assert readings(text) == []


def test_limits_of_warning_lines():
    assert limit("temperature more than 101 degrees Fahrenheit") == Limit(101.0, False, "F")
    assert limit("a temperature of 38.5C or higher") == Limit(pytest.approx(101.3), True, "C")
    assert limit("high grade fever, with shivers") is None
    over = limit("temperature more than 101 degrees Fahrenheit")
    assert over.met_by(Reading(101.5, 0, 0)) and not over.met_by(Reading(101.0, 0, 0))
    assert over.words(Reading(102.02, 0, 0)) == "temperature 102 degrees Fahrenheit"
    assert limit("fever over 38 °C").words(Reading(102.2, 0, 0)) == "temperature 39 degrees Celsius"


def test_a_reading_is_taken_out_with_the_words_about_heat():
    text = "i had a bit of a temperature, 37.4, and my calf is hot"
    assert without_readings(text, readings(text)) == "i had   , and my calf is hot"
    assert mentions_heat("high grade fever") and mentions_heat("temperature more than 101 degrees Fahrenheit")
    assert not mentions_heat("with shivers associated with fatigue")
