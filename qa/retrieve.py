"""Retrieval: dense (FAISS) passage search, sentence-level dense search and BM25, fused by RRF."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .index import Index, lexical_tokens
from .types import Hit


def rrf_fuse(rankings: Sequence[Sequence[int]], k: int = 60,
             weights: Sequence[float] | None = None) -> list[tuple[int, float]]:
    """Reciprocal rank fusion: score(d) = sum over rankings of w / (k + rank), rank from 1.

    >>> rrf_fuse([[1, 2], [2, 3]], k=0)
    [(2, 1.5), (1, 1.0), (3, 0.5)]
    >>> rrf_fuse([[1, 2], [2, 3]], k=0, weights=[1.0, 0.5])
    [(1, 1.0), (2, 1.0), (3, 0.25)]
    """
    scores: dict[int, float] = {}
    for ranking, w in zip(rankings, weights or [1.0] * len(rankings)):
        for rank, item in enumerate(ranking, 1):
            scores[item] = scores.get(item, 0.0) + w / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


class HybridRetriever:
    """Finds the passages closest to a question, by meaning and by words.

    >>> retriever = HybridRetriever(Index.load(Path("index")), Embedder())   # doctest: +SKIP
    >>> [h.chunk.section for h in retriever.search("recovery time", k=3)]    # doctest: +SKIP
    """

    def __init__(self, index: Index, embedder, candidate_k: int = 30, rrf_k: int = 10, fusion: str = "rrf",
                 hnsw_ef_search: int = 128, lexical_weight: float = 1.0):
        self.index = index
        self.embedder = embedder
        if hasattr(index.faiss_index, "hnsw"):
            # FAISS's default efSearch (16) found only 80% of the exact top 10 on MedQuAD's 45k
            # chunks; 128 finds 90% for well under a millisecond a query (docs/EVALUATION.md)
            index.faiss_index.hnsw.efSearch = max(hnsw_ef_search, candidate_k)
        self.candidate_k = candidate_k
        self.rrf_k = rrf_k
        self.fusion = fusion
        self.lexical_weight = lexical_weight  # the BM25 ranking's weight in RRF (dense rankings weigh 1)

    @classmethod
    def from_settings(cls, index: Index, embedder, settings, fusion: str | None = None) -> "HybridRetriever":
        """The retriever the settings describe (`fusion` overrides theirs, for per-retriever benchmarks)."""
        return cls(index, embedder, settings.candidate_k, settings.rrf_k, fusion or settings.fusion,
                   lexical_weight=settings.rrf_weight_lexical)

    def dense(self, query_vecs: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        k = min(k, len(self.index.chunks))
        if k == 0:
            return [[] for _ in range(len(query_vecs))]
        scores, ids = self.index.faiss_index.search(np.ascontiguousarray(query_vecs, dtype=np.float32), k)
        return [[(int(i), float(s)) for i, s in zip(row_i, row_s) if i >= 0] for row_i, row_s in zip(ids, scores)]

    def sentence(self, query_vecs: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        """Chunks ranked by their single closest sentence (a question often matches one line)."""
        sv, owner = self.index.sentence_vectors, self.index.sentence_chunk
        if sv is None or not len(sv):
            return [[] for _ in range(len(query_vecs))]
        sims = sv @ np.asarray(query_vecs, dtype=np.float32).T
        out = []
        for col in sims.T:
            best: dict[int, float] = {}
            for i in np.argsort(-col):
                cid = int(owner[i])
                if cid not in best:
                    best[cid] = float(col[i])
                    if len(best) >= k:
                        break
            out.append(list(best.items()))
        return out

    def lexical(self, questions: list[str], k: int) -> list[list[tuple[int, float]]]:
        k = min(k, len(self.index.chunks))
        if k == 0 or self.index.bm25 is None:
            return [[] for _ in questions]
        out = []
        for q in questions:
            tokens = lexical_tokens([q])
            if not tokens.ids or not tokens.ids[0]:
                out.append([])
                continue
            ids, scores = self.index.bm25.retrieve(tokens, k=k, show_progress=False, n_threads=1)
            out.append([(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if s > 0])
        return out

    def search_batch(self, questions: list[str], k: int = 5, query_vecs: np.ndarray | None = None) -> list[list[Hit]]:
        if query_vecs is None:
            query_vecs = self.embedder.encode(questions)
        dense = self.dense(query_vecs, self.candidate_k)
        lexical = self.lexical(questions, self.candidate_k)
        sentence = self.sentence(query_vecs, self.candidate_k)
        results = []
        for d, l, sn in zip(dense, lexical, sentence):
            d_rank = {cid: (r, s) for r, (cid, s) in enumerate(d, 1)}
            l_rank = {cid: (r, s) for r, (cid, s) in enumerate(l, 1)}
            s_rank = {cid: r for r, (cid, _) in enumerate(sn, 1)}
            if self.fusion == "dense":
                fused = [(cid, s) for cid, s in d]
            elif self.fusion == "lexical":
                fused = [(cid, s) for cid, s in l]
            elif self.fusion == "sentence":
                fused = [(cid, s) for cid, s in sn]
            else:
                rankings, weights = [[c for c, _ in d], [c for c, _ in l]], [1.0, self.lexical_weight]
                if sn:
                    rankings.append([c for c, _ in sn])
                    weights.append(1.0)
                fused = rrf_fuse(rankings, self.rrf_k, weights)
            hits = []
            for cid, score in fused[:k]:
                dr, ds = d_rank.get(cid, (None, None))
                lr, ls = l_rank.get(cid, (None, None))
                hits.append(Hit(self.index.chunks[cid], float(score), dr, lr, ds, ls, s_rank.get(cid)))
            results.append(hits)
        return results

    def search(self, question: str, k: int = 5) -> list[Hit]:
        return self.search_batch([question], k)[0]
