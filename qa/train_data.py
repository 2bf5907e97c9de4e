"""Training / evaluation pairs for the answer-selector cross-encoder (public data only).

Everything here is a pure function of its inputs plus an explicit seed, so
`python -m qa.train` rebuilds exactly the same pairs every time.

A pair is `Pair(question, candidate, label, source)` where `candidate` is already
formatted with `qa.select.format_candidate(sentence, heading)`, the same function the
runtime uses, and `label` is 1.0 (the candidate answers the question) or 0.0.

Data used (see qa/models/selector/README.md for licenses):
  * SQuAD v1.1 dev + v2.0 dev (answerable and unanswerable questions)
  * COVID-QA course split, **train** file only (dev/test are never used for training)
  * MedQuAD answered pairs, minus a held-out slice of foci used for evaluation
Never used: /work/shared/seeds, /work/shared/eval, covid-qa-test.json (evaluation only).
"""
from __future__ import annotations

import functools
import gzip
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

from qa.select import format_candidate

BENCH = "/work/shared/benchmarks"
SQUAD_V1 = f"{BENCH}/squad/dev-v1.1.rebuilt.json"
SQUAD_V2 = f"{BENCH}/squad/dev-v2.0.rebuilt.json"
COVID_TRAIN = f"{BENCH}/covid-qa/covid-qa-train.json"
COVID_DEV = f"{BENCH}/covid-qa/covid-qa-dev.json"
COVID_TEST = f"{BENCH}/covid-qa/covid-qa-test.json"
MEDQUAD = f"{BENCH}/medquad/medquad-answered.jsonl.gz"
# lay questions we wrote about MedQuAD passages (see training/README.md)
LAY_QUESTIONS = Path(__file__).resolve().parent.parent / "training" / "medquad_lay_questions.jsonl"
SQUAD_QUESTIONS = 8000  # answerable SQuAD questions read by the shipped selector and embedder
SQUAD_NOANS = 1200  # unanswerable SQuAD v2.0 questions read by the shipped selector
MEDQUAD_QUESTIONS = 2700  # MedQuAD training questions read by the shipped selector


class Pair(NamedTuple):
    question: str
    candidate: str
    label: float
    source: str


class Span(NamedTuple):
    start: int
    end: int
    text: str


# ---------------------------------------------------------------- sentence splitting

# sentence end: . ? ! (optionally followed by closing quotes/brackets), whitespace, then an
# optional opening quote/bracket and a capital letter or digit.
_BOUNDARY = re.compile(r"([.?!][\"'\u201d\u2019)\]]*)(\s+)(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")
# words after which a period is usually not a sentence end
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "vs", "etc", "fig", "figs", "no",
    "al", "e.g", "i.e", "approx", "ca", "inc", "ltd", "co", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ref", "refs", "eq", "vol",
}


def _is_abbreviation(line: str, dot_pos: int) -> bool:
    """True when the '.' at line[dot_pos] ends an abbreviation or an initial ("J. Smith")."""
    if line[dot_pos] != ".":
        return False
    m = re.search(r"([A-Za-z][A-Za-z.]*)$", line[:dot_pos])
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isupper():  # an initial, e.g. "J. Smith", "U.S. Army"
        return True
    return word.lower().rstrip(".") in _ABBREV


def split_sentences(text: str) -> list[Span]:
    """Split text into sentences and lines, keeping character offsets.

    Each returned span satisfies `text[span.start:span.end] == span.text`, has no leading or
    trailing whitespace and is non-empty. Newlines always split.
    """
    spans: list[Span] = []

    def add(a: int, b: int) -> None:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append(Span(a, b, text[a:b]))

    for line_m in re.finditer(r"[^\n]+", text):
        base, line = line_m.start(), line_m.group()
        pos = 0
        for b in _BOUNDARY.finditer(line):
            if _is_abbreviation(line, b.start(1)):
                continue
            add(base + pos, base + b.end(1))
            pos = b.end()
        add(base + pos, base + len(line))
    return spans


def sentence_index_at(spans: Sequence[Span], offset: int) -> int:
    """Index of the sentence holding character `offset` (or the last one starting before it)."""
    best = 0
    for i, s in enumerate(spans):
        if s.start <= offset:
            best = i
        else:
            break
    return best


def _norm_q(q: str) -> str:
    return " ".join(re.findall(r"\w+", q.lower()))


def _words(s: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", s.lower()) if len(w) > 2}


def _contains_any(sentence: str, answers: Iterable[str]) -> bool:
    low = sentence.lower()
    return any(a.strip() and a.strip().lower() in low for a in answers)


# ---------------------------------------------------------------- loaders


def load_json(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def load_medquad(path: str = MEDQUAD) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# ---------------------------------------------------------------- SQuAD


@dataclass
class SquadItem:
    question: str
    context: str
    title: str
    answers: list[dict]  # [{"text", "answer_start"}]; empty for unanswerable


def squad_items(datasets: Sequence[dict]) -> tuple[list[SquadItem], list[SquadItem]]:
    """(answerable, unanswerable) SQuAD questions, de-duplicated across files.

    A question is a duplicate when its normalised text and its context are equal to one
    already seen (v1.1 is read first, so v2.0 answerable repeats of v1.1 are dropped).
    """
    seen: set[tuple[str, str]] = set()
    answerable: list[SquadItem] = []
    unanswerable: list[SquadItem] = []
    for ds in datasets:
        for art in ds["data"]:
            title = art.get("title", "").replace("_", " ").strip()
            for para in art["paragraphs"]:
                ctx = para["context"]
                for qa in para["qas"]:
                    key = (_norm_q(qa["question"]), ctx)
                    if key in seen:
                        continue
                    seen.add(key)
                    item = SquadItem(qa["question"].strip(), ctx, title, qa.get("answers") or [])
                    if qa.get("is_impossible") or not item.answers:
                        unanswerable.append(item)
                    else:
                        answerable.append(item)
    return answerable, unanswerable


def _window_text(ctx: str, spans: Sequence[Span], i: int, j: int) -> str:
    return ctx[spans[i].start:spans[j].end]


def squad_pairs(items: Sequence[SquadItem], rng: random.Random, n_neg: int = 3,
                window_prob: float = 0.15) -> list[Pair]:
    """Positive = sentence holding answer_start; negatives = up to n_neg other sentences of
    the same paragraph that do not contain any gold answer text (hard negatives).
    With probability window_prob a candidate is a two-sentence window instead."""
    out: list[Pair] = []
    for it in items:
        spans = split_sentences(it.context)
        if len(spans) < 2:
            continue
        a0 = it.answers[0]
        pi = sentence_index_at(spans, a0["answer_start"])
        gold_texts = [a["text"] for a in it.answers]
        if rng.random() < window_prob:
            j = pi + 1 if pi + 1 < len(spans) else pi - 1
            lo, hi = min(pi, j), max(pi, j)
            pos = _window_text(it.context, spans, lo, hi)
        else:
            pos = spans[pi].text
        out.append(Pair(it.question, format_candidate(pos, it.title), 1.0, "squad"))
        negs = [k for k, s in enumerate(spans) if k != pi and not _contains_any(s.text, gold_texts)]
        rng.shuffle(negs)
        for k in negs[:n_neg]:
            out.append(Pair(it.question, format_candidate(spans[k].text, it.title), 0.0, "squad"))
    return out


def squad_unanswerable_pairs(items: Sequence[SquadItem], rng: random.Random) -> list[Pair]:
    """1-2 sentences of the paragraph of an unanswerable question, as negatives."""
    out: list[Pair] = []
    for it in items:
        spans = split_sentences(it.context)
        if not spans:
            continue
        qw = _words(it.question)
        # prefer the sentences sharing most words with the question ("related but no answer")
        order = sorted(range(len(spans)), key=lambda k: (-len(qw & _words(spans[k].text)), rng.random()))
        for k in order[: rng.choice((1, 2))]:
            out.append(Pair(it.question, format_candidate(spans[k].text, it.title), 0.0, "squad_noans"))
    return out


# ---------------------------------------------------------------- COVID-QA


def covid_pairs(ds: dict, rng: random.Random, n_neg: int = 3, pool: int = 8) -> list[Pair]:
    """Positive = sentence holding the answer start; n_neg hard negatives from the same
    article drawn from the `pool` sentences with most word overlap with the question."""
    out: list[Pair] = []
    for art in ds["data"]:
        for para in art["paragraphs"]:
            ctx = para["context"]
            spans = split_sentences(ctx)
            words = [_words(s.text) for s in spans]
            for qa in para["qas"]:
                if not qa.get("answers"):
                    continue
                q = qa["question"].strip()
                a = qa["answers"][0]
                pi = sentence_index_at(spans, a["answer_start"])
                out.append(Pair(q, format_candidate(spans[pi].text), 1.0, "covid"))
                qw = _words(q)
                cand = [k for k in range(len(spans))
                        if k != pi and len(spans[k].text) >= 25 and not _contains_any(spans[k].text, [a["text"]])]
                cand.sort(key=lambda k: (-len(qw & words[k]), k))
                top = cand[:pool]
                rng.shuffle(top)
                for k in top[:n_neg]:
                    out.append(Pair(q, format_candidate(spans[k].text), 0.0, "covid"))
    return out


# ---------------------------------------------------------------- MedQuAD


@functools.lru_cache(maxsize=None)
def medquad_opening(answer: str, n_sent: int = 1, max_chars: int = 400) -> str:
    """The first n_sent sentences of a MedQuAD answer, skipping leading sentences that are
    questions (GARD answers often repeat the question first)."""
    spans = split_sentences(answer)
    k = 0
    while k < len(spans) and spans[k].text.endswith("?"):
        k += 1
    if k >= len(spans):
        return ""
    text = " ".join(s.text for s in spans[k:k + n_sent])
    if len(text) > max_chars:
        cut = text.rfind(" ", 0, max_chars)
        text = text[: cut if cut > 0 else max_chars]
    return text


def medquad_split(records: Sequence[dict], seed: int, heldout_frac: float = 0.05
                  ) -> tuple[list[dict], list[dict]]:
    """(train, heldout) split by focus. Held-out foci have >= 2 question types. Training
    records whose normalised question equals a held-out question are dropped too."""
    recs = [r for r in records if r.get("focus") and r.get("answer") and medquad_opening(r["answer"])]
    qtypes: dict[str, set[str]] = {}
    for r in recs:
        qtypes.setdefault(r["focus"], set()).add(r["qtype"])
    multi = sorted(f for f, t in qtypes.items() if len(t) >= 2)
    rng = random.Random(seed)
    held = set(rng.sample(multi, max(1, int(len(multi) * heldout_frac))))
    heldout = [r for r in recs if r["focus"] in held]
    held_q = {_norm_q(r["question"]) for r in heldout}
    train = [r for r in recs if r["focus"] not in held and _norm_q(r["question"]) not in held_q]
    return train, heldout


def medquad_pairs(records: Sequence[dict], rng: random.Random, max_questions: int) -> list[Pair]:
    """Question vs its own answer opening (1-2 sentences) = positive; negatives: the opening
    of a same-focus answer of another question type (hard) and of a random other focus.
    Heading = the focus for half of the questions, none for the other half."""
    by_focus: dict[str, list[dict]] = {}
    for r in records:
        by_focus.setdefault(r["focus"], []).append(r)
    foci = sorted(by_focus)
    idx = list(range(len(records)))
    rng.shuffle(idx)
    out: list[Pair] = []
    seen_q: set[str] = set()
    n = 0
    for i in idx:
        if n >= max_questions:
            break
        r = records[i]
        nq = _norm_q(r["question"])
        if nq in seen_q:
            continue
        seen_q.add(nq)
        n += 1
        use_heading = rng.random() < 0.5
        head = (lambda rec: rec["focus"]) if use_heading else (lambda rec: None)
        pos = medquad_opening(r["answer"], rng.choice((1, 2)))
        out.append(Pair(r["question"], format_candidate(pos, head(r)), 1.0, "medquad"))
        own = medquad_opening(r["answer"], 2)
        hard = [o for o in by_focus[r["focus"]]
                if o["qtype"] != r["qtype"] and medquad_opening(o["answer"], 2) != own]
        if hard:
            o = rng.choice(hard)
            out.append(Pair(r["question"], format_candidate(medquad_opening(o["answer"], rng.choice((1, 2))), head(o)),
                            0.0, "medquad_hard"))
        f = rng.choice(foci)
        while f == r["focus"]:
            f = rng.choice(foci)
        o = rng.choice(by_focus[f])
        out.append(Pair(r["question"], format_candidate(medquad_opening(o["answer"], rng.choice((1, 2))), head(o)),
                        0.0, "medquad_rand"))
    return out


# ---------------------------------------------------------------- off-topic negatives


def offtopic_pairs(questions: Sequence[tuple[str, str]], sentences: Sequence[tuple[str, str | None, str]],
                   rng: random.Random, n: int) -> list[Pair]:
    """n random (question, sentence) pairs whose groups differ.
    questions: (question, group); sentences: (sentence, heading, group)."""
    out: list[Pair] = []
    if not questions or not sentences:
        return out
    tries = 0
    while len(out) < n and tries < n * 20:
        tries += 1
        q, g = questions[rng.randrange(len(questions))]
        s, h, sg = sentences[rng.randrange(len(sentences))]
        if sg == g:
            continue
        out.append(Pair(q, format_candidate(s, h), 0.0, "offtopic"))
    return out


# ---------------------------------------------------------------- evaluation sets


def covid_eval_items(ds: dict, block: int = 30) -> list[dict]:
    """For each question: its candidate sentences and the index of the gold one.

    Candidates = the block of `block` consecutive sentences of the article (blocks aligned
    at multiples of `block`) that holds the answer sentence, so the cross-encoder can be
    run on 2 CPU cores; the gold position within the block carries no signal.
    """
    items = []
    for art in ds["data"]:
        for para in art["paragraphs"]:
            ctx = para["context"]
            spans = split_sentences(ctx)
            for qa in para["qas"]:
                if not qa.get("answers"):
                    continue
                pi = sentence_index_at(spans, qa["answers"][0]["answer_start"])
                lo = (pi // block) * block
                cands = [s.text for s in spans[lo:lo + block]]
                items.append({"id": qa["id"], "question": qa["question"].strip(), "candidates": cands,
                              "gold": pi - lo, "all_sentences": [s.text for s in spans], "gold_all": pi})
    return items


def medquad_eval_items(heldout: Sequence[dict], seed: int, max_questions: int = 400,
                       n_hard: int = 5, n_rand: int = 2) -> list[dict]:
    """For each held-out question: own answer opening (gold, index 0 before shuffling) vs
    openings of same-focus answers of other question types and of random other foci."""
    rng = random.Random(seed)
    by_focus: dict[str, list[dict]] = {}
    for r in heldout:
        by_focus.setdefault(r["focus"], []).append(r)
    foci = sorted(by_focus)
    recs = list(heldout)
    rng.shuffle(recs)
    items, seen = [], set()
    for r in recs:
        if len(items) >= max_questions:
            break
        nq = _norm_q(r["question"])
        if nq in seen:
            continue
        own = medquad_opening(r["answer"], 2)
        hard = []
        for o in by_focus[r["focus"]]:
            t = medquad_opening(o["answer"], 2)
            if o["qtype"] != r["qtype"] and t != own and t not in hard:
                hard.append(t)
        if not hard:
            continue
        seen.add(nq)
        rng.shuffle(hard)
        cands = [own] + hard[:n_hard]
        others = [f for f in foci if f != r["focus"]]
        for f in rng.sample(others, min(n_rand, len(others))):
            cands.append(medquad_opening(rng.choice(by_focus[f])["answer"], 2))
        order = list(range(len(cands)))
        rng.shuffle(order)
        items.append({"question": r["question"], "candidates": [cands[k] for k in order],
                      "gold": order.index(0)})
    return items


# ---------------------------------------------------------------- patients' own wording


def load_lay_questions(path: str | Path = LAY_QUESTIONS) -> list[dict]:
    """The lay-question passages (`training/medquad_lay_questions.jsonl`): one MedQuAD passage a
    line, split into sentences, with the questions we wrote for it as patients, staff and
    evaluators would ask them. `split` is "train" or "heldout"."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _same_text(a: str, b: str) -> bool:
    """Whether one sentence holds the other (a summary line that repeats list items)."""
    a, b = " ".join(a.lower().split()), " ".join(b.lower().split())
    return a in b or b in a


def lay_pairs(passages: Sequence[dict], rng: random.Random, n_neg: int = 3, max_pos: int = 2) -> list[Pair]:
    """Pairs from lay questions about MedQuAD passages.

    An answerable question against each sentence that answers it (at most `max_pos`) is
    positive; against `n_neg` other sentences of its passage, and one sentence of another
    passage, negative. An unanswerable question is negative against `n_neg` + 1 sentences of
    its passage: they are on its topic and still do not answer it. A sentence that holds an
    answering sentence, or is held by one, is never a negative. Heading = the passage's topic
    for half of the questions.
    """
    out: list[Pair] = []
    for k, p in enumerate(passages):
        sents = p["sentences"]
        for q in p["questions"]:
            head = p["topic"] if rng.random() < 0.5 else None
            answer = [i for i in q["sids"] if 0 <= i < len(sents)]
            if q["kind"] == "answerable" and not answer:
                continue
            for i in answer[:max_pos]:
                out.append(Pair(q["question"], format_candidate(sents[i], head), 1.0, "lay"))
            others = [i for i in range(len(sents))
                      if i not in answer and not any(_same_text(sents[i], sents[j]) for j in answer)]
            n = n_neg if answer else n_neg + 1
            for i in rng.sample(others, min(n, len(others))):
                out.append(Pair(q["question"], format_candidate(sents[i], head), 0.0,
                                "lay_passage" if answer else "lay_unanswerable"))
            if answer and len(passages) > 1:
                o = passages[(k + 1 + rng.randrange(len(passages) - 1)) % len(passages)]
                out.append(Pair(q["question"], format_candidate(rng.choice(o["sentences"]), head), 0.0, "lay_foreign"))
    return out


def lay_eval_items(passages: Sequence[dict], seed: int, n_foreign: int = 10) -> list[dict]:
    """Every question of held-out passages against its passage's sentences plus `n_foreign`
    sentences of other passages: `golds` are the answering positions (empty: unanswerable)."""
    rng = random.Random(seed)
    items = []
    for k, p in enumerate(passages):
        others = [s for j, o in enumerate(passages) if j != k for s in o["sentences"]]
        foreign = rng.sample(others, min(n_foreign, len(others)))
        cands = list(p["sentences"]) + foreign
        for q in p["questions"]:
            golds = sorted(i for i in q["sids"] if 0 <= i < len(p["sentences"]))
            if q["kind"] == "answerable" and not golds:
                continue
            items.append({"question": q["question"], "candidates": cands, "golds": golds,
                          "persona": q.get("persona")})
    return items


# ---------------------------------------------------------------- patient-style typing


def patient_style(question: str, rng: random.Random, p_lower: float = 0.6, p_no_mark: float = 0.4,
                  p_typo: float = 0.5) -> str:
    """The question as a patient might type it: lower case, no question mark, a typo or two.

    Training questions (SQuAD, COVID-QA, MedQuAD) are carefully written; patients type "is it ok
    to go swimming while im recovring". Each change is drawn independently; a typo deletes,
    doubles or swaps a letter inside a word of five or more letters.

    >>> patient_style("Is it safe?", random.Random(0), 1.0, 1.0, 0.0)
    'is it safe'
    """
    q = question
    if rng.random() < p_lower:
        q = q.lower()
    if rng.random() < p_no_mark:
        q = q.rstrip().rstrip("?").rstrip()
    if rng.random() < p_typo:
        words = q.split(" ")
        long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
        for i in rng.sample(long, min(len(long), rng.choice((1, 1, 2)))):
            w = words[i]
            k = rng.randrange(1, len(w) - 1)
            op = rng.choice(("delete", "double", "swap"))
            if op == "delete":
                w = w[:k] + w[k + 1:]
            elif op == "double":
                w = w[:k] + w[k] + w[k:]
            else:
                w = w[:k] + w[k + 1] + w[k] + w[k + 2:]
            words[i] = w
        q = " ".join(words)
    return q or question


def restyle_questions(pairs: Sequence[Pair], rng: random.Random, share: float) -> list[Pair]:
    """Rewrite a `share` of the distinct questions in patient style (all pairs of a question alike)."""
    if share <= 0:
        return list(pairs)
    questions = sorted({p.question for p in pairs})
    chosen = {q: patient_style(q, rng) for q in questions if rng.random() < share}
    return [p._replace(question=chosen.get(p.question, p.question)) for p in pairs]


# ---------------------------------------------------------------- everything


def build_training_pairs(seed: int = 13, max_pairs: int | None = None,
                         squad_questions: int = SQUAD_QUESTIONS, squad_noans: int = SQUAD_NOANS,
                         medquad_questions: int = MEDQUAD_QUESTIONS, n_offtopic: int = 1200,
                         data: dict | None = None, patient_share: float = 0.0) -> tuple[list[Pair], dict]:
    """All training pairs, shuffled with `seed`. Returns (pairs, stats).

    `data` may hold pre-loaded inputs (keys squad_v1, squad_v2, covid_train, medquad_train,
    covid_test_questions) for testing; by default they are read from /work/shared/benchmarks.
    If max_pairs is given the shuffled list is truncated to it.
    """
    rng = random.Random(seed)
    if data is None:
        mq_train, _ = medquad_split(load_medquad(), seed)
        data = {
            "squad_v1": load_json(SQUAD_V1),
            "squad_v2": load_json(SQUAD_V2),
            "covid_train": load_json(COVID_TRAIN),
            "medquad_train": mq_train,
            "covid_test_questions": [qa["question"] for a in load_json(COVID_TEST)["data"]
                                     for p in a["paragraphs"] for qa in p["qas"]],
        }
    ans, noans = squad_items([data["squad_v1"], data["squad_v2"]])
    rng.shuffle(ans)
    rng.shuffle(noans)
    pairs: list[Pair] = []
    pairs += squad_pairs(ans[:squad_questions], rng)
    pairs += squad_unanswerable_pairs(noans[:squad_noans], rng)
    pairs += covid_pairs(data["covid_train"], rng)
    pairs += medquad_pairs(data["medquad_train"], rng, medquad_questions)

    # off-topic: questions of any source vs a sentence from a different SQuAD article / MedQuAD focus
    qs = [(it.question, "squad:" + it.title) for it in ans[:squad_questions]]
    qs += [(r["question"], "mq:" + r["focus"]) for r in data["medquad_train"][:5000]]
    sents: list[tuple[str, str | None, str]] = []
    for it in ans[squad_questions:squad_questions + 3000] + ans[:1000]:
        for s in split_sentences(it.context)[:3]:
            sents.append((s.text, it.title, "squad:" + it.title))
    for r in data["medquad_train"][:3000]:
        sents.append((medquad_opening(r["answer"]), r["focus"] if rng.random() < 0.5 else None, "mq:" + r["focus"]))
    pairs += offtopic_pairs(qs, sents, rng, n_offtopic)

    # safety: never train on a COVID-QA test question
    banned = {_norm_q(q) for q in data.get("covid_test_questions", [])}
    pairs = [p for p in pairs if _norm_q(p.question) not in banned and p.candidate.strip()]
    pairs = restyle_questions(pairs, random.Random(seed + 1), patient_share)
    rng.shuffle(pairs)
    if max_pairs is not None:
        pairs = pairs[:max_pairs]
    stats: dict = {"total": len(pairs), "positives": int(sum(p.label for p in pairs)),
                   "squad_answerable_questions_unique": len(ans),
                   "squad_unanswerable_questions_unique": len(noans), "by_source": {}}
    for p in pairs:
        d = stats["by_source"].setdefault(p.source, {"pos": 0, "neg": 0})
        d["pos" if p.label > 0.5 else "neg"] += 1
    return pairs, stats
