"""The pipeline: one object that loads the models and index once and answers questions."""
from __future__ import annotations

import logging
import re
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from .answer import (DOSING_NOTICE, OVERRIDE_NOTICE, Scored, answer_type_notice, assemble, gives_dose,
                     is_dosing_request, is_override_attempt, no_answer, unknown_name_notice, urgent_answer,
                     validate_question)
from .answer_type import (ASKING_WORDS, SUBJECT_GROUPS, asks_about_time, describe, expected_types, gives_all,
                          shares_subject)
from .chunk import document_sentences, heading_paths
from .embed import Embedder
from .index import Index, IndexError_, build_index, stale_reasons
from .lay_words import LayWords
from .reader import SpanReader, asks_for_a_phrase
from .retrieve import HybridRetriever
from .select import (CosineSelector, CrossEncoderSelector, OnnxSelector, TermWeights, code_tokens, codes,
                     content_overlap, format_candidate, identifier_counts, identifiers, names_identifiers,
                     is_example, patient_states, payers, rank_scores, refers_back, unrelated)
from .settings import Settings
from .spelling import SpellFixer
from .triage import Triage, find_red_flags
from .types import Answer, Document, Hit, Span

log = logging.getLogger(__name__)

# what a question may name that the documents must name too, or it is declined (`decline_unknown_names`):
# (what a question names, what a document names), per kind
_NAMED = ((codes, code_tokens), (payers, payers), (patient_states, patient_states))


class Assistant:
    """Answers questions from the corpus with verbatim, cited sentences.

    >>> assistant = Assistant.from_settings(Settings.load())          # doctest: +SKIP
    >>> assistant.ask("could the screws come loose?").to_record()      # doctest: +SKIP
    """

    def __init__(self, settings: Settings, index: Index, embedder: Embedder, selector, reader=None):
        self.settings = settings
        self.embedder = embedder
        self.selector = selector
        if hasattr(selector, "use_embedder"):  # its confidence reads this embedder's cosines only if fitted on them
            selector.use_embedder(embedder.model_id)
        self.reader = reader  # marks the answer phrase inside the quote; None: the whole quote is the answer
        self._use_index(index)

    def _use_index(self, index: Index) -> None:
        """Everything derived from the index: retriever, sentence lookups, red-flag lists."""
        s = self.settings
        self.index = index
        self.retriever = HybridRetriever.from_settings(index, self.embedder, s)
        self._sentences = {doc_id: document_sentences(d) for doc_id, d in index.docs.items()} if len(index.docs) < 5000 else {}
        self._sentence_row, self._row_sentence = _sentence_rows(index)
        self._heading_paths: dict[str, dict[int, str]] = {}  # filled per document as its sentences are read
        self._sentence_at: dict[str, dict[int, int]] = {}  # likewise: a sentence's place in its document
        self._corpus_names: tuple[set[str], ...] | None = None  # what the documents name, per kind of _NAMED (first use)
        self._identifier_counts: dict[str, int] | None = None  # counted at the first question naming a code
        flags = find_red_flags(index.docs.values(), s.emergency_heading_patterns, s.care_team_heading_patterns)
        self.triage = Triage(flags, self.embedder, s.triage_threshold, s.triage_question_threshold,
                             s.triage_after_surgery_threshold, s.triage_lay_terms)
        self.speller = SpellFixer.from_texts(d.text for d in index.docs.values()) if s.fix_typos else None
        self.lay_words = LayWords.from_texts(d.text for d in index.docs.values()) if s.lay_words else None
        self._common_terms: tuple[float, set[str]] | None = None  # (share, stems saying nothing of what a time is for)
        self._subject_groups: dict[str, int] = {}  # stem -> its group of SUBJECT_GROUPS (with _common_terms)
        self._term_weights: TermWeights | None = None  # built at the first question (about 4 s for MedQuAD's 45,528 chunks)

    @classmethod
    def from_settings(cls, settings: Settings | None = None, rebuild: str = "auto", selector: str = "trained",
                      progress=None, warn=None) -> "Assistant":
        """Load (building or refreshing the index when `rebuild` allows) and warm up the models.

        rebuild: "auto" rebuilds a missing or stale index, "never" refuses it with a clear
        message, "always" rebuilds first.
        """
        settings = settings or Settings.load()
        embedder = Embedder.from_settings(settings, onnx_dir=Path(settings.index_dir) / "models")
        reasons = stale_reasons(settings, embedder.model_id)
        if rebuild == "always" or (reasons and rebuild == "auto"):
            if reasons and progress:
                progress("index needs building: " + "; ".join(reasons))
            build_index(settings, embedder.warm_up(), progress=progress, warn=warn)
        elif reasons:
            raise IndexError_("the index cannot be used: " + "; ".join(reasons) + ". Run `miss-qa index` to rebuild it.")
        index = Index.load(settings.index_dir)
        if selector == "cosine":
            sel = CosineSelector(embedder)
        elif selector == "torch":
            sel = CrossEncoderSelector(settings.selector_path or None)
        else:
            sel = OnnxSelector(settings.selector_path or None, threads=settings.selector_threads)
        assistant = cls(settings, index, embedder, sel, _reader(settings, warn))
        assistant.warm_up()
        return assistant

    def warm_up(self) -> "Assistant":
        self.embedder.warm_up()
        self.selector.warm_up()
        if self.reader is not None:
            self.reader.warm_up()
        self.triage.warm_up()
        self.ask("warm up")  # first call pays one-off costs (thread pools, tokenizer caches)
        return self

    # ---- the pipeline --------------------------------------------------------------------
    def ask(self, question: str, id: str | None = None) -> Answer:
        """Answer one question; raises `QuestionError` for an empty or over-long question."""
        t0 = time.perf_counter()
        asked = validate_question(question, self.settings.max_question_chars)
        typed = self._repaired(asked)  # what triage and the safety checks read
        q = self._in_clinical_words(typed)  # what is searched and answered
        timings = {}
        qvec = self.embedder.encode([q])
        hits = self.retriever.search_batch([q], max(self.settings.top_k, self.settings.select_passages), qvec)[0]
        timings["retrieve"] = _ms(t0)
        passages = hits[: self.settings.top_k]
        if is_override_attempt(typed):
            answer = no_answer(q, passages, 1.0, OVERRIDE_NOTICE)
        else:
            t1 = time.perf_counter()
            match = self.triage.match(typed)
            timings["triage"] = _ms(t1)
            unknown = self._unknown_names(typed) if match is None and self.settings.decline_unknown_names else []
            if unknown:
                answer = no_answer(q, passages, 1.0, unknown_name_notice(unknown))
            elif match is not None:
                flag = match.flag
                behind = [h for h in hits if h.chunk.doc_id == flag.doc_id and h.chunk.start <= flag.start < h.chunk.end]
                behind = behind or [Hit(c, 1.0) for c in self.index.chunks
                                    if c.doc_id == flag.doc_id and c.start <= flag.start < c.end][:1]
                passages = (behind + [h for h in hits if h not in behind])[: self.settings.top_k]
                answer = urgent_answer(q, match, self.index.docs[flag.doc_id], passages)
            else:
                t2 = time.perf_counter()
                candidates, hits = self.preselect(hits, qvec[0], questions_ok=asks_for_questions(q))
                ranks, scored = self._score(q, candidates, qvec[0])
                timings["select"] = _ms(t2)
                passages = rerank(hits, candidates, ranks, self.settings.passage_fusion_k or None,
                                  self.settings.passage_fusion_keep)[: self.settings.top_k]
                answer = assemble(q, scored, self.index.docs, passages, self._sentences, self.settings.no_answer_threshold,
                                  join_top=self.settings.join_neighbours_top, selector_sure=self.settings.selector_sure,
                                  floor=self.settings.no_answer_floor)
                wanted = expected_types(typed) if self.settings.decline_wrong_answer_type else frozenset()
                if answer.status == "answered" and wanted and not self._fits(q, wanted, answer.answer):
                    answer = no_answer(q, passages, 1.0 - answer.confidence, answer_type_notice(describe(wanted)))
                if answer.status == "answered" and is_dosing_request(typed) and not gives_dose(answer.answer):
                    answer = no_answer(q, passages, answer.confidence, DOSING_NOTICE)
                if answer.status == "answered" and self.reader is not None and asks_for_a_phrase(typed):
                    t3 = time.perf_counter()
                    phrase = self.reader.mark(q, answer.citations[0].quote)
                    if phrase is not None:
                        answer = replace(answer, answer_span=Span(phrase[0], phrase[1]))
                    timings["mark"] = _ms(t3)
        timings["total"] = _ms(t0)
        return replace(answer, question=asked, searched_as=q if q != asked else None, id=id, timings_ms=timings)

    def _score(self, q: str, candidates, qvec) -> tuple[np.ndarray, list[Scored]]:
        """The order key of every candidate (for ordering passages), and the sentences the selector read.

        A sentence sharing no word and little meaning with the question cannot answer it: the
        selector does not read it (about a fifth of the candidates, and all of them for an
        off-topic question). For ordering passages it counts as no better than the worst sentence read.
        """
        s = self.settings
        cosines = self._cosines(candidates, qvec)
        overlaps = np.array([content_overlap(q, c.text) for c in candidates])
        keep = ~unrelated(cosines, overlaps, s.min_related_cosine)
        read = [self._with_antecedent(c) for c, k in zip(candidates, keep) if k]
        logits = self.selector.score(q, [format_candidate(c.text, self._heading(c)) for c in read], qvec)
        all_logits = np.full(len(candidates), float(logits.min()) if len(logits) else 0.0, dtype=np.float32)
        all_logits[keep] = logits
        ids = self._rare_identifiers(q)
        named = np.array([names_identifiers(ids, c.text) for c in candidates], dtype=np.float32) if ids else None
        shared = self._weighted_overlaps(q, candidates) if s.rank_overlap_idf else overlaps
        ranks = rank_scores(all_logits, cosines, shared, s.rank_weight_cosine, s.rank_weight_lexical,
                            named, s.rank_weight_identifier)
        if s.rank_weight_phrase:  # a sentence holding a rare pair of the question's words ("part time")
            pairs = self._weights().phrase_hits(q, [c.text for c in candidates], s.rank_phrase_max_df)
            ranks = ranks + s.rank_weight_phrase * pairs
        if s.rank_weight_example:  # a worked example's sentence comes after the general statements
            ranks = ranks - s.rank_weight_example * np.array([is_example(c.section) for c in candidates], dtype=np.float32)
        shifted = logits + self._length_shift(q) * (cosines[keep] >= s.long_question_min_cosine)
        probs = self.selector.probability(shifted, self._cosines([c for c, k in zip(candidates, keep) if k], qvec, alone=True))
        alone = self.selector.probability(shifted)
        return ranks, [Scored(c, float(p), float(r), float(a)) for c, p, r, a in zip(read, probs, ranks[keep], alone)]

    def _length_shift(self, q: str) -> float:
        """What a long question adds to the logits of its candidates close in meaning before
        calibration (`long_question_shift`)."""
        s = self.settings
        if not getattr(self.selector, "scores_are_logits", False):
            return 0.0
        return s.long_question_shift * max(0, min(len(q.split()), s.long_question_cap) - s.long_question_words)

    def _weights(self) -> TermWeights:
        if self._term_weights is None:
            self._term_weights = TermWeights(c.text for c in self.index.chunks)
        return self._term_weights

    def _weighted_overlaps(self, q: str, candidates) -> np.ndarray:
        """The IDF-weighted share of the question's words each candidate shares (`rank_overlap_idf`)."""
        return self._weights().overlap(q, [c.text for c in candidates])

    def _fits(self, q: str, wanted: frozenset[str], quote: str) -> bool:
        """Whether `quote` can answer a question asking for the kinds `wanted` (`decline_wrong_answer_type`)."""
        return gives_all(wanted, quote) and self._names_time_subject(q, wanted, quote)

    def _names_time_subject(self, q: str, wanted: frozenset[str], quote: str) -> bool:
        """False when `q` asks how long or when, and `quote` names none of what it asks the time of
        (`time_subject_common_share`)."""
        share = self.settings.time_subject_common_share
        if not share or not asks_about_time(wanted):
            return True
        tw = self._weights()
        if self._common_terms is None or self._common_terms[0] != share:  # settings may be swapped
            self._subject_groups = {stem: i for i, words in enumerate(SUBJECT_GROUPS) for stem in tw.terms(words)}
            # a stem of the groups ("recovery") is a subject however common: "how long does a microdiscectomy
            # recovery take?" asks the time of the recovery
            common = tw.common(share) - set(self._subject_groups)
            self._common_terms = (share, common | tw.terms(" ".join(ASKING_WORDS)))
        asked = tw.terms(q) - self._common_terms[1]
        return not asked or shares_subject(asked, tw.terms(quote), self._subject_groups)

    def _unknown_names(self, question: str) -> list[str]:
        """The billing or diagnosis codes, the insurers or health systems, and the states of the
        patient (pregnancy, breastfeeding) the question names that no document names ("CPT 22633",
        "the NHS" in a US clinic's documents), codes first."""
        found = [asked(question) for asked, _ in _NAMED]
        if not any(found):
            return []
        if self._corpus_names is None:  # one pass over the documents, at the first question naming any
            self._corpus_names = tuple(set().union(*(named(d.text) for d in self.index.docs.values()))
                                       for _, named in _NAMED)
        unknown = [sorted(f - n) for f, n in zip(found, self._corpus_names)]
        return [c.upper() for c in unknown[0]] + [name for names in unknown[1:] for name in names]

    def _rare_identifiers(self, q: str) -> set[str]:
        """The codes and long numbers the question names that the corpus names at most `identifier_max_count` times."""
        ids = identifiers(q)
        if not ids:
            return ids
        if self._identifier_counts is None:  # about 0.8 s for 16,000 MedQuAD answers, so not at load
            self._identifier_counts = identifier_counts(d.text for d in self.index.docs.values())
        return {i for i in ids if self._identifier_counts.get(i, 0) <= self.settings.identifier_max_count}

    def _with_antecedent(self, s):
        """A sentence as the selector reads it, and as it is quoted when chosen: together with the
        sentence before it in the same paragraph when it leans on that one ("As a top rated spine
        surgeon, he specializes in ..." after "Dr. Hamid Mir is ..."), with `selector_antecedent`."""
        if not self.settings.selector_antecedent or s.is_list_item or not refers_back(s.text):
            return s
        sents = self._sentences.get(s.doc_id)
        if not sents:
            return s
        at = self._sentence_at.get(s.doc_id)
        if at is None:
            at = self._sentence_at[s.doc_id] = {x.start: i for i, x in enumerate(sents)}
        i = at.get(s.start)
        if not i:
            return s
        prev = sents[i - 1]
        text = self.index.docs[s.doc_id].text
        if prev.is_heading or prev.is_list_item or "\n" in text[prev.end:s.start]:
            return s
        return replace(s, start=prev.start, text=text[prev.start:s.end])

    def _heading(self, s) -> str | None:
        """The heading the selector reads with a sentence: its section's, with the headings that
        section sits under when `selector_heading_path` (a price line under "Medicare" under
        "Out-of-Pocket Costs" reads as an out-of-pocket cost)."""
        if not self.settings.selector_heading_path or s.section is None:
            return s.section
        doc = self.index.docs.get(s.doc_id)
        sec = doc.section_at(s.start) if doc is not None else None
        if sec is None:
            return s.section
        paths = self._heading_paths.get(s.doc_id)
        if paths is None:
            paths = self._heading_paths[s.doc_id] = heading_paths(doc)
        return paths.get(sec.start, s.section)

    def _repaired(self, question: str) -> str:
        """The question with its typos repaired when `fix_typos` is on."""
        return self.speller.fix(question) if self.speller is not None else question

    def _in_clinical_words(self, question: str) -> str:
        """The question with its lay expressions in the corpus's clinical words when `lay_words` is on."""
        return self.lay_words.rewrite(question) if self.lay_words is not None else question

    def _searchable(self, question: str) -> str:
        """The question as searched: typos repaired, lay expressions in clinical words."""
        return self._in_clinical_words(self._repaired(question))

    def ask_batch(self, questions: list[str], ids: list[str] | None = None) -> list[Answer]:
        ids = ids or [None] * len(questions)
        return [self.ask(q, i) for q, i in zip(questions, ids)]

    def _answerable(self, s, questions_ok: bool = False) -> bool:
        """Whether a sentence may be an answer: not a heading and, unless `answer_questions` or
        `questions_ok` (the asker wants questions to ask), not itself a question (an FAQ's question
        line, "Questions to ask your surgeon")."""
        return not s.is_heading and (self.settings.answer_questions or questions_ok or not is_question(s.text))

    def candidates(self, hits: list[Hit], questions_ok: bool = False):
        """The body sentences of the retrieved passages that may be answers, each once."""
        seen, out = set(), []
        for h in hits:
            for s in h.chunk.sentences:
                key = (s.doc_id, s.start)
                if not self._answerable(s, questions_ok) or key in seen:
                    continue
                seen.add(key)
                out.append(s)
        return out

    def _cosines(self, candidates, qvec, alone: bool = False) -> np.ndarray:
        """Each candidate's cosine to the question: the sentence under its heading, or `alone`
        (what the confidence reads). From the index's vectors, or embedded now for a corpus too
        large to keep them."""
        if not candidates:
            return np.zeros(0, dtype=np.float32)
        rows = [self._sentence_row.get((s.doc_id, s.start)) for s in candidates]
        vectors = self.index.sentence_plain_vectors if alone else self.index.sentence_vectors
        if vectors is not None and len(vectors) and all(r is not None for r in rows):
            return vectors[rows] @ qvec
        return self.embedder.encode([format_candidate(s.text, None if alone else s.section) for s in candidates]) @ qvec

    def preselect(self, hits: list[Hit], qvec, questions_ok: bool = False) -> tuple[list, list[Hit]]:
        """The sentences the cross-encoder reads, and the passages they come from.

        The cross-encoder costs about a millisecond a pair on two CPU cores, so it reads only
        the `rerank_candidates` sentences of the retrieved passages that the cheap bi-encoder
        finds closest, plus the `global_candidates` closest sentences of the whole corpus
        (a lay question can miss the passage but still land near the one sentence that answers).
        """
        pool = self.candidates(hits, questions_ok)
        sv = self.index.sentence_vectors
        rows = [self._sentence_row.get((s.doc_id, s.start)) for s in pool]
        if sv is None or not len(sv) or any(r is None for r in rows):  # large corpora keep no sentence vectors
            vecs = self.embedder.encode([format_candidate(s.text, s.section) for s in pool]) if pool else np.zeros((0, 1))
            order = np.argsort(-(vecs @ qvec), kind="stable")[: self.settings.rerank_candidates] if pool else []
            return [pool[i] for i in sorted(order)], hits
        sims = sv @ qvec
        order = np.argsort(-sims[rows], kind="stable")[: self.settings.rerank_candidates]
        chosen = [pool[i] for i in sorted(order)]
        seen = {(s.doc_id, s.start) for s in chosen}
        hits = list(hits)
        in_hits = {h.chunk.chunk_id for h in hits}
        added = 0
        for row in np.argsort(-sims, kind="stable"):
            if added >= self.settings.global_candidates:
                break
            chunk, sent = self._row_sentence[row]
            if (sent.doc_id, sent.start) in seen or not self._answerable(sent, questions_ok):
                continue
            seen.add((sent.doc_id, sent.start))
            chosen.append(sent)
            added += 1
            if chunk.chunk_id not in in_hits:
                hits.append(Hit(chunk, 0.0))
                in_hits.add(chunk.chunk_id)
        return chosen, hits

    # ---- what the Sources view and the evaluator need -------------------------------------
    def search(self, question: str, k: int = 10) -> list[Hit]:
        return self.retriever.search(self._searchable(validate_question(question, self.settings.max_question_chars)), k)

    def document(self, doc_id: str) -> Document:
        return self.index.docs[doc_id]

    def rebuild(self, progress=None, warn=None) -> dict:
        """Refresh the index from the corpus (only changed files re-embedded) and start using it."""
        manifest = build_index(self.settings, self.embedder, progress=progress, warn=warn)
        self._use_index(Index.load(self.settings.index_dir))
        self.triage.warm_up()
        return manifest

    def status(self) -> dict:
        m = dict(self.index.manifest)
        m.pop("doc_hashes", None)
        m["stale_reasons"] = stale_reasons(self.settings, self.embedder.model_id)
        m["selector"] = getattr(self.selector, "name", type(self.selector).__name__)
        m["reader"] = self.reader.name if self.reader is not None else "off (answer phrases not marked)"
        return m


def _reader(settings: Settings, warn=None) -> SpanReader | None:
    """The answer-phrase reader, or None when turned off or its model file is missing (answers
    are then whole sentences, as before; the missing file is reported once)."""
    if not settings.mark_answer_phrase:
        return None
    reader = SpanReader(settings.reader_path or None, threads=settings.reader_threads,
                        min_probability=settings.reader_min_probability)
    if not reader.available():
        msg = (f"answer phrases will not be marked: the reader model is missing from {reader.path} "
               "(restore it with `git checkout -- qa/models`, or re-create it with `python -m qa.train_reader`)")
        (warn or log.warning)(msg)
        return None
    return reader


def _sentence_rows(index: Index) -> tuple[dict[tuple[str, int], int], list]:
    """(doc, sentence start) -> row of `index.sentence_vectors` (in the order the index wrote
    them), and row -> (chunk, sentence)."""
    rows: dict[tuple[str, int], int] = {}
    owners: list = []
    if index.sentence_vectors is None or not len(index.sentence_vectors):
        return rows, owners
    for c in index.chunks:
        for s in c.sentences:
            if not s.is_heading:
                rows.setdefault((s.doc_id, s.start), len(owners))
                owners.append((c, s))
    return rows, owners


def is_question(text: str) -> bool:
    """A sentence that asks rather than tells.

    >>> is_question("• Why do you recommend this procedure?"), is_question("Avoid heavy lifting.")
    (True, False)
    """
    return text.rstrip().rstrip("\"'”’)").endswith("?")


_ASKS_FOR_QUESTIONS = re.compile(
    r"\bquestions?\b[^?]*\b(?:to\s+ask|should\s+i\s+ask|can\s+i\s+ask|do\s+i\s+ask)\b|\bwhat\s+(?:should|can|could|do)\s+i\s+ask\b"
    r"|\bwhat\s+to\s+ask\b",
    re.IGNORECASE,
)


def asks_for_questions(question: str) -> bool:
    """Whether the asker wants questions to ask (then a document's question lines are answers).

    >>> asks_for_questions("What questions should I ask my surgeon?"), asks_for_questions("what should i ask about costs")
    (True, True)
    >>> asks_for_questions("I have questions about recovery, how long is it?")
    False
    """
    return _ASKS_FOR_QUESTIONS.search(question) is not None


def rerank(hits: list[Hit], candidates, scores, fusion_k: float | None = None, keep: int = 1) -> list[Hit]:
    """Passages ordered by the best-scored candidate sentence in each; passages without a
    scored sentence follow in retrieval order.

    With `fusion_k`, the first `keep` passages of this order (by default the one holding the best
    sentence, the answer's) stay first and the rest follow by reciprocal rank fusion, with that k,
    of this order and the retrieval order (`hits` as given): a passage the retrievers agree on is
    not pushed out of the top five because the selector prefers a sentence elsewhere.

    >>> from qa.types import Chunk, Sentence
    >>> c = [Chunk(i, "d", 10 * i, 10 * i + 9, "x", None, ()) for i in range(3)]
    >>> s = [Sentence("d", 10 * i, 10 * i + 5, "y", None) for i in range(3)]
    >>> hits = [Hit(x, 1.0) for x in c]
    >>> [h.chunk.chunk_id for h in rerank(hits, s, [0.1, 0.2, 0.9])]
    [2, 1, 0]
    >>> [h.chunk.chunk_id for h in rerank(hits, s, [0.1, 0.2, 0.9], fusion_k=10)]
    [2, 0, 1]
    """
    best: dict[int, float] = {}
    for s, p in zip(candidates, scores):
        for h in hits:
            if h.chunk.doc_id == s.doc_id and h.chunk.start <= s.start < h.chunk.end:
                best[h.chunk.chunk_id] = max(best.get(h.chunk.chunk_id, float("-inf")), float(p))
    order = sorted(range(len(hits)), key=lambda i: (hits[i].chunk.chunk_id not in best, -best.get(hits[i].chunk.chunk_id, 0.0), i))
    if fusion_k is not None and len(order) > keep + 1:
        fused = {i: 1.0 / (fusion_k + i) + 1.0 / (fusion_k + n) for n, i in enumerate(order)}
        order = order[:keep] + sorted(order[keep:], key=lambda i: (-fused[i], i))
    return [replace(hits[i], score=best.get(hits[i].chunk.chunk_id, hits[i].score)) for i in order]


def _ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000.0


__all__ = ["Assistant", "IndexError_"]
