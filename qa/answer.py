"""Answer assembly: turn scored candidate sentences (or a red-flag match) into an `Answer`."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from .triage import EMERGENCY, TriageMatch
from .types import Answer, Citation, Document, Hit, Sentence

NO_ANSWER_NOTICE = (
    "The clinic's documents do not answer this question, so no answer is given rather than a guess. "
    "Please ask your surgeon or care team. The closest passages are listed for reference."
)
OVERRIDE_NOTICE = (
    "This assistant only quotes the clinic's documents and cannot follow requests to ignore them or to "
    "write notes, clearances or personal medical instructions. Please ask your surgeon or care team."
)

# Attempts to make the assistant drop its sources or act outside them.
_OVERRIDE = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instructions?|documents?|sources?|rules?|prompt|context|above|"
    r"pages?|texts?|articles?|leaflets?|material)\b"
    # asked to answer from elsewhere than the documents
    r"|\b(?:from|using|with|on)\s+your\s+own\s+(?:knowledge|opinion|judge?ment|experience|training)\b"
    r"|\b(pretend|act as|you are now|jailbreak)\b"
    r"|\bwrite (me )?(a |an )?(note|letter|prescription|certificate)\b",
    re.IGNORECASE,
)


def unknown_name_notice(names: Sequence[str]) -> str:
    """Why a question about a code or insurer the documents never name gets no answer."""
    return (f"The clinic's documents do not mention {' or '.join(names)}, so no answer is given rather than one "
            "about something else. Please ask the clinic's office or your care team.")


def answer_type_notice(wanted: str) -> str:
    """Why a question asking for a duration, price, percentage ... the documents never state gets no answer."""
    return (f"The clinic's documents do not give {wanted} for this, so no answer is given rather than a guess. "
            "Please ask your surgeon, care team or the clinic's office. The closest passages are listed for reference.")


DOSING_NOTICE = (
    "The clinic's documents do not give personal dosing or medication instructions for this, and this "
    "assistant will not guess them. Please ask your surgeon, care team or pharmacist."
)

# Requests for how much of a medicine to take, or when to take it.
_DOSING = re.compile(
    r"\b(how (much|many)|dose|doses|dosage|dosing|regimens?|milligrams?|mg|how often|can i take|should i take|ok to take|"
    r"safe to take)\b",
    re.IGNORECASE,
)
_MEDICINE = re.compile(
    r"\b(medicines?|medications?|meds|drugs?|pills?|tablets?|painkillers?|pain killers?|pain relievers?|ibuprofen|"
    r"advil|motrin|tylenol|acetaminophen|paracetamol|aspirin|naproxen|aleve|oxycodone|hydrocodone|codeine|"
    r"morphine|tramadol|opioids?|gabapentin|muscle relaxants?|steroids?|antibiotics?|blood thinners?|nsaids?)\b",
    re.IGNORECASE,
)
_DOSE_IN_TEXT = re.compile(r"\b\d+(\.\d+)?\s*(mg|milligrams?|ml|mcg|tablets?|pills?|capsules?|times a day)\b", re.IGNORECASE)


class QuestionError(ValueError):
    """A question that cannot be asked as it is (empty, too long); the message says why."""


def validate_question(question, max_chars: int) -> str:
    if not isinstance(question, str) or not question.strip():
        raise QuestionError("the question is empty: type a question about minimally invasive spine surgery")
    q = question.strip()
    if len(q) > max_chars:
        raise QuestionError(f"the question is {len(q)} characters long; the limit is {max_chars}: please shorten it")
    return q


def is_override_attempt(question: str) -> bool:
    return bool(_OVERRIDE.search(question))


def is_dosing_request(question: str) -> bool:
    """A question about how much (or how often) of a medicine to take."""
    return bool(_DOSING.search(question) and _MEDICINE.search(question))


def gives_dose(text: str) -> bool:
    """Whether a passage states an amount of medicine ("200 mg", "2 tablets")."""
    return bool(_DOSE_IN_TEXT.search(text))


@dataclass(frozen=True)
class Scored:
    """A candidate sentence: `probability` that it answers (calibrated), `rank` its order key, and
    `selector` the probability the selector's logit gives alone (None: the same as `probability`)."""

    sentence: Sentence
    probability: float
    rank: float | None = None
    selector: float | None = None

    def answers(self, threshold: float, selector_sure: float | None = None, floor: float = 0.0) -> bool:
        """Sure enough to answer with: its probability reaches `threshold`, or the selector alone
        reaches `selector_sure` and the probability `floor`."""
        if self.probability >= threshold:
            return True
        alone = self.probability if self.selector is None else self.selector
        return selector_sure is not None and alone >= selector_sure and self.probability >= floor

    @property
    def key(self) -> float:
        return self.probability if self.rank is None else self.rank


def cite(doc: Document, start: int, end: int, score: float, section: str | None) -> Citation:
    return Citation(doc.doc_id, doc.title, section, start, end, doc.text[start:end], score, doc.page_at(start))


def widen(best: Sentence, ordered: Sequence[Sentence], max_items: int = 15) -> tuple[int, int]:
    """The span to quote for `best`: a list intro ("... include:") takes the list items after it."""
    start, end = best.start, best.end
    if not best.text.rstrip().endswith(":"):
        return start, end
    idx = next((i for i, s in enumerate(ordered) if s.start == best.start), None)
    if idx is None:
        return start, end
    for s in ordered[idx + 1: idx + 1 + max_items]:
        if not s.is_list_item or s.section != best.section:
            break
        end = s.end
    return start, end


def join_neighbour(span: tuple[int, int], best: Sentence, runners_up: Sequence[Sentence], ordered: Sequence[Sentence],
                   text: str) -> tuple[int, int]:
    """`span` joined with the sentence right before or after it in the same paragraph when that
    sentence is among the selector's next choices (`runners_up`, best first): an answer that runs
    over two sentences ("... don't have to wear a brace beyond the initial follow up. Many find that a
    brace does however improve incidence of pain for the first 1-2 weeks ...") is quoted whole. One
    sentence at most is joined; list lines and headings never are."""
    if best.is_list_item or best.is_heading:
        return span
    i = next((k for k, s in enumerate(ordered) if s.start == best.start), None)
    if i is None:
        return span
    start, end = span
    before = ordered[i - 1] if i > 0 else None
    after = ordered[i + 1] if i + 1 < len(ordered) else None
    for s in runners_up:
        if s.doc_id != best.doc_id or s.is_list_item or s.is_heading:
            continue
        if before is not None and s.start == before.start and "\n" not in text[s.end:start]:
            return s.start, end
        if after is not None and s.start == after.start and "\n" not in text[end:s.start]:
            return start, s.end
    return span


def urgent_answer(question: str, match: TriageMatch, doc: Document, hits: Sequence[Hit]) -> Answer:
    flag = match.flag
    if flag.urgency == EMERGENCY:
        notice = (f"Urgent: what you describe matches a warning sign the clinic lists under \"{flag.section}\" "
                  f"({doc.title}). Go to the nearest emergency room or call your local emergency number now.")
    else:
        notice = (f"What you describe matches a warning sign the clinic lists under \"{flag.section}\" "
                  f"({doc.title}). Contact your surgeon or care team today; if it gets worse, seek emergency care.")
    citation = cite(doc, flag.start, flag.end, match.score, flag.section)
    return Answer(question=question, status="urgent", answer=citation.quote, citations=(citation,),
                  passages=tuple(hits), urgency=flag.urgency, notice=notice, confidence=float(min(1.0, match.score)))


def no_answer(question: str, hits: Sequence[Hit], confidence: float, notice: str = NO_ANSWER_NOTICE) -> Answer:
    return Answer(question=question, status="no_answer", answer=None, citations=(), passages=tuple(hits),
                  notice=notice, confidence=float(confidence))


def assemble(question: str, scored: Sequence[Scored], docs: dict[str, Document], hits: Sequence[Hit],
             sentences_by_doc: dict[str, list[Sentence]], threshold: float, max_citations: int = 3,
             join_top: int = 0, selector_sure: float | None = None, floor: float = 0.0) -> Answer:
    """The best sentence as the answer, quoted verbatim, or `no_answer` below the threshold.

    A list intro takes its list (`widen`); with `join_top` > 1, the sentence next to the best one
    is joined to it when it is among the first `join_top` sentences too (`join_neighbour`). Other
    documents whose best sentence scores nearly as well are cited too (agreeing sources). The best
    sentence must be sure enough (`Scored.answers`).
    """
    ranked = sorted(scored, key=lambda s: -s.key)
    if not ranked or not ranked[0].answers(threshold, selector_sure, floor):
        # confidence is always "the probability that what we return is right": for a refusal,
        # the probability that no candidate answers
        return no_answer(question, hits, 1.0 - (ranked[0].probability if ranked else 0.0))
    best = ranked[0]
    doc = docs[best.sentence.doc_id]
    a, b = widen(best.sentence, sentences_by_doc.get(doc.doc_id, []))
    if join_top > 1:
        a, b = join_neighbour((a, b), best.sentence, [s.sentence for s in ranked[1:join_top]],
                              sentences_by_doc.get(doc.doc_id, []), doc.text)
    citations = [cite(doc, a, b, best.probability, best.sentence.section)]
    cited_docs = {doc.doc_id}
    for s in ranked[1:]:
        if len(citations) >= max_citations:
            break
        if s.probability < max(threshold, best.probability - 0.1) or s.sentence.doc_id in cited_docs:
            continue
        other = docs[s.sentence.doc_id]
        citations.append(cite(other, s.sentence.start, s.sentence.end, s.probability, s.sentence.section))
        cited_docs.add(other.doc_id)
    return Answer(question=question, status="answered", answer=citations[0].quote, citations=tuple(citations),
                  passages=tuple(hits), confidence=float(best.probability))
