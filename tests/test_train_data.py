"""Unit tests of the selector's training-data builders (tiny inline data, no model)."""
import math
import random

from qa.select import format_candidate
from qa.train_data import (
    Pair,
    build_training_pairs,
    covid_eval_items,
    covid_pairs,
    lay_eval_items,
    lay_pairs,
    load_lay_questions,
    medquad_opening,
    medquad_pairs,
    medquad_split,
    patient_style,
    restyle_questions,
    sentence_index_at,
    split_sentences,
    squad_items,
    squad_pairs,
    squad_unanswerable_pairs,
)

CTX = ("The Normans were a people in Normandy. They descended from Norse raiders! "
       "Were they Christian? Yes, e.g. Rollo was baptised in 911.\nDr. Smith wrote about it.")


def _squad(ctx, qas, title="The_Normans"):
    return {"version": "v2.0", "data": [{"title": title, "paragraphs": [{"context": ctx, "qas": qas}]}]}


def test_splitter_offsets_and_boundaries():
    spans = split_sentences(CTX)
    assert [s.text for s in spans] == [
        "The Normans were a people in Normandy.",
        "They descended from Norse raiders!",
        "Were they Christian?",
        "Yes, e.g. Rollo was baptised in 911.",  # "e.g." before a capital is not a boundary
        "Dr. Smith wrote about it.",  # newline splits; "Dr." is not a boundary
    ]
    for s in spans:
        assert CTX[s.start:s.end] == s.text
    # lower-case after a period: no split; initials: no split
    assert len(split_sentences("It costs 3.5 dollars. then more.")) == 1
    assert len(split_sentences("J. Smith and Mrs. Jones met.")) == 1
    # known limitation (kept so the shipped model's training data stays re-creatable):
    # multi-letter dotted abbreviations such as "U.S." before a capital do split
    assert len(split_sentences("The U.S. Army met.")) == 2


def test_sentence_index_at():
    spans = split_sentences(CTX)
    assert sentence_index_at(spans, CTX.index("Norse")) == 1
    assert sentence_index_at(spans, CTX.index("911")) == 3
    assert sentence_index_at(spans, 0) == 0
    # an offset in the whitespace between sentences belongs to the previous sentence
    assert sentence_index_at(spans, CTX.index(" They")) == 0


def test_squad_positive_holds_answer_and_negatives_do_not():
    ds = _squad(CTX, [{"id": "1", "question": "Who did the Normans descend from?",
                       "answers": [{"text": "Norse raiders", "answer_start": CTX.index("Norse raiders")}]}])
    ans, noans = squad_items([ds])
    assert len(ans) == 1 and not noans
    pairs = squad_pairs(ans, random.Random(0), window_prob=0.0)
    pos = [p for p in pairs if p.label == 1.0]
    neg = [p for p in pairs if p.label == 0.0]
    assert pos == [Pair("Who did the Normans descend from?",
                        "The Normans: They descended from Norse raiders!", 1.0, "squad")]
    assert len(neg) == 3
    assert all("Norse raiders" not in p.candidate and p.candidate.startswith("The Normans: ") for p in neg)


def test_squad_two_sentence_window_contains_answer():
    ds = _squad(CTX, [{"id": "1", "question": "When was Rollo baptised?",
                       "answers": [{"text": "911", "answer_start": CTX.index("911")}]}])
    ans, _ = squad_items([ds])
    pos = [p for p in squad_pairs(ans, random.Random(0), window_prob=1.0) if p.label == 1.0]
    assert len(pos) == 1 and "911" in pos[0].candidate and "Dr. Smith" in pos[0].candidate


def test_squad_dedup_and_unanswerable():
    q = {"id": "1", "question": "Who did the Normans descend from?",
         "answers": [{"text": "Norse raiders", "answer_start": CTX.index("Norse raiders")}]}
    imp = {"id": "2", "question": "What did the Normans eat?", "answers": [], "is_impossible": True}
    ans, noans = squad_items([_squad(CTX, [q]), _squad(CTX, [dict(q, id="1b"), imp])])
    assert len(ans) == 1 and len(noans) == 1  # the repeated question is dropped
    negs = squad_unanswerable_pairs(noans, random.Random(0))
    assert 1 <= len(negs) <= 2 and all(p.label == 0.0 for p in negs)
    # most word overlap with "What did the Normans eat?" comes first
    assert negs[0].candidate == "The Normans: The Normans were a people in Normandy."


def test_covid_pairs():
    ctx = ("Title of paper\n\nThe virus binds the ACE2 receptor on host cells. "
           "Masks reduce the spread of the virus between people. Bats host many coronaviruses.")
    ds = {"data": [{"paragraphs": [{"context": ctx, "qas": [
        {"id": "9", "question": "Which receptor does the virus bind?",
         "answers": [{"text": "the ACE2 receptor", "answer_start": ctx.index("the ACE2")}]}]}]}]}
    pairs = covid_pairs(ds, random.Random(0))
    assert pairs[0] == Pair("Which receptor does the virus bind?",
                            "The virus binds the ACE2 receptor on host cells.", 1.0, "covid")
    assert {p.candidate for p in pairs[1:]} == {"Masks reduce the spread of the virus between people.",
                                                "Bats host many coronaviruses."}  # title is < 25 chars
    item = covid_eval_items(ds)[0]
    assert item["candidates"][item["gold"]] == "The virus binds the ACE2 receptor on host cells."


MQ = [
    {"question": "What is (are) Glaucoma ?", "qtype": "information", "focus": "Glaucoma",
     "answer": "What is glaucoma? Glaucoma is a group of eye diseases. It damages the optic nerve."},
    {"question": "What are the treatments for Glaucoma ?", "qtype": "treatment", "focus": "Glaucoma",
     "answer": "Eye drops lower the pressure in the eye. Surgery may help."},
    {"question": "What are the symptoms of Gout ?", "qtype": "symptoms", "focus": "Gout",
     "answer": "Gout causes sudden severe joint pain."},
    {"question": "What causes Gout ?", "qtype": "causes", "focus": "Gout",
     "answer": "Too much uric acid in the blood causes gout."},
]


def test_medquad_opening_skips_repeated_question():
    assert medquad_opening(MQ[0]["answer"]) == "Glaucoma is a group of eye diseases."
    assert medquad_opening(MQ[0]["answer"], 2) == "Glaucoma is a group of eye diseases. It damages the optic nerve."


def test_medquad_pairs_and_split():
    pairs = medquad_pairs(MQ, random.Random(0), max_questions=10)
    assert sum(p.label for p in pairs) == 4 and len(pairs) == 12
    for p in pairs:
        if p.source == "medquad_hard":
            assert "Glaucoma" in p.question and ("Eye drops" in p.candidate or "eye diseases" in p.candidate) \
                or "Gout" in p.question and ("uric" in p.candidate or "joint pain" in p.candidate)
    pos = {p.question: p.candidate for p in pairs if p.label == 1.0}
    assert pos["What are the treatments for Glaucoma ?"] in (
        "Eye drops lower the pressure in the eye.", "Glaucoma: Eye drops lower the pressure in the eye.",
        "Eye drops lower the pressure in the eye. Surgery may help.",
        "Glaucoma: Eye drops lower the pressure in the eye. Surgery may help.")
    train, held = medquad_split(MQ, seed=1, heldout_frac=0.5)
    assert len(held) == 2 and len(train) == 2
    assert not {r["focus"] for r in train} & {r["focus"] for r in held}


def test_no_test_question_leaks_and_deterministic():
    q_test = "Who did the Normans descend from?"
    data = {
        "squad_v1": _squad(CTX, [{"id": "1", "question": q_test,
                                  "answers": [{"text": "Norse raiders", "answer_start": CTX.index("Norse raiders")}]},
                                 {"id": "2", "question": "When was Rollo baptised?",
                                  "answers": [{"text": "911", "answer_start": CTX.index("911")}]}]),
        "squad_v2": {"data": []},
        "covid_train": {"data": []},
        "medquad_train": MQ,
        "covid_test_questions": [q_test],
    }
    p1, stats = build_training_pairs(seed=3, data=data)
    p2, _ = build_training_pairs(seed=3, data=data)
    assert p1 == p2 and stats["total"] == len(p1) > 0
    assert all(p.question != q_test for p in p1)
    assert any(p.question == "When was Rollo baptised?" and p.label == 1.0 for p in p1)
    assert all(isinstance(p.label, float) for p in p1)


def test_format_candidate_used():
    assert format_candidate("Avoid lifting.", "Activity and Lifestyle Modifications") == \
        "Activity and Lifestyle Modifications: Avoid lifting."


def test_patient_style_changes_only_case_mark_and_letters():
    rng = random.Random(5)
    q = "Which regions of the spine does Dr. Mir specialise in?"
    for _ in range(200):
        got = patient_style(q, rng)
        assert got and len(got.split(" ")) == len(q.split(" "))
        assert abs(len(got.rstrip("?")) - len(q.rstrip("?"))) <= 2  # at most two letters added or removed
        for a, b in zip(got.lower().split(" "), q.lower().split(" ")):
            assert a == b or (len(b) >= 5 and b.isalpha()) or b.endswith("?")
    assert patient_style(q, random.Random(1), 0.0, 0.0, 0.0) == q
    assert patient_style(q, random.Random(1), 1.0, 1.0, 0.0) == q.lower()[:-1]


def test_restyle_keeps_labels_and_rewrites_every_pair_of_a_question_alike():
    pairs = [Pair(f"What is question number {i}?", f"candidate {j}", float(j == 0), "squad")
             for i in range(200) for j in range(3)]
    out = restyle_questions(pairs, random.Random(2), 0.5)
    assert [(p.candidate, p.label, p.source) for p in out] == [(p.candidate, p.label, p.source) for p in pairs]
    by_orig: dict[str, set[str]] = {}
    for before, after in zip(pairs, out):
        by_orig.setdefault(before.question, set()).add(after.question)
    assert all(len(v) == 1 for v in by_orig.values())
    changed = sum(next(iter(v)) != k for k, v in by_orig.items())
    assert 40 <= changed <= 100  # about half were chosen; a few draws change nothing
    assert restyle_questions(pairs, random.Random(2), 0.0) == pairs
    assert restyle_questions(pairs, random.Random(2), 0.5) == out  # deterministic


LAY = [
    {"pid": "a", "topic": "Back Pain", "split": "train", "sentences": [
        "Most back pain gets better within a few weeks.",
        "Symptoms include: stiffness, soreness.",
        "Stiffness",
        "See a doctor if you have numbness in the legs.",
        "Heat packs may help."],
     "questions": [
         {"question": "my back is killing me will it ever settle", "kind": "answerable", "sids": [0], "persona": "patient"},
         {"question": "when do i need to get it checked", "kind": "answerable", "sids": [3], "persona": "patient"},
         {"question": "how much does physio cost", "kind": "unanswerable", "sids": [], "persona": "patient"},
         {"question": "feels tight in the morning, normal?", "kind": "answerable", "sids": [2], "persona": "patient"}]},
    {"pid": "b", "topic": "Gout", "split": "heldout", "sentences": ["Gout is a kind of arthritis.", "It often starts in the big toe."],
     "questions": [{"question": "which joint does it hit first", "kind": "answerable", "sids": [1], "persona": "staff"},
                   {"question": "is gout catching", "kind": "unanswerable", "sids": [], "persona": "patient"}]},
]


def test_lay_pairs_label_answers_only_and_never_a_sentence_holding_one():
    pairs = lay_pairs(LAY, random.Random(0))
    sents = {s for p in LAY for s in p["sentences"]}
    for p in pairs:
        sentence = next(s for s in sents if p.candidate.endswith(s))
        if p.question == "my back is killing me will it ever settle" and p.label == 1.0:
            assert sentence == LAY[0]["sentences"][0]
        if p.question == "how much does physio cost":
            assert p.label == 0.0 and p.source == "lay_unanswerable"
        if p.question == "feels tight in the morning, normal?" and p.source == "lay_passage":
            assert sentence != "Symptoms include: stiffness, soreness."  # it holds the answer "Stiffness"
    positives = [p for p in pairs if p.label == 1.0]
    assert len(positives) == 4  # one per answerable question
    assert any(p.source == "lay_foreign" for p in pairs)
    assert pairs == lay_pairs(LAY, random.Random(0))  # deterministic for a seed


def test_lay_eval_items_mark_answers_and_unanswerables():
    items = lay_eval_items(LAY, seed=1, n_foreign=3)
    it = next(i for i in items if i["question"] == "which joint does it hit first")
    assert [it["candidates"][g] for g in it["golds"]] == ["It often starts in the big toe."]
    assert len(it["candidates"]) == 2 + 3
    assert next(i for i in items if i["question"] == "is gout catching")["golds"] == []


def test_shipped_lay_questions_are_well_formed_and_held_out_by_passage():
    passages = load_lay_questions()
    assert {p["split"] for p in passages} == {"train", "heldout"}
    train_q = {q["question"] for p in passages if p["split"] == "train" for q in p["questions"]}
    for p in passages:
        for q in p["questions"]:
            assert q["kind"] in ("answerable", "unanswerable")
            assert all(0 <= i < len(p["sentences"]) for i in q["sids"])
            assert bool(q["sids"]) == (q["kind"] == "answerable")
            if p["split"] == "heldout":
                assert q["question"] not in train_q


def test_question_batches_keep_a_questions_pairs_together_and_the_listwise_loss():
    import torch

    from qa.train import listwise_loss, make_question_batches

    pairs = [Pair(f"q{i // 4}", f"c{i}", float(i % 4 == 0), "x") for i in range(200)]
    batches = make_question_batches(pairs, 32, seed=13)
    assert sorted(p.candidate for b in batches for p in b) == sorted(p.candidate for p in pairs)
    assert all(len(b) <= 32 for b in batches)
    where = {p.question: i for i, b in enumerate(batches) for p in b}
    assert all(where[p.question] == i for i, b in enumerate(batches) for p in b)  # no question split
    assert [[p.candidate for p in b] for b in make_question_batches(pairs, 32, seed=13)] == \
        [[p.candidate for p in b] for b in batches]  # deterministic for a seed
    group = pairs[:4]  # one positive, three negatives
    assert abs(float(listwise_loss(torch.zeros(4), group)) - math.log(4)) < 1e-6
    assert float(listwise_loss(torch.tensor([20.0, 0.0, 0.0, 0.0]), group)) < 1e-6
    assert float(listwise_loss(torch.zeros(3), pairs[1:4])) == 0.0  # no positive: nothing to compare
