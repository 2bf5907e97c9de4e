"""Cleaning, sentence splitting and chunking on small inline texts, plus offset invariants."""
from __future__ import annotations

from hypothesis import given, settings as hsettings, strategies as st

from qa.chunk import chunk_document, document_sentences, heading_paths, split_sentences
from qa.clean import heading_text, keep_regions
from qa.ingest import read_corpus
from qa.ingest import _make_document as make_document

from .conftest import CORPUS

PAGE = """Back Pain Guide

Recovery

Most patients walk the same day. Dr. Smith sees them after 2 weeks.
Risks include:
- infection
- bleeding

©2024 Example Clinic. All rights reserved.
Do not sell my personal info
Please Enter Your Information
Dr. Jane Doe
Most patients walk the same day. Dr. Smith sees them after 2 weeks.
"""


def test_noise_lines_and_repeats_are_left_out_without_rewriting():
    kept = [PAGE[s.start:s.end] for s in keep_regions(PAGE)]
    assert kept == [
        "Back Pain Guide",
        "Recovery",
        "Most patients walk the same day. Dr. Smith sees them after 2 weeks.",
        "Risks include:",
        "- infection",
        "- bleeding",
    ]


def test_per_corpus_noise_pattern():
    kept = [PAGE[s.start:s.end] for s in keep_regions(PAGE, [r"^Risks include"])]
    assert "Risks include:" not in kept


def test_headings_by_shape():
    assert heading_text("When to Go to the Emergency Room?") == "When to Go to the Emergency Room?"
    assert heading_text("Possible Risks or Side Effects (Complications)") == "Possible Risks or Side Effects (Complications)"
    assert heading_text("Q. What is the recovery time for MISS?") == "What is the recovery time for MISS?"
    assert heading_text("Most patients walk the same day.") is None
    assert heading_text("- infection") is None
    assert heading_text("CPT Code 63020 – Minimally Invasive Cervical Discectomy: $271.49") is None


def test_sentence_split_respects_abbreviations():
    text = "Dr. Mir operates on e.g. discs. A. Most go home. Recovery takes 6 weeks!"
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Dr. Mir operates on e.g. discs.",
        "A. Most go home.",
        "Recovery takes 6 weeks!",
    ]


def test_sections_and_chunks_keep_offsets():
    doc = make_document("page.txt", PAGE, "x", ())
    assert doc.title == "Back Pain Guide"
    assert [s.title for s in doc.sections] == ["Back Pain Guide", "Recovery", "Risks include:"]
    chunks = chunk_document(doc, max_words=12, overlap=0)
    assert [c.text for c in chunks] == [
        "Most patients walk the same day.",
        "Dr. Smith sees them after 2 weeks.",
        "- infection\n- bleeding",
    ]
    assert chunks[2].section == "Risks include:"
    for c in chunks:
        assert PAGE[c.start:c.end] == c.text


def test_heading_paths_follow_headings_that_introduce_headings():
    text = ("Out-of-Pocket Costs\n\nMedicare\nCPT Code 63020 - Cervical Discectomy: $271.49\n"
            "Recovery\nMost patients walk the same day.\nDriving\nAsk your surgeon.\n")
    doc = make_document("costs.txt", text, "x", ())
    assert [s.title for s in doc.sections] == ["Out-of-Pocket Costs", "Medicare", "Recovery", "Driving"]
    paths = {text[start:].split("\n", 1)[0]: path for start, path in heading_paths(doc).items()}
    # "Medicare" comes straight after "Out-of-Pocket Costs"; "Driving" after Recovery's text
    assert paths == {"Out-of-Pocket Costs": "Out-of-Pocket Costs", "Medicare": "Out-of-Pocket Costs: Medicare",
                     "Recovery": "Recovery", "Driving": "Driving"}
    assert heading_paths(doc, depth=1)[doc.sections[1].start] == "Medicare"


def test_long_sections_overlap_by_one_sentence():
    text = "Title Here\n" + " ".join(f"Sentence number {i} is here." for i in range(10))
    doc = make_document("t.txt", text, "x", ())
    chunks = chunk_document(doc, max_words=15, overlap=1)
    assert len(chunks) > 1
    for a, b in zip(chunks, chunks[1:]):
        assert a.sentences[-1] == b.sentences[0]


def test_offset_invariant_over_the_real_corpus():
    docs = list(read_corpus(CORPUS))
    assert len(docs) == 5
    for doc in docs:
        assert doc.text == (CORPUS / doc.doc_id).read_text(encoding="utf-8")
        for s in document_sentences(doc):
            assert doc.text[s.start:s.end] == s.text
        for c in chunk_document(doc):
            assert doc.text[c.start:c.end] == c.text
            for s in c.sentences:
                assert doc.text[s.start:s.end] == s.text and c.start <= s.start < s.end <= c.end


_line = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=80),
    st.sampled_from(["Heading Line", "- a list item", "Q. Is it safe?", "A. Yes. It is. Dr. Who knows.", "", "  "]),
)


@hsettings(max_examples=150, deadline=None)
@given(st.lists(_line, max_size=25), st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_offset_invariant_on_random_documents(lines, sep):
    text = sep.join(lines)
    doc = make_document("r.txt", text, "x", ())
    for span in doc.kept:
        assert text[span.start:span.end].strip() == text[span.start:span.end] != ""
    for s in document_sentences(doc):
        assert text[s.start:s.end] == s.text
    for c in chunk_document(doc, max_words=20):
        assert text[c.start:c.end] == c.text
