"""Typed records passed between pipeline stages: documents, sentences, chunks, hits, answers."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A `[start, end)` character range into a document's text."""

    start: int
    end: int


@dataclass(frozen=True)
class Section:
    """A heading (or FAQ question line) and the text range it governs."""

    title: str
    start: int  # start of the heading line
    end: int  # end of the section body (start of next section or end of text)


@dataclass(frozen=True)
class Document:
    """One source document, as read from disk (for PDF/HTML: as extracted).

    `text` is never rewritten; `kept` lists the regions that cleaning kept for indexing.
    """

    doc_id: str  # path relative to the corpus folder (or `file.jsonl#id` for JSONL rows)
    title: str
    text: str
    kept: tuple[Span, ...]
    sections: tuple[Section, ...] = ()
    url: str | None = None
    page_starts: tuple[int, ...] = ()  # PDF: character offset where each page begins
    sha256: str = ""

    def section_at(self, offset: int) -> Section | None:
        found = None
        for s in self.sections:
            if s.start <= offset < s.end:
                found = s
        return found

    def page_at(self, offset: int) -> int | None:
        if not self.page_starts:
            return None
        page = 1
        for i, p in enumerate(self.page_starts):
            if offset >= p:
                page = i + 1
        return page


@dataclass(frozen=True)
class Sentence:
    """A sentence or list line inside a document, with its offsets."""

    doc_id: str
    start: int
    end: int
    text: str
    section: str | None = None
    is_heading: bool = False
    is_list_item: bool = False


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage: consecutive sentences of one section."""

    chunk_id: int
    doc_id: str
    start: int
    end: int
    text: str
    section: str | None
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and per-retriever ranks (1-based, None if missed)."""

    chunk: Chunk
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None
    dense_score: float | None = None
    lexical_score: float | None = None
    sentence_rank: int | None = None


@dataclass(frozen=True)
class Citation:
    doc: str
    title: str
    section: str | None
    start: int
    end: int
    quote: str
    score: float
    page: int | None = None

    def to_dict(self) -> dict:
        d = {
            "doc": self.doc,
            "title": self.title,
            "section": self.section,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "score": round(float(self.score), 4),
        }
        if self.page is not None:
            d["page"] = self.page
        return d


@dataclass(frozen=True)
class Answer:
    """The answer record of `shared/eval/README.md`, as a typed object."""

    question: str
    status: str  # "answered" | "no_answer" | "urgent"
    answer: str | None
    citations: tuple[Citation, ...]
    passages: tuple[Hit, ...]
    urgency: str | None = None  # None | "emergency" | "contact_care_team"
    notice: str | None = None
    confidence: float = 0.0
    timings_ms: dict = field(default_factory=dict)
    id: str | None = None
    answer_span: Span | None = None  # the answer phrase inside citations[0].quote, if marked
    searched_as: str | None = None  # the question after typo repair, when it differs from `question`

    def to_record(self) -> dict:
        """The JSON answer record shared by the CLI, API, web app and evaluator."""
        rec = {
            "id": self.id,
            "question": self.question,
            "status": self.status,
            "answer": self.answer,
            "citations": [c.to_dict() for c in self.citations],
            "passages": [
                {
                    "doc": h.chunk.doc_id,
                    "section": h.chunk.section,
                    "start": h.chunk.start,
                    "end": h.chunk.end,
                    "text": h.chunk.text,
                    "score": round(float(h.score), 4),
                    "dense_rank": h.dense_rank,
                    "lexical_rank": h.lexical_rank,
                    "sentence_rank": h.sentence_rank,
                }
                for h in self.passages
            ],
            "urgency": self.urgency,
            "notice": self.notice,
            "confidence": round(float(self.confidence), 4),
            "timings_ms": {k: round(float(v), 2) for k, v in self.timings_ms.items()},
        }
        if self.answer_span is not None:
            rec["answer_span"] = [self.answer_span.start, self.answer_span.end]
        if self.searched_as is not None:
            rec["searched_as"] = self.searched_as
        return rec
