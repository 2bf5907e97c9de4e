"""One frozen settings object: defaults in code, overridden by pyproject `[tool.qa]`, env, flags."""
from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ENV_PREFIX = "QA_"


@dataclass(frozen=True)
class Settings:
    """Everything tunable, passed explicitly to each stage.

    >>> s = Settings.load(overrides={"top_k": 3})
    >>> s.top_k
    3
    """

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    data_dir: Path = Path("data")  # feedback database, logs (only when enabled)

    # chunking: all-MiniLM-L6-v2 reads at most 256 word pieces; ~110 words stays well under.
    chunk_max_words: int = 110
    chunk_overlap_sentences: int = 1

    # index
    index_type: str = "auto"  # "flat" (exact), "hnsw" (approximate) or "auto" (by size)
    # with "auto", use HNSW at or above this many chunks. Exact search over MedQuAD's 45k chunks
    # takes 7 ms a question and found more answers than HNSW (fused recall@1 0.535 vs 0.463)
    ann_min_chunks: int = 100_000
    embed_batch_size: int = 64
    # embedding model: "" the tuned all-MiniLM-L6-v2 shipped in qa/models/embedder, "base" the untuned
    # one of the pip package, or a sentence-transformers folder. The index records which one built it.
    embedder_path: str = ""
    # threads for embedding one question (and the triage's clause texts); 1 keeps latency steady
    # when the CPU is shared. The selector has its own `selector_threads`.
    query_threads: int = 1
    # sentence vectors let a question match the one sentence that answers it; "auto" keeps them
    # for corpora under sentence_vectors_max_chars of text (embedding every sentence is the cost)
    sentence_vectors: str = "auto"  # "auto" | "on" | "off"
    sentence_vectors_max_chars: int = 5_000_000

    # retrieval
    top_k: int = 5  # passages returned
    candidate_k: int = 30  # per retriever before fusion
    fusion: str = "rrf"  # "rrf" | "dense" | "lexical"
    # RRF's k: 10 rather than the customary 60, so a passage that two retrievers rank near the top is
    # not overtaken by one all three rank middling (COVID-QA dev recall@5 0.833 vs 0.808)
    rrf_k: int = 10
    rrf_weight_lexical: float = 1.0  # BM25's weight in the fusion (each dense ranking weighs 1)

    # answering
    max_question_chars: int = 1000
    fix_typos: bool = True  # search a misspelt word ("recovring") as the known word one edit away
    lay_words: bool = True  # search lay expressions in the corpus's clinical words ("let out of hospital": discharged; qa/lay_words.py)
    selector_path: str = ""  # empty: the model shipped in qa/models/selector
    # passages shown: the selector's first `passage_fusion_keep` (the answer's), then the selector's order
    # fused with the retrieval order by RRF with this k (0: the selector's order alone). Dev passage
    # recall@5 0.929 -> 0.964, own questions recall@3 0.957 -> 1.0; COVID-QA dev recall@5 0.857 -> 0.842
    # but @10 0.872 -> 0.887 (keep 3: 0.862 / 0.887, dev back to 0.929). See docs/EVALUATION.md
    passage_fusion_k: float = 10.0
    passage_fusion_keep: int = 1
    select_passages: int = 10  # how many fused passages feed the answer selector (and get reranked)
    rerank_candidates: int = 8  # sentences of the retrieved passages the cross-encoder reads (latency ~ linear)
    global_candidates: int = 6  # plus this many of the corpus's closest sentences by meaning
    selector_threads: int = 2  # CPU cores for the selector: this many (question, sentence) pairs are scored at once
    selector_heading_path: bool = True  # the selector reads a candidate's headings ("Out-of-Pocket Costs: Medicare: ..."), not only its own
    selector_antecedent: bool = True  # a sentence with a pronoun early on is read after the sentence before it
    # candidate order: selector logit + w * cosine + w * word overlap (see docs/EVALUATION.md, session 12)
    rank_weight_cosine: float = 8.0
    rank_weight_lexical: float = 2.0
    # + w for a sentence sharing a rare pair of adjacent words with the question ("part time", "rod
    # bender"), held by at most `rank_phrase_max_df` passages (qa.select.TermWeights.phrase_hits); 0 turns it off
    rank_weight_phrase: float = 1.0
    rank_phrase_max_df: int = 3
    rank_weight_example: float = 3.0  # - w for a sentence of a worked example ("Example", "Case study"; qa.select.is_example)
    rank_overlap_idf: bool = True  # the overlap in the order weighs shared words by their rarity in the corpus (stemmed)
    rank_weight_identifier: float = 10.0  # + w for a sentence naming every rare code/number (3+ digits) the question names
    identifier_max_count: int = 3  # "rare": in the corpus at most this often ("CPT 63020" yes, "2019-nCoV" in a COVID corpus no)
    join_neighbours_top: int = 3  # the answer takes in a sentence next to it in its paragraph that is among the selector's first this many
    answer_questions: bool = False  # whether a sentence that is itself a question may be the answer
    min_related_cosine: float = 0.30  # a candidate with no shared content word needs this much meaning (tuned on dev)
    # The chosen sentence answers when its calibrated probability (from the selector's logit and its
    # cosine to the question, fitted on held-out public data: qa.calibrate) reaches
    # `no_answer_threshold`, or when the selector's logit alone is calibrated to `selector_sure` and
    # the probability reaches `no_answer_floor`. Tuned on dev and our own questions, so that no set
    # declines fewer unanswerable or more answerable questions than with the logit alone at 0.11
    # (the rule until session 16).
    no_answer_threshold: float = 0.32
    selector_sure: float = 0.11
    no_answer_floor: float = 0.13
    # a question naming a billing or diagnosis code ("CPT 22633"), or an insurer or health system
    # ("Aetna", "the NHS"), that no document names is declined, not answered with another code's or
    # payer's line (qa.select.codes, qa.select.payers)
    decline_unknown_names: bool = True
    # a question asking for a duration, size, percentage, amount, year, phone number or count is
    # declined when the chosen sentence states none (qa.answer_type). Answering with the best sentence
    # that does state one instead declined fewer unanswerable questions and answered none more
    # correctly (docs/EVALUATION.md, session 14)
    decline_wrong_answer_type: bool = True
    # ... and a question asking how long or when is declined when the chosen sentence names none of the
    # things it asks the time of ("when can I drive again?" against "Many patients can return to work
    # within a few weeks"), leaving out words of asking about time and the stems found in more than
    # this share of passages (a spine corpus's "spine", "surgery", "patient"); 0 turns it off
    time_subject_common_share: float = 0.2
    # the selector's logits run low for long, chatty questions ("my mum is 78 and ..."), whose best
    # sentence is right far more often than its logit says: each word beyond `long_question_words`
    # (up to `long_question_cap`) adds this much to the logit of a candidate whose cosine is at least
    # `long_question_min_cosine`, before calibration. The shift is a logistic fit on our lay and own
    # questions; the cosine 0.5 ties 0.45 there and keeps one more unanswerable lay question declined
    # (docs/EVALUATION.md, session 12); a shift of 0 turns it off
    long_question_shift: float = 0.19
    long_question_words: int = 12
    long_question_cap: int = 40
    long_question_min_cosine: float = 0.5
    mark_answer_phrase: bool = True  # mark the phrase that answers inside the quoted sentence (qa/models/reader)
    reader_path: str = ""  # empty: the reader shipped in qa/models/reader
    reader_threads: int = 2  # ONNX Runtime threads for the reader (which never busy-waits between runs)
    reader_min_probability: float = 0.15  # below this probability of its phrase the reader marks nothing (COVID-QA dev: best F1)
    triage_threshold: float = 0.45  # a statement ("my wound is ...") matching a red-flag line
    triage_question_threshold: float = 0.7  # a question ("when can I ...") needs a closer match
    triage_after_surgery_threshold: float = 0.42  # a statement placed after the operation ("since my op ...")
    triage_lay_terms: bool = True  # a report is also read in clinical words for its lay ones (qa/lay_terms.py)

    # cleaning: extra regexes (per corpus) for lines to keep out of the index
    noise_patterns: tuple[str, ...] = ()
    # headings of the corpus's own red-flag lists, and which urgency each implies
    emergency_heading_patterns: tuple[str, ...] = (r"emergency", r"\bE\.?R\.?\b", r"\b911\b", r"call an ambulance")
    care_team_heading_patterns: tuple[str, ...] = (
        r"when to (see|call|contact)",
        r"call (your|the) (doctor|surgeon|care team)",
        r"warning signs",
        r"red flags?",
    )

    # web app
    log_questions: bool = False  # questions and feedback are logged only when turned on
    feedback_enabled: bool = True

    extra: dict = field(default_factory=dict)

    @classmethod
    def load(cls, pyproject: Path | None = None, overrides: dict | None = None, env: dict | None = None) -> "Settings":
        """Defaults, then `[tool.qa]` of pyproject.toml, then `QA_*` environment, then overrides."""
        values: dict = {}
        pyproject = pyproject if pyproject is not None else _find_pyproject()
        if pyproject is not None and pyproject.exists():
            with pyproject.open("rb") as fh:
                values.update(tomllib.load(fh).get("tool", {}).get("qa", {}))
        env = os.environ if env is None else env
        names = {f.name for f in dataclasses.fields(cls)}
        for name in names:
            key = ENV_PREFIX + name.upper()
            if key in env:
                values[name] = env[key]
        values.update({k: v for k, v in (overrides or {}).items() if v is not None})
        unknown = set(values) - names
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return cls(**{k: _coerce(cls, k, v) for k, v in values.items()})

    def replace(self, **changes) -> "Settings":
        return dataclasses.replace(self, **{k: _coerce(type(self), k, v) for k, v in changes.items()})


def _find_pyproject() -> Path | None:
    for folder in (Path.cwd(), *Path.cwd().parents):
        candidate = folder / "pyproject.toml"
        if candidate.exists():
            return candidate
    return None


def _coerce(cls, name: str, value):
    default = next(f for f in dataclasses.fields(cls) if f.name == name)
    kind = type(default.default) if default.default is not dataclasses.MISSING else dict
    if kind is bool and isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if kind is tuple and isinstance(value, str):
        return tuple(p for p in value.split("||") if p)
    if kind is tuple:
        return tuple(value)
    if issubclass(kind, Path):
        return Path(value)
    if kind in (int, float, str):
        return kind(value)
    return value
