"""Which candidate sentences the answer selector reads (fake embedder: no model needed)."""
from __future__ import annotations

import numpy as np
import pytest

from qa.assistant import Assistant, is_question
from qa.index import Index, build_index
from qa.select import content_overlap, format_candidate
from qa.settings import Settings


class RecordingSelector:
    """Scores every candidate alike and remembers what it was given."""

    name = "recording"
    scores_are_logits = True

    def __init__(self):
        self.read: list[list[str]] = []

    def warm_up(self):
        return self

    def score(self, question, candidates, question_vec=None):
        self.read.append(list(candidates))
        return np.full(len(candidates), 3.0, dtype=np.float32)

    def probability(self, scores, cosines=None):
        return 1.0 / (1.0 + np.exp(-scores))


def _assistant(corpus_copy, tmp_path, fake_embedder, **kw):
    settings = Settings.load(overrides={"corpus_dir": corpus_copy, "index_dir": tmp_path / "index",
                                        "fix_typos": False, **kw})
    build_index(settings, fake_embedder)
    return Assistant(settings, Index.load(settings.index_dir), fake_embedder, RecordingSelector())


def test_sentences_sharing_nothing_with_the_question_are_not_read(corpus_copy, tmp_path, fake_embedder):
    # a cosine no sentence reaches: only sentences sharing a content word with the question are read
    assistant = _assistant(corpus_copy, tmp_path, fake_embedder, min_related_cosine=1.01)
    question = "could the screws and rods come loose after fusion?"
    answer = assistant.ask(question)
    read = assistant.selector.read[-1]
    assert read and all(content_overlap(question, text) > 0 for text in read)
    assert answer.status == "answered" and content_overlap(question, answer.answer) > 0
    # the passages are still all the retrieved ones, reranked
    assert len(answer.passages) == assistant.settings.top_k


def test_an_off_topic_question_reads_nothing_and_is_declined(corpus_copy, tmp_path, fake_embedder):
    assistant = _assistant(corpus_copy, tmp_path, fake_embedder, min_related_cosine=1.01)
    answer = assistant.ask("how do i reset my iphone")
    assert assistant.selector.read[-1] == []
    assert answer.status == "no_answer" and answer.confidence == 1.0 and answer.passages


def test_a_question_line_is_read_as_an_answer_only_when_questions_are_asked_for(corpus_copy, tmp_path, fake_embedder):
    # the bundled corpus lists questions to ask a surgeon ("• Why do you recommend ...?"):
    # they share words with many questions but answer only one kind: "what should I ask?"
    question = "why do you recommend this particular procedure?"
    allowed = _assistant(corpus_copy, tmp_path / "a", fake_embedder, answer_questions=True)
    allowed.ask(question)
    assert any(is_question(text) for text in allowed.selector.read[-1])
    assistant = _assistant(corpus_copy, tmp_path / "b", fake_embedder)
    answer = assistant.ask(question)
    read = assistant.selector.read[-1]
    assert read and not any(is_question(text) for text in read)
    assert answer.status == "answered" and not is_question(answer.answer)
    assistant.ask("what should i ask my surgeon about the procedure?")
    assert any(is_question(text) for text in assistant.selector.read[-1])


def test_the_selector_reads_a_line_with_the_headings_it_sits_under(corpus_copy, tmp_path, fake_embedder):
    # the bundled price list: "Out-of-Pocket Costs", then "Medicare", then "CPT Code 63020 - ...: $271.49"
    for name, kw, shown in (("a", {}, "Out-of-Pocket Costs: Medicare: CPT Code 63020"),
                            ("b", {"selector_heading_path": False}, "Medicare: CPT Code 63020")):
        assistant = _assistant(corpus_copy, tmp_path / name, fake_embedder, **kw)
        line = next(x for sents in assistant._sentences.values() for x in sents if x.text.startswith("CPT Code 63020"))
        assert line.section == "Medicare"  # the citation's section stays the line's own
        assert format_candidate(line.text, assistant._heading(line)).startswith(shown)


def test_the_real_selector_is_given_the_heading_path(real_assistant, monkeypatch):
    given = []
    score = real_assistant.selector.score
    monkeypatch.setattr(real_assistant.selector, "score", lambda q, c, v=None: given.extend(c) or score(q, c, v))
    answer = real_assistant.ask("What is the Medicare patient cost for CPT 63020?")
    assert any(t.startswith("Out-of-Pocket Costs: Medicare: CPT Code 63020") for t in given)
    assert answer.status == "answered" and "63020" in answer.answer


def test_a_sentence_naming_the_rare_code_asked_about_comes_first(corpus_copy, tmp_path, fake_embedder):
    # the selector here scores every sentence alike: the code decides. 22630 is in one line of
    # the corpus; the other codes in the same list, and the example naming two codes, rank below it
    assistant = _assistant(corpus_copy, tmp_path / "a", fake_embedder)
    assert assistant._rare_identifiers("Medicare out-of-pocket for CPT 22630?") == {"22630"}
    answer = assistant.ask("Medicare out-of-pocket for CPT 22630?")
    assert answer.status == "answered" and "CPT Code 22630" in answer.answer
    # a code named more often than identifier_max_count is no longer rare: no head start
    common = _assistant(corpus_copy, tmp_path / "b", fake_embedder, identifier_max_count=0)
    assert common._rare_identifiers("Medicare out-of-pocket for CPT 22630?") == set()


class KeywordSelector(RecordingSelector):
    """Scores a candidate by whether it holds all the keywords (and remembers what it was given)."""

    def __init__(self, *keywords):
        super().__init__()
        self.keywords = keywords

    def score(self, question, candidates, question_vec=None):
        self.read.append(list(candidates))
        return np.array([3.0 if all(k in c for k in self.keywords) else -3.0 for c in candidates], dtype=np.float32)


def test_a_sentence_leaning_on_the_one_before_is_read_and_quoted_with_it(tmp_path, fake_embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = ("Our Surgeons\n\nDr. Jane Roe trained at Example Hospital in 2004. As a top rated surgeon, she treats "
            "neck and low back pain.\nDr. Roe also teaches.\nShe lectures every year.\n")
    (corpus / "team.txt").write_text(text)
    common = {"corpus_dir": corpus, "index_dir": tmp_path / "index", "fix_typos": False, "min_related_cosine": -1.0}
    settings = Settings.load(overrides=common)
    build_index(settings, fake_embedder)
    # only the two sentences together name the surgeon and what she treats
    assistant = Assistant(settings, Index.load(settings.index_dir), fake_embedder, KeywordSelector("Jane Roe", "treats"))
    answer = assistant.ask("which spine regions does Jane Roe treat?")
    read = assistant.selector.read[-1]
    together = "Dr. Jane Roe trained at Example Hospital in 2004. As a top rated surgeon, she treats neck and low back pain."
    assert any(t.endswith(together) for t in read)
    # "She lectures every year." follows a line break, not its sentence: read alone
    assert any(t.endswith(": She lectures every year.") for t in read)
    assert answer.status == "answered" and answer.answer.startswith("Dr. Jane Roe trained")
    c = answer.citations[0]
    assert text[c.start:c.end] == c.quote == together
    off = Assistant(Settings.load(overrides={**common, "selector_antecedent": False}), Index.load(settings.index_dir),
                    fake_embedder, KeywordSelector("Jane Roe", "treats"))
    off.ask("which spine regions does Jane Roe treat?")
    assert any(t.endswith(": As a top rated surgeon, she treats neck and low back pain.") for t in off.selector.read[-1])


def test_is_question():
    assert is_question("• Why do you recommend this particular procedure?")
    assert is_question('He asked "is it safe?"')
    assert not is_question("Avoid heavy lifting for six weeks.")
    assert not is_question("Is it safe? Yes, for most people.")


def test_pairs_scored_side_by_side_score_as_one_after_another():
    """The shipped selector gives each pair the same logit whether pairs run two at a time on one
    core each (the default) or one after another; order of the candidates is kept."""
    from qa.select import OnnxSelector

    q = "could the screws and rods they put in come loose?"
    cands = [format_candidate("Failure, loosening or pull out of the cage, graft, rod or screws", "Risks"),
             format_candidate("Compression fractures", "Conditions treated"),
             format_candidate("MISS is typically performed by spine surgeons.", "Who Performs This Treatment"),
             format_candidate("Most patients walk the same day and go home within a day or two.", None),
             format_candidate("Avoid heavy lifting.", "Recovery")]
    side_by_side = OnnxSelector(threads=2).warm_up()
    in_turn = OnnxSelector(threads=1).warm_up()
    assert side_by_side._pool is not None and in_turn._pool is None
    a, b = side_by_side.score(q, cands), in_turn.score(q, cands)
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-5)
    assert int(np.argmax(a)) == 0  # the loosening line, as the model card's hand check says


def test_question_lines_are_answers_only_when_questions_are_asked_for(real_assistant):
    from qa.assistant import is_question

    rec = real_assistant.ask("what questions should i ask my surgeon about this procedure?")
    assert rec.status == "answered" and is_question(rec.answer)
    other = real_assistant.ask("how long does recovery take after minimally invasive surgery?")
    assert other.status == "answered" and not is_question(other.answer)


def test_term_weights_count_a_rare_shared_word_above_common_ones():
    from qa.select import TermWeights

    passages = ["Back surgery has risks.", "Back surgery recovery takes weeks.", "Back pain after surgery.",
                "- Blindness", "Recovery after back surgery."]
    tw = TermWeights(passages)
    rare, common = tw.overlap("can you go blind from back surgery?", ["- Blindness", "What back surgery means"])
    assert rare > common > 0  # "blind" matches "Blindness" by its stem and is rarer than "back surgery"
    # words the corpus never uses neither match nor dilute: "toddler" changes nothing
    assert tw.overlap("blind toddler", ["- Blindness"])[0] == 1.0
    assert tw.overlap("parking at the clinic", ["- Blindness"]).tolist() == [0.0]


def test_a_long_question_shifts_its_logits_before_calibration(corpus_copy, tmp_path, fake_embedder):
    assistant = _assistant(corpus_copy, tmp_path, fake_embedder, long_question_shift=0.2, long_question_words=12,
                           long_question_cap=40)
    assert assistant._length_shift("when can i go back to work?") == 0.0  # 7 words: as calibrated
    story = "my mum is 78 and scared of being stuck in hospital for weeks, how soon do people go home?"
    assert assistant._length_shift(story) == pytest.approx(0.2 * (19 - 12))  # 19 words
    assert assistant._length_shift("word " * 100) == pytest.approx(0.2 * (40 - 12))  # capped
    assistant.selector.scores_are_logits = False  # a cosine "selector" has no logits to shift
    assert assistant._length_shift(story) == 0.0


def test_a_worked_example_comes_after_the_general_statement(real_assistant):
    """The billing page's "Example" (one patient's costs) does not answer a general Medicare question;
    a question about the example itself still gets it."""
    general = real_assistant.ask("im on medicare, how much of the bill do they actually pay")
    assert general.status == "answered" and "80% of the approved cost" in general.answer
    about_tom = real_assistant.ask("how old is Tom?")
    assert about_tom.status == "answered" and about_tom.answer.startswith("Tom, a 62-year-old")
