"""Which embedding model the pipeline uses, how the index names it, and what happens when it is missing."""
from __future__ import annotations

import json
import random
import shutil

import numpy as np
import pytest

from qa import embed
from qa.embed import BASE, Embedder, ModelMissing, folder_model_id, resolve_model_path
from qa.settings import Settings
from qa.train_data import Pair
from qa.train_embedder import triplets


def test_default_is_the_shipped_tuned_model_and_base_is_the_package_model():
    assert resolve_model_path("") == embed.SHIPPED_EMBEDDER
    assert resolve_model_path(None) == embed.SHIPPED_EMBEDDER
    assert resolve_model_path(BASE) == embed.default_model_path()
    tuned, base = Embedder(), Embedder(BASE)
    assert "tuned" in tuned.model_id and "sha256" in tuned.model_id
    assert base.model_id.startswith("sentence-transformers/all-MiniLM-L6-v2")
    assert tuned.model_id != base.model_id  # an index built with one is stale for the other
    assert Embedder.from_settings(Settings.load(overrides={"embedder_path": BASE})).model_id == base.model_id


def test_missing_tuned_model_says_how_to_get_it_back(tmp_path, monkeypatch):
    monkeypatch.setattr(embed, "SHIPPED_EMBEDDER", tmp_path / "embedder")
    with pytest.raises(ModelMissing, match="git checkout -- qa/models.*qa.train_embedder.*QA_EMBEDDER_PATH=base"):
        Embedder()


def test_a_folder_that_is_not_a_model_is_refused(tmp_path):
    with pytest.raises(ModelMissing, match="not a sentence-transformers model"):
        Embedder(tmp_path)


def test_model_id_follows_the_weights(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for folder, payload in ((a, b"one"), (b, b"two")):
        folder.mkdir()
        (folder / "modules.json").write_text("[]")
        (folder / "model.safetensors").write_bytes(payload)
    assert folder_model_id(a) != folder_model_id(b)
    assert str(a) in folder_model_id(a)


@pytest.mark.slow
def test_tuned_weights_load_in_float32_and_give_unit_vectors():
    emb = Embedder().warm_up()
    assert next(emb._model.parameters()).dtype.is_floating_point
    assert str(next(emb._model.parameters()).dtype) == "torch.float32"
    assert emb._model.max_seq_length == 256  # chunks are read whole, as with the original model
    v = emb.encode(["can i go swimming after the operation?", "Staying active with swimming aids recovery."])
    assert v.shape == (2, emb.dim)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert float(v[0] @ v[1]) > 0.3


def test_triplets_take_one_positive_and_a_hard_negative_per_question():
    pairs = [Pair("q1", "pos", 1.0, "s"), Pair("q1", "neg a", 0.0, "s"), Pair("q1", "neg b", 0.0, "s"),
             Pair("q2", "only positive", 1.0, "s"), Pair("q3", "only negative", 0.0, "s")]
    out = triplets(pairs, random.Random(0))
    assert [(q, p) for q, p, _ in out] == [("q1", "pos")]
    assert out[0][2] in {"neg a", "neg b"}
    assert triplets(pairs, random.Random(0)) == out  # same seed, same draw


def test_shipped_model_card_and_metrics_are_there():
    folder = embed.SHIPPED_EMBEDDER
    metrics = json.loads((folder / "metrics.json").read_text())
    assert metrics["after"]["covid_test_acc1"] > metrics["before"]["covid_test_acc1"]
    assert metrics["after"]["medquad_heldout_acc1"] > metrics["before"]["medquad_heldout_acc1"]
    card = (folder / "README.md").read_text()
    for needed in ("python -m qa.train_embedder", "License", "COVID-QA", "MedQuAD", "SQuAD"):
        assert needed in card
    assert (folder / "model.safetensors").stat().st_size < 50_000_000


class _FakeST:
    """Stands in for a SentenceTransformer: `save` writes weights and a generic card, as the real one does."""

    def half(self):
        return self

    def save(self, folder: str):
        from pathlib import Path

        (Path(folder) / "model.safetensors").write_bytes(b"w")
        (Path(folder) / "README.md").write_text("generic card")


def test_retraining_into_the_shipped_folder_keeps_the_model_card(tmp_path):
    from qa.train_embedder import save_fp16

    (tmp_path / "README.md").write_text("# MISS-QA card")
    save_fp16(_FakeST(), tmp_path)
    assert (tmp_path / "README.md").read_text() == "# MISS-QA card"
    fresh = tmp_path / "new"
    save_fp16(_FakeST(), fresh)
    assert (fresh / "model.safetensors").exists() and not (fresh / "README.md").exists()
