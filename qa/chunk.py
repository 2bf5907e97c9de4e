"""Chunking: split kept lines into sentences and group them into section-bounded passages."""
from __future__ import annotations

import re
from typing import Sequence

from .clean import heading_text, is_list_item
from .types import Chunk, Document, Sentence

# Tokens after which a period does not end a sentence.
_ABBREV = {
    "dr", "mr", "mrs", "ms", "prof", "st", "vs", "etc", "e.g", "i.e", "eg", "ie", "no", "fig", "approx",
    "m.d", "ph.d", "inc", "ltd", "jr", "sr", "dept", "u.s", "cf", "al", "mt", "ave", "md",
}
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9•–-])")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence `[start, end)` spans inside `text[start:end]`, stripped of surrounding spaces.

    >>> t = "Dr. Mir operates. He is kind! Really?"
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Dr. Mir operates.', 'He is kind!', 'Really?']
    """
    end = len(text) if end is None else end
    spans, cur = [], start
    for m in _BOUNDARY.finditer(text, start, end):
        before = text[cur:m.start()].split()
        last = before[-1].lower().rstrip(".") if before else ""
        if not last or last in _ABBREV or (len(last) == 1 and last.isalpha()):
            continue  # "Dr.", "e.g.", initials and "A." answer markers do not end a sentence
        spans.append((cur, m.end()))
        cur = m.end()
    spans.append((cur, end))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def document_sentences(doc: Document) -> list[Sentence]:
    """Every sentence, list line and heading of the kept regions, in order, with its section."""
    out: list[Sentence] = []
    for span in doc.kept:
        line = doc.text[span.start:span.end]
        section = doc.section_at(span.start)
        section_title = section.title if section else None
        if section is not None and section.start == span.start:
            out.append(Sentence(doc.doc_id, span.start, span.end, line, section_title, is_heading=True))
            continue
        if is_list_item(line):
            out.append(Sentence(doc.doc_id, span.start, span.end, line, section_title, is_list_item=True))
            continue
        for a, b in split_sentences(doc.text, span.start, span.end):
            out.append(Sentence(doc.doc_id, a, b, doc.text[a:b], section_title))
    return out


def heading_paths(doc: Document, depth: int = 3, sep: str = ": ") -> dict[int, str]:
    """Each section's heading with the headings it sits under, keyed by the section's start.

    A heading followed directly by another heading, with no text between, introduces it
    ("Out-of-Pocket Costs" then "Medicare" then the price lines); Markdown and HTML levels are not
    needed for that, so plain text gets the same. Up to `depth` headings, outermost first.
    """
    parts: dict[int, list[str]] = {}
    prev = None
    for sec in sorted(doc.sections, key=lambda x: x.start):
        parts[sec.start] = [sec.title]
        if prev is not None:
            between = doc.text[prev.start:sec.start].split("\n", 1)
            if len(between) == 1 or not between[1].strip():  # the previous section is only its heading
                parts[sec.start] = (parts[prev.start] + [sec.title])[-depth:]
        prev = sec
    return {start: sep.join(p) for start, p in parts.items()}


def _words(s: Sentence) -> int:
    return len(s.text.split())


def chunk_document(doc: Document, max_words: int = 110, overlap: int = 1, first_id: int = 0) -> list[Chunk]:
    """Group consecutive body sentences of one section into passages of at most `max_words`.

    A passage never crosses a section boundary or a region that cleaning left out, so
    `doc.text[chunk.start:chunk.end]` is clean, contiguous source text. Neighbouring passages of
    a long section share `overlap` sentences so an answer is never cut in two.
    """
    sents = document_sentences(doc)
    kept_index = {}
    for i, span in enumerate(doc.kept):
        kept_index[span.start] = i
    # group into runs: same section, consecutive kept lines
    runs: list[list[Sentence]] = []
    line_of = _line_lookup(doc)
    prev_line = None
    for s in sents:
        if s.is_heading:
            runs.append([])
            prev_line = line_of(s.start)
            continue
        li = line_of(s.start)
        if not runs or (runs[-1] and (runs[-1][-1].section != s.section or (prev_line is not None and li > prev_line + 1))):
            runs.append([])
        runs[-1].append(s)
        prev_line = li
    chunks: list[Chunk] = []
    for run in runs:
        for window in _windows(run, max_words, overlap):
            a, b = window[0].start, window[-1].end
            chunks.append(Chunk(first_id + len(chunks), doc.doc_id, a, b, doc.text[a:b], window[0].section, tuple(window)))
    return chunks


def _windows(run: Sequence[Sentence], max_words: int, overlap: int) -> list[list[Sentence]]:
    out, i = [], 0
    while i < len(run):
        j, words = i, 0
        while j < len(run) and (j == i or words + _words(run[j]) <= max_words):
            words += _words(run[j])
            j += 1
        out.append(list(run[i:j]))
        if j >= len(run):
            break
        i = max(i + 1, j - overlap)
    return out


def _line_lookup(doc: Document):
    starts = [s.start for s in doc.kept]
    import bisect

    def line_of(offset: int) -> int:
        return bisect.bisect_right(starts, offset) - 1

    return line_of


def embedding_text(chunk: Chunk) -> str:
    """What the embedder and the lexical index read for a chunk: its heading gives context."""
    return f"{chunk.section}: {chunk.text}" if chunk.section else chunk.text


__all__ = ["split_sentences", "document_sentences", "chunk_document", "embedding_text", "heading_text"]
