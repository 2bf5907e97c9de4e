"""External benchmark scripts (bench/): hand-worked scoring, then each run on a tiny real slice."""
from __future__ import annotations

import pytest

from bench import covid_qa, liveqa, medquad, triage_probe
from bench.common import latency_summary, prepare_index, write_jsonl_corpus
from qa.ingest import read_file
from qa.metrics import contains_gold

# ---- scoring, worked out by hand (no model) --------------------------------------------------
Q = covid_qa.CovidQuestion("q1", "What clears the virus?", "7", "viral clearance", 20)  # gold span [20, 35)
DOC = covid_qa.doc_id_for("7")


def _answered(doc, start, end, quote):
    return {"status": "answered", "answer": quote, "citations": [{"doc": doc, "start": start, "end": end, "quote": quote}]}


def test_covid_answer_verdicts_hand_worked():
    # a sentence [0, 40) of the right article that quotes the whole gold answer
    assert covid_qa.answer_verdicts(_answered(DOC, 0, 40, "It ends with viral clearance by T cells."), Q) == \
        {"right_doc": True, "overlap": True, "contains": True}
    # touches the span's last character only: overlaps, does not contain
    assert covid_qa.answer_verdicts(_answered(DOC, 34, 60, "e and more"), Q) == \
        {"right_doc": True, "overlap": True, "contains": False}
    # ends exactly where the span starts ([a, b) ranges): no overlap
    assert covid_qa.answer_verdicts(_answered(DOC, 0, 20, "Nothing here at all."), Q)["overlap"] is False
    # the same words cited from another article count for nothing
    assert covid_qa.answer_verdicts(_answered(covid_qa.doc_id_for("8"), 0, 40, "viral clearance"), Q) == \
        {"right_doc": False, "overlap": False, "contains": False}
    declined = {"status": "no_answer", "answer": None, "citations": []}
    assert covid_qa.answer_verdicts(declined, Q) == {"right_doc": False, "overlap": False, "contains": False}


def test_covid_passage_ranks_hand_worked():
    passages = [
        {"doc": covid_qa.doc_id_for("8"), "start": 0, "end": 100, "text": "viral clearance elsewhere"},  # wrong article
        {"doc": DOC, "start": 30, "end": 90, "text": "ance and the rest"},  # overlaps [20, 35), lacks the text
        {"doc": DOC, "start": 0, "end": 50, "text": "x" * 20 + "viral clearance" + "y" * 15},  # covers it
    ]
    assert covid_qa.first_rank(passages, lambda p: covid_qa.passage_contains_answer(p, Q)) == 3
    assert covid_qa.first_rank(passages, lambda p: covid_qa.passage_overlaps_answer(p, Q)) == 2
    s = covid_qa.score_question({"status": "no_answer", "answer": None, "citations": [], "passages": passages,
                                 "timings_ms": {"total": 12.0}}, Q)
    assert (s["rank"], s["em"], s["f1"], s["answer_words"]) == (3, 0.0, 0.0, 0)


def test_medquad_ranks_hand_worked():
    assert medquad.doc_rank(["a", "b", "a", "c"], {"c", "b"}) == 2
    # ranks 1, 4, none, 12 (beyond the cut): recall@1 1/4, recall@10 2/4, MRR@10 (1 + 1/4) / 4
    m = medquad.rank_metrics([1, 4, None, 12])
    assert m == {"recall@1": 0.25, "recall@10": 0.5, "mrr@10": pytest.approx(0.3125)}
    assert medquad.qid_of(medquad.doc_id_for("GHR/0000804/2")) == "GHR/0000804/2"
    assert medquad.title_for({"focus": "Noonan syndrome", "qtype": "inheritance", "question": "Is it inherited?"}) \
        == "Noonan syndrome (inheritance)"


def test_trec_scores_hand_worked():
    # grades 4, 3, 1 and one unanswered: points 3 + 2 + 0 + 0 over 4 questions
    s = liveqa.trec_scores([4, 3, 1, 2], [True, True, True, False])
    assert s["avg_score"] == pytest.approx(5 / 4)
    assert (s["succ@2+"], s["succ@3+"], s["succ@4+"]) == (0.5, 0.5, 0.25)
    assert s["prec@2+"] == pytest.approx(round(2 / 3, 4))
    assert liveqa.top_document({"citations": [], "passages": [{"doc": "medquad.jsonl#GARD/1/2"}]}) == ("GARD/1/2", "top_passage")


def test_liveqa_question_text():
    q = {"subject": "Gluten information", "message": "Do these  contain gluten?", "nist_paraphrase": ""}
    assert liveqa.question_text(q, "message") == "Gluten information. Do these contain gluten?"
    assert liveqa.question_text(q, "paraphrase") == liveqa.question_text(q, "message")  # no paraphrase: fall back
    long = {"subject": None, "message": "word " * 400}
    clipped = liveqa.question_text(long, "message", 1000)
    assert len(clipped) <= 1000 and clipped.endswith("word")


def test_triage_probe_scores_hand_worked():
    from types import SimpleNamespace as R

    rows = [{"expect": "emergency", "line_word": "chest"}, {"expect": "contact_care_team", "line_word": None},
            {"expect": "emergency", "line_word": "bleeding"}, {"expect": "none"}, {"expect": "none"}]
    records = [R(status="urgent", urgency="emergency", answer="- chest pain"),
               R(status="urgent", urgency="emergency", answer="- fever"),  # urgent, wrong list
               R(status="answered", urgency=None, answer="bleeding is rare"),  # missed
               R(status="urgent", urgency="contact_care_team", answer="- fever"),  # a false alarm
               R(status="no_answer", urgency=None, answer="")]
    assert triage_probe.score(rows, records) == {"red_flags": 3, "urgent_recall": 0.667, "right_list": 0.333,
                                                 "right_line": 0.5, "not_red_flags": 2, "false_urgent": 0.5}


def test_triage_probe_file_is_well_formed():
    rows = triage_probe.load()
    assert len({r["id"] for r in rows}) == len(rows) == 213
    assert {r["expect"] for r in rows} == {"emergency", "contact_care_team", "none"}
    assert {r["use"] for r in rows} == {"tuned", "held-out"}
    more = triage_probe.load(triage_probe.PROBE.with_name("triage_probe_s12.jsonl"))
    assert len({r["id"] for r in rows + more}) == len(rows) + len(more) == 293  # ids unique across both files
    assert {r["set"] for r in more} == {"s12", "s12b"} and {r["expect"] for r in more} == {"emergency", "contact_care_team", "none"}
    wrapped = triage_probe.load(triage_probe.PROBE.with_name("triage_probe_s12c.jsonl"))
    assert len({r["id"] for r in rows + more + wrapped}) == 323 and {r["set"] for r in wrapped} == {"s12c"}


@pytest.mark.parametrize("name, size, answerable", [("lay_questions.jsonl", 120, 84), ("lay_questions_s12.jsonl", 80, 56),
                                                    ("fresh_questions_s13.jsonl", 160, 104), ("fresh_questions_s13c.jsonl", 80, 52),
                                                    ("fresh_questions_s14.jsonl", 80, 52),
                                                    ("fresh_questions_s14b.jsonl", 80, 52),
                                                    ("fresh_questions_s15.jsonl", 80, 52),
                                                    ("fresh_questions_s16.jsonl", 80, 52),
                                                    ("fresh_questions_s17.jsonl", 80, 52),
                                                    ("fresh_questions_s18.jsonl", 80, 52),
                                                    ("fresh_questions_s19.jsonl", 80, 52),
                                                    ("fresh_questions_s20.jsonl", 80, 52),
                                                    ("fresh_questions_s21.jsonl", 120, 78),
                                                    ("fresh_questions_s22.jsonl", 80, 52),
                                                    ("fresh_questions_s23.jsonl", 40, 26),
                                                    ("fresh_questions_s24.jsonl", 40, 26),
                                                    ("fresh_questions_s24b.jsonl", 40, 26),
                                                    ("fresh_questions_s27.jsonl", 40, 26),
                                                    ("fresh_questions_s27b.jsonl", 40, 26),
                                                    ("fresh_questions_s27c.jsonl", 40, 26)])
def test_lay_questions_file_is_well_formed(name, size, answerable):
    from pathlib import Path

    from qa.questions import read_questions

    root = Path(__file__).resolve().parents[1]
    parsed, problems = read_questions(root / "bench" / name)
    rows = [r.gold_row() for r in parsed]
    assert not problems and len({r["id"] for r in rows}) == len(rows) == size
    assert sum(r["kind"] == "answerable" for r in rows) == answerable
    for r in rows:
        if r["kind"] == "answerable":  # every gold answer is copied from the document it names or an alternative
            texts = [(root / "corpus" / d).read_text(encoding="utf-8") for d in [r["doc"], *(r.get("alt_docs") or [])]]
            assert r["answer"] in texts[0], r["id"]
            assert r["answers"] and all(any(a in t for t in texts) for a in r["answers"]), r["id"]


def test_latency_summary_and_corpus_file(tmp_path):
    assert latency_summary([]) == {"n": 0, "p50_ms": None, "p95_ms": None, "mean_ms": None, "max_ms": None}
    assert latency_summary([1.0, 2.0, 3.0, 4.0])["p95_ms"] == 3.9  # 3.85, rounded to 0.1 ms
    path = tmp_path / "c.jsonl"
    rows = [{"id": "a", "title": "A", "text": "Some text."}]
    assert write_jsonl_corpus(path, rows) is True
    assert write_jsonl_corpus(path, rows) is False  # unchanged: left alone, so the index stays fresh


# ---- real data, real model, tiny slices ------------------------------------------------------
@pytest.fixture(scope="module")
def medquad_records():
    return medquad.load_records()


@pytest.mark.slow
def test_covid_split_offsets_and_sample():
    contexts, questions = covid_qa.load_split()
    assert (len(contexts), len(questions)) == (21, 375)
    for q in questions:
        assert contexts[q.doc_key][q.answer_start:q.answer_end] == q.answer
    ctx, qs = covid_qa.subset(contexts, questions, 5)
    assert len(qs) == 5 and set(ctx) == {q.doc_key for q in qs}


@pytest.mark.slow
def test_covid_qa_run_on_five_questions(tmp_path):
    contexts, questions = covid_qa.subset(*covid_qa.load_split(), 5)
    result, rows = covid_qa.run(contexts, questions, tmp_path, selector="cosine")
    m = result["metrics"]
    assert m["questions"] == 5 and len(rows) == 5
    for key in ("recall@1", "recall@5", "recall@10", "mrr@10", "answer_overlap_accuracy", "answer_contains_accuracy",
                "exact_match", "f1", "declined_rate", "sentence_ceiling_f1"):
        assert 0.0 <= m[key] <= 1.0, key
    assert m["recall@1"] <= m["recall@5"] <= m["recall@10"]
    assert m["recall@1"] <= m["mrr@10"] <= m["recall@10"]
    assert m["answer_passages_recall@1"] <= m["answer_passages_recall@5"] <= m["answer_passages_recall@10"] <= 1.0
    assert m["answer_overlap_accuracy"] <= m["answer_right_doc"] and m["answer_contains_accuracy"] <= m["answer_right_doc"]
    assert m["exact_match"] <= m["f1"]
    assert sum(m["status_counts"].values()) == 5
    assert 0 < m["latency"]["p50_ms"] <= m["latency"]["p95_ms"]
    assert result["index"]["documents"] == len(contexts) and result["index"]["chunks"] > 0
    assert result["index"]["built_now"] is True and result["index"]["build_seconds"] > 0
    # every retrieved passage and citation points at real text of the indexed article
    docs = {d.doc_id: d for d in read_file(tmp_path / "corpus" / covid_qa.CORPUS_FILE, covid_qa.CORPUS_FILE)}
    for r in rows:
        assert docs[r["gold_doc"]].text[r["gold_span"][0]:r["gold_span"][1]] == r["gold"]
        for doc, a, b in r["cited"] + r["passages"] + r["retrieved"]:
            assert doc in docs and 0 <= a < b <= len(docs[doc].text)
    # the sentence ceiling quotes the whole gold answer for every question
    from qa.chunk import document_sentences

    for q in questions:
        assert contains_gold(covid_qa.sentence_ceiling(document_sentences(docs[q.doc_id]), q), [q.answer])
    # a second run finds the index fresh and does not rebuild it
    _, info = prepare_index(tmp_path / "corpus", tmp_path / "index", top_k=10)
    assert info["built_now"] is False and info["chunks"] == result["index"]["chunks"]


@pytest.mark.slow
def test_medquad_run_on_50_docs(tmp_path, medquad_records):
    records = medquad_records[:50]
    result, rows = medquad.run(records, tmp_path, n_questions=5, selector="cosine", index_type="hnsw")
    assert result["index"]["documents"] == 50 and result["index"]["index_type"] == "hnsw"
    assert len(rows) == 5 and {r["qid"] for r in rows} <= {r["qid"] for r in records}
    assert {"dense", "lexical", "rrf"} <= set(result["metrics"]) == set(result["settings"]["fusions"])
    for fusion in result["settings"]["fusions"]:
        fm = result["metrics"][fusion]
        for kind in ("paired", "same_question"):
            m = fm[kind]
            assert 0.0 <= m["recall@1"] <= m["mrr@10"] <= m["recall@10"] <= 1.0, (fusion, kind)
        # any answer to the identical question is a superset of the paired answer
        assert fm["same_question"]["recall@10"] >= fm["paired"]["recall@10"]
        assert fm["latency"]["n"] == 5 and 0 < fm["latency"]["p50_ms"] <= fm["latency"]["p95_ms"]
    # 5 questions over 50 answers: the fused search finds at least one paired answer
    assert result["metrics"]["rrf"]["paired"]["recall@10"] >= 0.2
    ann = result["ann_check"]
    assert ann["hnsw_recall_of_exact@10"] >= 0.9  # 300 vectors: HNSW is all but exact
    assert set(ann["hnsw_recall_of_exact@10_by_efSearch"]) >= {"16", "64", "128", "256"}
    assert 0.0 <= ann["exact_rrf_paired"]["recall@1"] <= ann["exact_rrf_paired"]["recall@10"] <= 1.0
    # the question sample is fixed by the seed, and it is what was searched
    assert [r["qid"] for r in rows] == [r["qid"] for r in medquad.sample_questions(records, 5, 13)]
    assert len({r["qid"] for r in rows}) == 5


@pytest.mark.slow
def test_liveqa_judgments_join_every_distributed_text(medquad_records):
    judged, stats = liveqa.load_judgments(medquad_records)
    assert stats["judgments"] == 2479 and stats["judgments_with_text"] == 565
    assert stats["judged_texts_matched"] == stats["judged_texts"] == 446
    assert set(judged) <= set(range(1, 105))
    assert all(1 <= g <= 4 for per_q in judged.values() for g in per_q.values())


@pytest.mark.slow
def test_liveqa_run_on_judged_docs(tmp_path, medquad_records):
    questions = liveqa.load_questions()[:5]
    judged, _ = liveqa.load_judgments(medquad_records)
    wanted = {qid for q in questions for qid in judged.get(liveqa.qnum(q["qid"]), {})}
    records = [r for r in medquad_records if r["qid"] in wanted][:50]
    assert records, "the first five LiveQA questions have judged MedQuAD answers"
    result, rows = liveqa.run(records, questions, tmp_path, selector="cosine", variants=("paraphrase",))
    m = result["metrics"]["paraphrase"]
    assert len(rows) == 5 and m["top_document"]["questions"] == 5
    for view in ("top_document", "answered_only"):
        s = m[view]
        assert 0.0 <= s["avg_score"] <= 3.0
        assert s["succ@2+"] >= s["succ@3+"] >= s["succ@4+"]
        if s["answered"]:
            assert s["prec@2+"] >= s["succ@2+"]
    assert m["answered_only"]["avg_score"] <= m["top_document"]["avg_score"]
    # a corpus made only of documents judged for these questions: some top document is judged
    assert 0.0 < m["judged_coverage"] <= 1.0
    assert m["avg_score_over_judged_only"] >= m["top_document"]["avg_score"]
    for r in rows:
        expected = judged.get(liveqa.qnum(r["qid"]), {}).get(r["top_doc"])
        assert r["judgment"] == expected
