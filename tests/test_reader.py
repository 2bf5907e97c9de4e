"""The answer-phrase reader: span decoding, training examples, and the shipped model."""
from __future__ import annotations

import logging

import numpy as np
import pytest

from qa.assistant import _reader
from qa.embed import ModelMissing
from qa.reader import SpanReader, asks_for_a_phrase, best_span
from qa.settings import Settings
from qa.train_reader import Example, encode, sentence_examples


def test_best_span_takes_the_highest_pair_with_end_after_start():
    start = np.array([0.0, 5.0, 1.0, 0.0, 9.0])
    end = np.array([0.0, 0.0, 4.0, 6.0, 0.0])
    # token 4 has the best start but nothing after it ends well: (4, 4) scores 9; (1, 3) scores 11
    s, e, p = best_span(start, end, [1, 2, 3, 4])
    assert (s, e) == (1, 3) and 0.0 < p <= 1.0
    # an end before its start is never chosen, even when its logit is high
    s, e, _ = best_span(np.array([0.0, 0.0, 9.0]), np.array([9.0, 0.0, 0.0]), [0, 1, 2])
    assert s <= e
    # at most max_tokens long
    s, e, _ = best_span(np.array([9.0, 0.0, 0.0, 0.0]), np.array([0.0, 0.0, 0.0, 9.0]), [0, 1, 2, 3], max_tokens=2)
    assert e - s < 2


def _squad(context, qas):
    return {"data": [{"title": "t", "paragraphs": [{"context": context, "qas": qas}]}]}


def test_training_examples_keep_answers_inside_one_sentence():
    ctx = "Tom had back pain. Tom, a 62-year-old patient, had surgery in May. He went home the next day."
    qas = [
        {"id": "1", "question": "How old is Tom?", "answers": [{"text": "62-year-old", "answer_start": ctx.index("62")}]},
        # crosses a sentence boundary: left out
        {"id": "2", "question": "What happened?", "answers": [{"text": "surgery in May. He went home",
                                                               "answer_start": ctx.index("surgery")}]},
        {"id": "3", "question": "Who paid?", "answers": [], "is_impossible": True},
        # answer_start that does not point at the text: left out
        {"id": "4", "question": "When?", "answers": [{"text": "May", "answer_start": 0}]},
    ]
    ex = sentence_examples(_squad(ctx, qas), "squad")
    assert len(ex) == 1
    e = ex[0]
    assert e.sentence == "Tom, a 62-year-old patient, had surgery in May." and e.sentence[e.start:e.end] == "62-year-old"


def test_encoded_positions_point_at_the_answer_tokens():
    from transformers import AutoTokenizer

    from qa.train_reader import SELECTOR_DIR

    tok = AutoTokenizer.from_pretrained(str(SELECTOR_DIR))
    sentence = "CPT Code 22558 – Anterior Lumbar Interbody Fusion: $368.50"
    a = sentence.index("$368.50")
    enc, starts, ends, keep = encode(tok, [Example("How much is CPT 22558?", sentence, a, a + 7, "t")])
    assert keep == [0]
    offs = enc["offset_mapping"][0].tolist()
    assert sentence[offs[starts[0]][0]:offs[ends[0]][1]] == "$368.50"


def test_a_missing_reader_model_is_reported_and_answers_go_on(tmp_path, caplog):
    reader = SpanReader(tmp_path)
    assert not reader.available()
    with pytest.raises(ModelMissing, match="qa.train_reader"):
        reader.warm_up()
    warned = []
    assert _reader(Settings.load(overrides={"reader_path": str(tmp_path)}), warn=warned.append) is None
    assert warned and "answer phrases will not be marked" in warned[0]
    assert _reader(Settings.load(overrides={"mark_answer_phrase": False})) is None


@pytest.fixture(scope="module")
def reader():
    r = SpanReader()
    if not r.available():
        pytest.fail("the shipped reader model is missing: run `python -m qa.train_reader`")
    return r.warm_up()


def test_the_shipped_reader_marks_the_phrase_that_answers(reader):
    cases = [
        ("how old is Tom?", "Tom, a 62-year-old patient with a herniated lumbar disc, underwent a discectomy.", "62"),
        ("What does Medicare pay for CPT 63030?", "CPT Code 63030 – Lumbar Discectomy (Tubular): $225.06", "225.06"),
        ("how long until i can go back to work?",
         "A typical office worker can start part time work within one to two weeks after surgery.", "two weeks"),
    ]
    for question, quote, expected in cases:
        found = reader.mark(question, quote)
        assert found is not None, question
        a, b, p = found
        phrase = quote[a:b]
        assert expected in phrase and len(phrase) < len(quote) and 0.0 < p <= 1.0
        assert phrase == phrase.strip(" ,.;:")  # no dangling punctuation at the edges


def test_nothing_is_marked_in_an_empty_quote_or_question(reader):
    assert reader.mark("", "Some sentence.") is None
    assert reader.mark("what?", "   ") is None


def test_yes_no_questions_get_no_phrase():
    for q in ("could the screws come loose?", "Will I need check ups?", "is it ok to swim?", "  Do I need a brace?"):
        assert not asks_for_a_phrase(q), q
    for q in ("How old is Tom?", "what does CPT 63020 cost", "Which regions does he treat?", "when can i shower?",
              "Doctor, how long is the stay?"):
        assert asks_for_a_phrase(q), q


def test_the_assistant_marks_a_phrase_only_for_questions_that_ask_for_one(real_assistant):
    rec = real_assistant.ask("What is the Medicare patient cost for CPT 63020?").to_record()
    assert rec["status"] == "answered" and "answer_span" in rec
    a, b = rec["answer_span"]
    assert "$271.49" in rec["citations"][0]["quote"][a:b]
    assert "answer_span" not in real_assistant.ask("could the screws and rods come loose?").to_record()
