"""Index: build, persist and load the dense (FAISS) and lexical (BM25) indexes with a manifest."""
from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .chunk import chunk_document, embedding_text
from .select import format_candidate
from .ingest import corpus_files, file_sha256, read_corpus
from .settings import Settings
from .types import Chunk, Document, Section, Sentence, Span

log = logging.getLogger(__name__)

FORMAT_VERSION = 3  # 3: each sentence also embedded alone, without its heading
POINTER = "CURRENT"


class IndexError_(RuntimeError):
    """The index is missing, stale or unusable; the message says why and what to do."""


def chunking_settings(settings: Settings) -> dict:
    """The settings that change what gets indexed; a change forces a rebuild."""
    return {
        "sentence_vectors": settings.sentence_vectors,
        "chunk_max_words": settings.chunk_max_words,
        "chunk_overlap_sentences": settings.chunk_overlap_sentences,
        "noise_patterns": list(settings.noise_patterns),
        "format": FORMAT_VERSION,
    }


@dataclass
class Index:
    """A loaded index: documents, chunks, their vectors, FAISS and BM25 structures, manifest."""

    folder: Path
    manifest: dict
    docs: dict[str, Document]
    chunks: list[Chunk]
    vectors: np.ndarray
    faiss_index: object
    bm25: object
    sentence_vectors: np.ndarray | None = None  # one row per body sentence of each chunk (small corpora)
    sentence_chunk: np.ndarray | None = None  # the chunk id each sentence row belongs to
    # the same sentences embedded alone, without their heading: what the confidence compares with
    # the question (the calibration was fitted on sentences that have no heading)
    sentence_plain_vectors: np.ndarray | None = None

    # ---- loading -----------------------------------------------------------------------
    @classmethod
    def load(cls, index_dir: Path) -> "Index":
        gen = current_generation(index_dir)
        if gen is None:
            raise IndexError_(f"no index in {index_dir}: build it with `miss-qa index`")
        try:
            import faiss

            bm25s = _bm25s()
            manifest = json.loads((gen / "manifest.json").read_text())
            if manifest.get("format") != FORMAT_VERSION:
                raise IndexError_(f"index in {index_dir} has format {manifest.get('format')}, expected {FORMAT_VERSION}: rebuild it with `miss-qa index`")
            docs = {d.doc_id: d for d in (_doc_from_json(json.loads(l)) for l in (gen / "docs.jsonl").open(encoding="utf-8"))}
            chunks = [_chunk_from_json(json.loads(l), docs) for l in (gen / "chunks.jsonl").open(encoding="utf-8")]
            vectors = np.load(gen / "vectors.npy")
            sent_vectors = np.load(gen / "sentence_vectors.npy")
            sent_chunk = np.load(gen / "sentence_chunk.npy")
            plain_vectors = np.load(gen / "sentence_plain_vectors.npy")
            fidx = faiss.read_index(str(gen / "dense.faiss"))
            bm25 = bm25s.BM25.load(str(gen / "bm25")) if chunks else None
        except IndexError_:
            raise
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            raise IndexError_(f"index in {index_dir} is unreadable ({exc}): rebuild it with `miss-qa index`") from None
        if fidx.ntotal != len(chunks) or len(vectors) != len(chunks) or len(plain_vectors) != len(sent_vectors):
            raise IndexError_(f"index in {index_dir} is inconsistent: rebuild it with `miss-qa index`")
        return cls(gen, manifest, docs, chunks, vectors, fidx, bm25, sent_vectors, sent_chunk, plain_vectors)


def current_generation(index_dir: Path) -> Path | None:
    pointer = Path(index_dir) / POINTER
    if not pointer.exists():
        return None
    gen = Path(index_dir) / pointer.read_text().strip()
    return gen if (gen / "manifest.json").exists() else None


HNSW_M = 32  # graph neighbours per vector
# MedQuAD's questions at efSearch 128 found 90.5% of the exact top 10 with efConstruction 80 and
# 89.4% with 200: real questions lie far from the answer vectors, so a denser graph does not help;
# that is why "auto" searches exactly up to `ann_min_chunks`
HNSW_EF_CONSTRUCTION = 80


def dense_index_type(settings: Settings, n_chunks: int) -> str:
    """"flat" (exact) or "hnsw" (approximate): the `index_type` setting, or by size for "auto"."""
    if settings.index_type == "auto":
        return "hnsw" if n_chunks >= settings.ann_min_chunks else "flat"
    return settings.index_type


def stale_reasons(settings: Settings, model_id: str) -> list[str]:
    """Why the index on disk cannot be used as it is for this corpus, model and settings."""
    gen = current_generation(settings.index_dir)
    if gen is None:
        return [f"no index in {settings.index_dir}"]
    try:
        manifest = json.loads((gen / "manifest.json").read_text())
    except (OSError, ValueError):
        return ["the index manifest is unreadable"]
    reasons = []
    if manifest.get("model") != model_id:
        reasons.append(f"built with embedding model {manifest.get('model')!r}, now {model_id!r}")
    if manifest.get("settings") != chunking_settings(settings):
        reasons.append("built with other chunking/cleaning settings")
    wanted = dense_index_type(settings, int(manifest.get("chunks", 0)))
    if manifest.get("index_type", wanted) != wanted:
        reasons.append(f"built with a {manifest.get('index_type')} dense index, the settings now ask for {wanted} "
                       "(rebuilding reuses the stored vectors)")
    if Path(manifest.get("corpus", "")).resolve() != Path(settings.corpus_dir).resolve():
        reasons.append(f"built from another corpus folder ({manifest.get('corpus')})")
    files = {p.relative_to(settings.corpus_dir).as_posix(): p for p in corpus_files(settings.corpus_dir)}
    old = manifest.get("files", {})
    added = sorted(set(files) - set(old))
    removed = sorted(set(old) - set(files))
    changed = sorted(f for f in set(files) & set(old) if file_sha256(files[f]) != old[f])
    for label, names in (("new", added), ("removed", removed), ("changed", changed)):
        if names:
            reasons.append(f"{label} file(s): {', '.join(names[:5])}{' …' if len(names) > 5 else ''}")
    return reasons


# ---- building ------------------------------------------------------------------------------
def build_index(settings: Settings, embedder, progress=None, warn=None) -> dict:
    """Build (incrementally) and atomically publish the index for `settings.corpus_dir`.

    Only documents whose content changed since the previous build are re-embedded. The new
    index is written to a fresh folder and published by replacing one pointer file, so a crash
    mid-build leaves the previous index in use. Returns the manifest.

    >>> build_index(Settings.load(), Embedder())   # doctest: +SKIP
    """
    import faiss

    bm25s = _bm25s()
    t0 = time.perf_counter()
    say = progress or (lambda msg: log.info(msg))
    index_dir = Path(settings.index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    previous = _previous_vectors(settings, embedder.model_id)

    docs = list(read_corpus(settings.corpus_dir, settings.noise_patterns, warn=warn))
    files = {p.relative_to(settings.corpus_dir).as_posix(): file_sha256(p) for p in corpus_files(settings.corpus_dir)}
    say(f"read {len(docs)} document(s) from {settings.corpus_dir}")

    use_sentences = settings.sentence_vectors == "on" or (
        settings.sentence_vectors == "auto" and sum(len(d.text) for d in docs) < settings.sentence_vectors_max_chars)
    chunks: list[Chunk] = []
    vectors: list[np.ndarray | None] = []
    sent_rows: list[tuple[int, str, str]] = []  # (chunk id, with heading, alone) of every body sentence, when enabled
    sent_vectors: list[np.ndarray | None] = []
    plain_vectors: list[np.ndarray | None] = []
    to_embed: list[int] = []
    sent_to_embed: list[int] = []
    embedded_docs = 0
    for doc in docs:
        doc_chunks = chunk_document(doc, settings.chunk_max_words, settings.chunk_overlap_sentences, first_id=len(chunks))
        doc_sents = [(c.chunk_id, format_candidate(s.text, s.section), format_candidate(s.text)) for c in doc_chunks
                     for s in c.sentences if not s.is_heading] if use_sentences else []
        cached = previous.get(doc.sha256)
        if cached is not None and len(cached[0]) == len(doc_chunks) and len(cached[1]) == len(doc_sents):
            vectors.extend(list(cached[0]))
            sent_vectors.extend(list(cached[1]))
            plain_vectors.extend(list(cached[2]))
        else:
            embedded_docs += bool(doc_chunks)  # a document with nothing to index embeds nothing
            to_embed.extend(range(len(chunks), len(chunks) + len(doc_chunks)))
            sent_to_embed.extend(range(len(sent_rows), len(sent_rows) + len(doc_sents)))
            vectors.extend([None] * len(doc_chunks))
            sent_vectors.extend([None] * len(doc_sents))
            plain_vectors.extend([None] * len(doc_sents))
        chunks.extend(doc_chunks)
        sent_rows.extend(doc_sents)
    say(f"{len(chunks)} chunk(s); embedding {len(to_embed)} from {embedded_docs} changed document(s), reusing {len(chunks) - len(to_embed)}")
    # a sentence with no heading reads the same alone: embedded once
    alone = [i for i in sent_to_embed if sent_rows[i][2] != sent_rows[i][1]]
    texts = ([embedding_text(chunks[i]) for i in to_embed] + [sent_rows[i][1] for i in sent_to_embed]
             + [sent_rows[i][2] for i in alone])
    if texts:
        new = embedder.encode(texts, progress=progress is not None)
        for i, v in zip(to_embed, new[: len(to_embed)]):
            vectors[i] = v
        for i, v in zip(sent_to_embed, new[len(to_embed): len(to_embed) + len(sent_to_embed)]):
            sent_vectors[i] = plain_vectors[i] = v
        for i, v in zip(alone, new[len(to_embed) + len(sent_to_embed):]):
            plain_vectors[i] = v
    sent_matrix = np.vstack(sent_vectors).astype(np.float32) if sent_vectors else np.zeros((0, embedder.dim), np.float32)
    plain_matrix = np.vstack(plain_vectors).astype(np.float32) if plain_vectors else np.zeros((0, embedder.dim), np.float32)
    sent_chunk = np.array([c for c, _, _ in sent_rows], dtype=np.int32)
    matrix = np.vstack(vectors).astype(np.float32) if vectors else np.zeros((0, embedder.dim), np.float32)

    index_type = dense_index_type(settings, len(chunks))
    if index_type == "hnsw":
        fidx = faiss.IndexHNSWFlat(matrix.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
        fidx.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    else:
        fidx = faiss.IndexFlatIP(matrix.shape[1])
    if len(matrix):
        fidx.add(matrix)

    gen = index_dir / f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    tmp = gen.with_name(gen.name + ".tmp")
    tmp.mkdir()
    try:
        with (tmp / "docs.jsonl").open("w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(json.dumps(_doc_to_json(d), ensure_ascii=False) + "\n")
        with (tmp / "chunks.jsonl").open("w", encoding="utf-8") as fh:
            for c in chunks:
                fh.write(json.dumps(_chunk_to_json(c), ensure_ascii=False) + "\n")
        np.save(tmp / "vectors.npy", matrix)
        np.save(tmp / "sentence_vectors.npy", sent_matrix)
        np.save(tmp / "sentence_plain_vectors.npy", plain_matrix)
        np.save(tmp / "sentence_chunk.npy", sent_chunk)
        faiss.write_index(fidx, str(tmp / "dense.faiss"))
        if chunks:
            bm25 = bm25s.BM25()
            bm25.index(lexical_tokens([embedding_text(c) for c in chunks]), show_progress=False)
            bm25.save(str(tmp / "bm25"))
        manifest = {
            "format": FORMAT_VERSION,
            "model": embedder.model_id,
            "settings": chunking_settings(settings),
            "corpus": str(Path(settings.corpus_dir).resolve()),
            "files": files,
            "doc_hashes": {d.doc_id: d.sha256 for d in docs},
            "documents": len(docs),
            "chunks": len(chunks),
            "sentence_vectors": len(sent_rows),
            "index_type": index_type,
            "embedded_documents": embedded_docs,
            "embedded_chunks": len(to_embed),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "build_seconds": round(time.perf_counter() - t0, 2),
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2))
        tmp.rename(gen)
        pointer_tmp = index_dir / (POINTER + ".tmp")
        pointer_tmp.write_text(gen.name + "\n")
        os.replace(pointer_tmp, index_dir / POINTER)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    for old in index_dir.glob("gen-*"):
        if old.name != gen.name:
            shutil.rmtree(old, ignore_errors=True)
    return manifest


def _bm25s():
    """Import bm25s and undo its import-time `setLevel(DEBUG)` on its own logger.

    Without this, `miss-qa index` prints "DEBUG bm25s: Building index from IDs objects" under
    any handler the caller configured; its messages now follow the root logger's level.
    """
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.NOTSET)
    return bm25s


def lexical_tokens(texts: list[str]):
    import Stemmer

    bm25s = _bm25s()
    return bm25s.tokenize(texts, stopwords="en", stemmer=Stemmer.Stemmer("english"), show_progress=False)


def _previous_vectors(settings: Settings, model_id: str) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Vectors of the current index keyed by document hash (passages, sentences under their heading,
    sentences alone), when compatible with this build."""
    try:
        idx = Index.load(settings.index_dir)
    except IndexError_:
        return {}
    if idx.manifest.get("model") != model_id or idx.manifest.get("settings") != chunking_settings(settings):
        return {}
    by_doc: dict[str, list[int]] = {}
    for i, c in enumerate(idx.chunks):
        by_doc.setdefault(c.doc_id, []).append(i)
    doc_of_chunk = np.array([c.doc_id for c in idx.chunks], dtype=object)
    sent_doc = doc_of_chunk[idx.sentence_chunk] if len(idx.sentence_chunk) else np.array([], dtype=object)
    return {idx.docs[d].sha256: (idx.vectors[rows], idx.sentence_vectors[sent_doc == d], idx.sentence_plain_vectors[sent_doc == d])
            for d, rows in by_doc.items() if d in idx.docs}


# ---- (de)serialisation ---------------------------------------------------------------------
def _doc_to_json(d: Document) -> dict:
    return {
        "doc_id": d.doc_id, "title": d.title, "text": d.text, "url": d.url, "sha256": d.sha256,
        "kept": [[s.start, s.end] for s in d.kept],
        "sections": [[s.title, s.start, s.end] for s in d.sections],
        "page_starts": list(d.page_starts),
    }


def _doc_from_json(j: dict) -> Document:
    return Document(
        doc_id=j["doc_id"], title=j["title"], text=j["text"], url=j.get("url"), sha256=j["sha256"],
        kept=tuple(Span(a, b) for a, b in j["kept"]),
        sections=tuple(Section(t, a, b) for t, a, b in j["sections"]),
        page_starts=tuple(j.get("page_starts", ())),
    )


def _chunk_to_json(c: Chunk) -> dict:
    d = dataclasses.asdict(c)
    d["sentences"] = [[s.start, s.end, s.section, s.is_heading, s.is_list_item] for s in c.sentences]
    del d["text"]
    return d


def _chunk_from_json(j: dict, docs: dict[str, Document]) -> Chunk:
    # texts are sliced from the stored document text, so they cannot drift from their offsets
    text = docs[j["doc_id"]].text
    return Chunk(j["chunk_id"], j["doc_id"], j["start"], j["end"], text[j["start"]:j["end"]], j["section"],
                 tuple(Sentence(j["doc_id"], a, b, text[a:b], sec, h, li) for a, b, sec, h, li in j["sentences"]))
