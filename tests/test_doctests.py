"""The examples in the library's docstrings are run as tests (they document real behaviour)."""
import doctest
import importlib

import pytest

MODULES = ["qa.select", "qa.answer_type", "qa.triage", "qa.lay_words", "qa.lay_terms", "qa.answer", "qa.chunk", "qa.clean",
           "qa.spelling", "qa.calibrate", "qa.train_data", "qa.metrics", "qa.questions"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    failed, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failed == 0, f"{failed} of {attempted} docstring examples in {name} failed"
