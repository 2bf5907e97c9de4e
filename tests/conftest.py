"""Shared fixtures: a tiny fake embedder for plumbing, and the real model + corpus loaded once."""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"


class FakeEmbedder:
    """Implements the Embedder interface with hashed bag-of-words vectors; counts what it embeds."""

    dim = 64
    model_id = "fake-embedder-v1"

    def __init__(self):
        self.embedded: list[str] = []

    def warm_up(self):
        return self

    def encode(self, texts, progress=False):
        self.embedded.extend(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


@pytest.fixture
def fake_embedder():
    return FakeEmbedder()


@pytest.fixture(scope="session")
def real_assistant(tmp_path_factory):
    """The real pipeline on the bundled corpus, with its index built in a temporary folder."""
    from qa.assistant import Assistant
    from qa.settings import Settings

    index_dir = tmp_path_factory.mktemp("index")
    settings = Settings.load(overrides={"corpus_dir": CORPUS, "index_dir": index_dir})
    return Assistant.from_settings(settings)


@pytest.fixture
def corpus_copy(tmp_path):
    dst = tmp_path / "corpus"
    shutil.copytree(CORPUS, dst)
    return dst
