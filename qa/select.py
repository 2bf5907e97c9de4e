"""Answer selection: score (question, candidate sentence) pairs with the trained cross-encoder."""
from __future__ import annotations

import logging
import math
import os
import re
from collections import Counter
from pathlib import Path

import numpy as np


def format_candidate(sentence: str, heading: str | None = None) -> str:
    """The text the selector reads for one candidate: its section heading, then the sentence.

    Training (`qa.train`) and inference build candidates with this one function, so the
    model always sees the same shape of input.

    >>> format_candidate("Avoid heavy lifting.", "Activity and Lifestyle")
    'Activity and Lifestyle: Avoid heavy lifting.'
    """
    heading = (heading or "").strip().rstrip(":?").strip()
    sentence = sentence.strip()
    return f"{heading}: {sentence}" if heading else sentence



log = logging.getLogger(__name__)

SHIPPED_SELECTOR = Path(__file__).parent / "models" / "selector"


_STOP = frozenset(
    "a an the of to in for on and or is are was were be been can i my me it its this that with do does did what how "
    "when will would could should after your you there their they them at by from as if any so not no".split()
)


_TOKEN = re.compile(r"[a-z0-9$][a-z0-9$.'-]*")  # a word or number of lower-cased text


def content_words(text: str) -> set[str]:
    """Lower-cased words and numbers of a text, without the commonest function words."""
    return {w for w in _TOKEN.findall(text.lower()) if w not in _STOP}


def content_overlap(question: str, sentence: str) -> float:
    """Share of the question's content words that the sentence contains (0..1).

    >>> round(content_overlap("What is the cost for CPT 63020?", "CPT Code 63020 costs $271.49"), 3)
    0.667
    """
    q = content_words(question)
    return len(q & content_words(sentence)) / len(q) if q else 0.0


# what a question sets its subject against ("completely healed, not just up and walking", "longer than
# someone with a desk job"): not what it asks about
_CONTRAST = re.compile(r"\b(?:not\s+(?:just|only)|rather\s+than|instead\s+of|other\s+than|than)\b[^,.;:?!]*", re.IGNORECASE)


class TermWeights:
    """Word overlap as a search engine weighs it: shared words count by how rare their stem is in the
    corpus (inverse document frequency over its passages), so "blind" in "- Blindness" outweighs
    "back surgery", which half the corpus says. Question words the corpus never uses are left out:
    they cannot be shared, and only dilute the words that can.

    >>> tw = TermWeights(["back surgery risks", "back surgery recovery", "Blindness is rare"])
    >>> [round(float(x), 2) for x in tw.overlap("can back surgery make you blind?", ["- Blindness", "What back surgery means"])]
    [0.55, 0.45]
    """

    def __init__(self, texts):
        import Stemmer

        self._stem = Stemmer.Stemmer("english").stemWords
        df: Counter = Counter()
        n = 0
        self._phrase_df: Counter = Counter()  # passages holding each pair of adjacent words
        for t in texts:
            n += 1
            df.update(self.terms(t))
            self._phrase_df.update(self.phrases(t))
        self._idf = {w: math.log((n + 1) / (c + 1)) for w, c in df.items()}
        self._common: tuple[float, set[str]] | None = None

    def terms(self, text: str) -> set[str]:
        return set(self._stem(list(content_words(text))))

    def phrases(self, text: str) -> set[tuple[str, str]]:
        """Adjacent pairs of content-word stems ("rod bender", "part time")."""
        words = _TOKEN.findall(text.lower())
        stems = [None if w in _STOP else st for w, st in zip(words, self._stem(words))]
        return {(a, b) for a, b in zip(stems, stems[1:]) if a and b and a != b}

    def phrase_hits(self, question: str, sentences: list[str], max_df: int, common_share: float = 0.2) -> np.ndarray:
        """1 for each sentence sharing with the question a pair of adjacent words that at most
        `max_df` passages hold ("part time", "rod bender"), else 0. Pairs with a word found in more
        than `common_share` of the passages ("open surgery") or a capitalised name ("Dr. Hamid Mir":
        the question's subject, which the sentences about that person all name) do not count,
        nor do words the question sets its subject against ("not just up and walking").

        >>> tw = TermWeights(["return to part time work", "time to heal", "part of the spine", "the spine"])
        >>> tw.phrase_hits("when can i go back part time?", ["start part time work", "part of it takes time"], 1, 1.0).tolist()
        [1.0, 0.0]
        >>> tw.phrase_hits("not just part time?", ["start part time work"], 1, 1.0).tolist()
        [0.0]
        """
        if self._common is None or self._common[0] != common_share:
            self._common = (common_share, self.common(common_share))
        capitalised = re.findall(r"\b[A-Z][a-z]+\b", question)[question[:1].isupper():]  # not the first word
        names = set(self._stem([w.lower() for w in capitalised]))
        rare = {p for p in self.phrases(_CONTRAST.sub(",", question)) if 0 < self._phrase_df.get(p, 0) <= max_df
                and not (set(p) & (self._common[1] | names))}
        if not rare:
            return np.zeros(len(sentences), dtype=np.float32)
        return np.array([bool(rare & self.phrases(t)) for t in sentences], dtype=np.float32)

    def common(self, share: float) -> set[str]:
        """The stems found in more than `share` of the passages (a spine corpus's "spine", "surgery")."""
        return {w for w, idf in self._idf.items() if idf < math.log(1 / share)}

    def overlap(self, question: str, sentences: list[str]) -> np.ndarray:
        """For each sentence, the IDF-weighted share of the question's (corpus) words it contains (0..1)."""
        q = {w: self._idf[w] for w in self.terms(question) if w in self._idf}
        total = sum(q.values())
        if not total:
            return np.zeros(len(sentences))
        return np.array([sum(q[w] for w in self.terms(s) if w in q) / total for s in sentences])


_IDENTIFIER = re.compile(r"(?<![\w.$])[A-Za-z]*\d[\dA-Za-z/-]*(?![\w])")


def identifiers(text: str) -> set[str]:
    """Codes and long numbers a text names (three digits or more: "CPT 63020", "22558"), lower-cased.

    >>> sorted(identifiers("Medicare cost for CPT 22558 (ALIF) and 63020, after 6 weeks?"))
    ['22558', '63020']
    """
    return {m.lower() for m in _IDENTIFIER.findall(text) if sum(ch.isdigit() for ch in m) >= 3}


# a billing or diagnosis code: after "CPT", "HCPCS", "ICD(-10)" or "code", or a bare five-digit number (a CPT code's shape)
_CODE = re.compile(r"\b(?:cpt|hcpcs|icd(?:-?1[01])?(?:-cm)?|codes?)\s*(?:codes?\s*)?(?:#|no\.?|number)?\s*:?\s*"
                   r"([A-Za-z]?\d[\dA-Za-z.]*\d)(?![\w])|(?<![\w.$,])(\d{5})(?!\w|[.,]\d)", re.IGNORECASE)


_CODE_TOKEN = re.compile(r"(?<![\w.])[a-z]?\d[\da-z.]*", re.IGNORECASE)


def code_tokens(text: str) -> set[str]:
    """Every token of a text shaped like a code, lower-cased: what `codes` of a question is looked up in.

    >>> sorted(code_tokens("CPT Code 63030 (Microdiscectomy): $225.06. ICD-10 M51.16."))
    ['10', '225.06', '63030', 'm51.16']
    """
    return {m.rstrip(".").lower() for m in _CODE_TOKEN.findall(text)}


def codes(text: str) -> set[str]:
    """The billing or diagnosis codes a text names, lower-cased: "CPT 22633", "ICD-10 M51.16", a
    bare "63030". Years, ages, prices and counts are not codes.

    >>> sorted(codes("Medicare OOP for CPT 22633 and 63030, ICD-10 M51.16? I'm 62, surgery in 2019, $12000"))
    ['22633', '63030', 'm51.16']
    """
    return {(a or b).lower() for a, b in _CODE.findall(text)}


def _named(patterns, text: str) -> set[str]:
    """The names of the (name, pattern) pairs whose pattern the text matches."""
    return {name for name, pattern in patterns if pattern.search(text)}


# health insurers and health systems, each with the names people call it by; the first is the one shown
_PAYERS: tuple[tuple[str, ...], ...] = (
    ("NHS", "national health service"), ("Medicaid", "medi-cal"), ("Medicare",), ("Medigap",), ("AARP",),
    ("Kaiser", "kaiser permanente"), ("Aetna",), ("Cigna",),
    ("UnitedHealthcare", "united healthcare", "united health care", "uhc"), ("Humana",), ("Anthem",),
    ("Blue Cross", "bcbs", "blue shield"), ("TRICARE",), ("Molina",), ("Ambetter",), ("Oscar Health",),
    ("Highmark",), ("WellCare",), ("Bupa",), ("Health Net",), ("EmblemHealth", "emblem health"),
)
_PAYER_PATTERNS = tuple((group[0], re.compile(r"\b(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in group) + r")\b",
                                             re.IGNORECASE)) for group in _PAYERS)


# paying without insurance is a way of paying too: a clinic whose documents never speak of it cannot
# answer "what's the cash price if I have no insurance?" with its Medicare or no-fault lines
_PAYER_PATTERNS += (("paying without insurance", re.compile(
    r"\b(?:cash|self[- ]?pay(?:ing|s)?|uninsured|no (?:health |medical )?insurance|without (?:any )?(?:health )?insurance|"
    r"(?:don'?t|do not|dont) have (?:any )?(?:health |medical )?insurance|not insured)\b", re.IGNORECASE)),)


def payers(text: str) -> set[str]:
    """The health insurers or health systems a text names, by the name shown for each, and paying
    without insurance.

    >>> sorted(payers("does uhc or the NHS cover it? my wife has kaiser permanente"))
    ['Kaiser', 'NHS', 'UnitedHealthcare']
    >>> sorted(payers("whats the cash price if i dont have insurance"))
    ['paying without insurance']
    """
    return _named(_PAYER_PATTERNS, text)


# states of the patient that change what a spine clinic would advise, and that general lines about
# candidates or risks do not speak to: a clinic whose documents never mention them cannot answer
# "i'm 5 months pregnant, can i still have MISS?" with its line on who is a candidate, nor "will they
# put me fully to sleep or just numb my back?" with its line on the risks of anesthesia
_STATE_PATTERNS = (
    ("pregnancy", re.compile(r"\b(?:pregnan(?:t|cy|cies)|expecting a baby|trying to (?:conceive|get pregnant)|"
                             r"\d+ (?:weeks|months) (?:along|gone))\b", re.IGNORECASE)),
    ("breastfeeding", re.compile(r"\b(?:breast-?feeding|breast ?fed|nursing (?:my|a|the) (?:baby|newborn|infant))\b",
                                 re.IGNORECASE)),
    # and two things of the day of surgery a patient asks about: whether they will be asleep, and fasting
    ("the type of anesthesia", re.compile(
        r"\b(?:general|local|regional|spinal)\s+an(?:a)?esthe\w+|\bsedat(?:ion|ed)\b"
        # asked ("will they put me fully to sleep", "will i be knocked out"), not a fear told ("scared of being put under")
        r"|\b(?:will|would|do|does|am|are|is)\s+(?:\w+\s+){0,2}?(?:(?:put|be)\s+(?:(?:me|you|him|her|them|us|patients|people)\s+)?"
        r"(?:fully\s+|completely\s+|totally\s+|all\s+the\s+way\s+)?(?:to\s+sleep|asleep|under|knocked\s+out)|go\s+under)\b(?!\s+the\s+knife)"
        r"|\bawake\s+(?:during|for|through)\s+(?:the|my|his|her)\s+(?:surgery|operation|op|procedure)\b"
        r"|\bor\s+(?:just\s+|only\s+)?numb(?:ed|ing)?\b|\b(?:just|only)\s+numb(?:ed|ing)?\s+(?:my|the|your|his|her)\s+(?:back|spine|neck|area|skin)\b",
        re.IGNORECASE)),
    ("eating and drinking before surgery", re.compile(
        r"\b(?:stop|no)\s+eating\b|\bnothing\s+to\s+(?:eat|drink)\b|\beat(?:ing)?\s+(?:or|and)\s+drink(?:ing)?\b[^.?!]{0,40}\bbefore\b"
        r"|\bfasting\b|\b(?:to|i|must|should)\s+fast\b(?![- ]?track)|\bnpo\b|\bnil\s+by\s+mouth\b", re.IGNORECASE)),
)


def patient_states(text: str) -> set[str]:
    """The states of the patient a text names (pregnancy, breastfeeding), and whether they ask about
    the type of anesthesia or fasting before surgery.

    >>> sorted(patient_states("im 24 weeks pregnant, can i have the keyhole op?"))
    ['pregnancy']
    >>> sorted(patient_states("will they put me fully to sleep or just numb my back?"))
    ['the type of anesthesia']
    >>> sorted(patient_states("do i have to stop eating and drinking the night before the op"))
    ['eating and drinking before surgery']
    >>> patient_states("is the op safe for older patients?"), patient_states("im scared of being put under. what are the risks?")
    (set(), set())
    >>> patient_states("what should i be eating to help my bones heal?"), patient_states("i dont want to go under the knife")
    (set(), set())
    >>> patient_states("is recovery fast for older patients?"), patient_states("do i go to sleep on my back after the op?")
    (set(), set())
    >>> patient_states("my toes are just numb at night"), patient_states("im awake during the night with pain")
    (set(), set())
    >>> sorted(patient_states("how long do i have to fast?") | patient_states("do they put you to sleep or just numb the area?"))
    ['eating and drinking before surgery', 'the type of anesthesia']
    """
    return _named(_STATE_PATTERNS, text)


_ANAPHOR = re.compile(r"^\W*(?:[\w'’-]+\W+){0,7}?(he|she|they|him|his|her|their|them)\b",
                      re.IGNORECASE)


def refers_back(sentence: str) -> bool:
    """Whether a sentence leans on the one before it: a pronoun among its first words.

    >>> refers_back("As a top rated spine surgeon, he specializes in cervical spine diseases.")
    True
    >>> refers_back("Dr. Mir specializes in cervical spine diseases.")
    False
    """
    return _ANAPHOR.match(sentence) is not None


def identifier_counts(texts) -> dict[str, int]:
    """How often each code or long number occurs in a collection of texts (its rarity)."""
    counts: dict[str, int] = {}
    for text in texts:
        for m in _IDENTIFIER.findall(text):
            if sum(ch.isdigit() for ch in m) >= 3:
                counts[m.lower()] = counts.get(m.lower(), 0) + 1
    return counts


def names_identifiers(question_ids: set[str], sentence: str) -> bool:
    """Whether a sentence names every code the question names (none named: False).

    >>> names_identifiers({"22558"}, "CPT Code 22558 – Anterior Lumbar Interbody Fusion: $368.50")
    True
    >>> names_identifiers({"22558"}, "His costs were $225.06 for the discectomy (CPT 63030).")
    False
    """
    return bool(question_ids) and question_ids <= identifiers(sentence)


def unrelated(cosines: np.ndarray, overlaps: np.ndarray, min_cosine: float) -> np.ndarray:
    """Candidates that share no content word and little meaning with the question.

    Such a sentence cannot answer it, however the selector scores it (off-topic questions such
    as "what is the weather tomorrow" otherwise find a "temperature" line).

    >>> unrelated(np.array([0.1, 0.1, 0.6]), np.array([0.0, 0.5, 0.0]), 0.35).tolist()
    [True, False, False]
    """
    return (overlaps <= 0.0) & (cosines < min_cosine)


# A worked example ("Example", "Case study", "Patient story") tells one person's case: "Tom, a
# 62-year-old patient ..., his estimated Medicare out-of-pocket costs were ...". For a general question
# ("how much does medicare pay?") the general statement it illustrates is the better answer.
# ("Examples of Minimally Invasive Procedures" lists kinds of procedure: not one person's case)
EXAMPLE_SECTION = re.compile(r"\s*(?:an?\s+)?(?:worked\s+)?(?:example|case\s+(?:study|example)|patient\s+story)"
                             r"(?:\s*\d+)?(?:\s*[:.–—-]|\s*$)", re.IGNORECASE)


def is_example(section: str | None) -> bool:
    """Whether a section heading announces a worked example.

    >>> is_example("Example"), is_example("Case Study: a lumbar fusion"), is_example("Examples of MISS procedures")
    (True, True, False)
    >>> is_example("Out-of-Pocket Costs"), is_example(None)
    (False, False)
    """
    return bool(section and EXAMPLE_SECTION.match(section))


def rank_scores(logits: np.ndarray, cosines: np.ndarray, overlaps: np.ndarray,
                w_cosine: float, w_lexical: float, named: np.ndarray | None = None, w_named: float = 0.0) -> np.ndarray:
    """The order candidates are tried in: the selector's logit, nudged by meaning and word overlap.

    The trained selector alone ranks lay questions poorly against short list lines; the
    bi-encoder's cosine and the plain word overlap carry independent evidence, so the sum ranks
    better (measured on the dev set: see the issue notes). The decision to answer at all uses
    the calibrated probability (`OnnxSelector.probability`), not this order key. A sentence that
    names the code or number the question names (`named`) is tried before those that do not, as a
    search engine matches an identifier exactly: the selector learnt from prose and reads a price
    list poorly.
    """
    out = logits + w_cosine * cosines + w_lexical * overlaps
    return out + w_named * named if named is not None else out


class CosineSelector:
    """The untrained baseline: cosine similarity of bi-encoder embeddings, mapped to [0, 1]."""

    name = "cosine"
    scores_are_logits = False

    def __init__(self, embedder):
        self.embedder = embedder

    def warm_up(self) -> "CosineSelector":
        self.embedder.warm_up()
        return self

    def score(self, question: str, candidates: list[str], question_vec: np.ndarray | None = None) -> np.ndarray:
        if not candidates:
            return np.zeros(0, dtype=np.float32)
        q = question_vec if question_vec is not None else self.embedder.encode([question])[0]
        return (self.embedder.encode(candidates) @ q).astype(np.float32)

    def probability(self, scores: np.ndarray, cosines: np.ndarray | None = None) -> np.ndarray:
        return np.clip(scores, 0.0, 1.0)


class OnnxSelector:
    """The trained answer selector run by ONNX Runtime (int8): fast on a laptop CPU.

    Reads `model.int8.onnx` and `tokenizer.json` from the model folder (see its README.md).
    `score` returns logits; `probability` maps them to [0, 1] with the calibration stored in
    `calibration.json` beside the model (Platt scaling fitted on held-out data).

    >>> sel = OnnxSelector().warm_up()                                 # doctest: +SKIP
    >>> sel.score("can screws come loose?", ["Failure, loosening ..."])  # doctest: +SKIP
    """

    name = "cross-encoder (int8 ONNX)"
    scores_are_logits = True  # calibrated by Platt scaling; a long question's logits are shifted first (Assistant)

    def __init__(self, path: Path | str | None = None, max_length: int = 128, threads: int | None = None,
                 batch_size: int = 1):
        self.path = Path(path) if path else SHIPPED_SELECTOR
        self.max_length = max_length
        self.batch_size = batch_size
        self.threads = threads or min(4, os.cpu_count() or 1)
        self._session = None
        self._tokenizer = None
        self._pool = None  # with several threads, pairs run side by side, one core each
        self.calibration = (1.0, 0.0)
        self.cosine_calibration: tuple[float, float, float] | None = None  # (a, c, b), see `probability`
        self.cosine_embedder: str | None = None  # the embedder whose cosines that fit read
        self.cosine_matches = True  # False when the pipeline's embedder is not that one (`use_embedder`)

    def available(self) -> bool:
        return (self.path / "model.int8.onnx").exists() and (self.path / "tokenizer.json").exists()

    def use_embedder(self, model_id: str) -> bool:
        """Whether the confidence can read this embedder's cosines; if another embedder's were
        fitted, it falls back to the logit's own calibration (and says so once)."""
        self.warm_up()
        self.cosine_matches = self.cosine_embedder in (None, model_id)
        if self.cosine_calibration is not None and not self.cosine_matches:
            log.warning(
                "the confidence was calibrated with the cosines of %s, not of %s: it reads the selector's score alone",
                self.cosine_embedder, model_id)
        return self.cosine_matches

    def warm_up(self) -> "OnnxSelector":
        if self._session is None:
            import json

            from .onnxrt import open_int8_model

            # Single pairs are small matrices: splitting one across cores costs more in hand-offs
            # than it gains, so with batch_size 1 each run gets one core and `threads` pairs run
            # at once (15 dev pairs: 37 ms against 43 ms for one 2-thread run after another).
            side_by_side = self.batch_size == 1 and self.threads > 1
            self._session, self._tokenizer = open_int8_model(self.path, 1 if side_by_side else self.threads,
                                                             self.max_length, "answer selector model", "miss-qa train")
            if side_by_side:
                from concurrent.futures import ThreadPoolExecutor

                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="selector")
            cal = self.path / "calibration.json"
            if cal.exists():
                c = json.loads(cal.read_text())
                self.calibration = (float(c["a"]), float(c["b"]))
                if "with_cosine" in c:
                    w = c["with_cosine"]
                    self.cosine_calibration = (float(w["a"]), float(w["c"]), float(w["b"]))
                    self.cosine_embedder = w.get("embedder")
        return self

    def score(self, question: str, candidates: list[str], question_vec=None) -> np.ndarray:
        if not candidates:
            return np.zeros(0, dtype=np.float32)
        self.warm_up()
        from .onnxrt import encodings_feed

        encs = self._tokenizer.encode_batch([(question, c) for c in candidates])
        # Pairs run one at a time by default: int8 dynamic quantisation scales activations per
        # batch, so in a batch a pair's score would depend on its neighbours (up to 0.17 logit
        # measured), and unpadded single pairs cost no more on a CPU.
        order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))
        batches = [order[b: b + self.batch_size] for b in range(0, len(order), self.batch_size)]

        def run(idx):
            return self._session.run(None, encodings_feed([encs[i] for i in idx]))[0].reshape(-1)

        out = np.zeros(len(encs), dtype=np.float32)
        results = self._pool.map(run, batches) if self._pool is not None and len(batches) > 1 else map(run, batches)
        for idx, logits in zip(batches, results):
            out[idx] = logits
        return out

    def probability(self, scores: np.ndarray, cosines: np.ndarray | None = None) -> np.ndarray:
        """P(the candidate is the right answer): Platt scaling of its logit, and, given the cosine of
        the candidate (alone, without its heading) to the question, of both: a sentence the
        selector rates well but that is about something else is less likely to be right."""
        if cosines is not None and self.cosine_calibration is not None and self.cosine_matches:
            a, c, b = self.cosine_calibration
            return 1.0 / (1.0 + np.exp(-(a * scores + c * np.asarray(cosines, dtype=np.float32) + b)))
        a, b = self.calibration
        return 1.0 / (1.0 + np.exp(-(a * scores + b)))


class CrossEncoderSelector:
    """The trained answer selector (see qa/models/selector/README.md). `score` returns logits.

    >>> sel = CrossEncoderSelector().warm_up()                         # doctest: +SKIP
    >>> sel.score("can screws come loose?", ["Failure, loosening ..."])  # doctest: +SKIP
    """

    name = "cross-encoder"
    scores_are_logits = True

    def __init__(self, path: Path | str | None = None, max_length: int = 160, batch_size: int = 64):
        self.path = Path(path) if path else SHIPPED_SELECTOR
        self.max_length = max_length
        self.batch_size = batch_size
        self._model = None

    def available(self) -> bool:
        return (self.path / "config.json").exists() and (self.path / "model.safetensors").exists()

    def warm_up(self) -> "CrossEncoderSelector":
        if self._model is None:
            if not self.available():
                from .embed import ModelMissing

                raise ModelMissing(
                    f"PyTorch weights of the answer selector not found in {self.path} (model.safetensors is not "
                    "shipped, only the int8 ONNX file): re-create them with `miss-qa train`, or use the default selector"
                )
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            import torch
            from sentence_transformers import CrossEncoder

            model = CrossEncoder(str(self.path), num_labels=1, max_length=self.max_length, device="cpu")
            model.model.float()  # shipped as fp16 to stay small; CPU inference wants fp32
            model.model.eval()
            self._model = model
            self._torch = torch
        return self

    def score(self, question: str, candidates: list[str], question_vec=None) -> np.ndarray:
        if not candidates:
            return np.zeros(0, dtype=np.float32)
        self.warm_up()
        with self._torch.inference_mode():
            logits = self._model.predict(
                [(question, c) for c in candidates],
                batch_size=self.batch_size,
                activation_fn=self._torch.nn.Identity(),
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(logits, dtype=np.float32).reshape(-1)

    def probability(self, scores: np.ndarray, cosines: np.ndarray | None = None) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-scores))
