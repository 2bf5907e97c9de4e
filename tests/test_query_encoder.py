"""The ONNX query encoder: same vectors as the PyTorch model, exported once, never a reason to fail."""
from __future__ import annotations

import os

import numpy as np
import pytest

from qa.embed import Embedder, QueryEncoder

pytestmark = pytest.mark.slow

TEXTS = [
    "is it ok to go swimming while i'm recovring?",
    "CPT Code 63020 – Minimally Invasive Cervical Discectomy: $271.49",
    "a much longer text about the operation, the hospital stay and the weeks of recovery at home " * 4,
]


def test_real_pipeline_embeds_questions_with_onnx_and_same_vectors(real_assistant):
    emb = real_assistant.embedder
    assert emb._fast is not None, "the query encoder should have been exported beside the index"
    assert (real_assistant.settings.index_dir / "models" / QueryEncoder.NAME).exists()
    fast = emb.encode(TEXTS)  # up to 16 texts: ONNX Runtime
    slow = emb._encode_torch(TEXTS)
    assert fast.shape == slow.shape == (3, emb.dim)
    assert np.abs(fast - slow).max() < 1e-4
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-5)


def test_export_is_reused_and_redone_for_another_model(tmp_path):
    emb = Embedder(onnx_dir=tmp_path).warm_up()
    onnx_file = tmp_path / QueryEncoder.NAME
    first = onnx_file.stat().st_mtime_ns
    Embedder(onnx_dir=tmp_path).warm_up()
    assert onnx_file.stat().st_mtime_ns == first  # loaded, not exported again
    (tmp_path / (QueryEncoder.NAME + ".json")).write_text('{"model": "some other model", "max_length": 256}')
    again = Embedder(onnx_dir=tmp_path).warm_up()
    assert again._fast is not None
    assert onnx_file.stat().st_mtime_ns != first
    assert np.abs(again.encode(TEXTS[:1]) - emb._encode_torch(TEXTS[:1])).max() < 1e-4


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_folder_falls_back_to_pytorch(tmp_path, caplog):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        emb = Embedder(onnx_dir=ro / "models").warm_up()
    finally:
        ro.chmod(0o700)
    assert emb._fast is None
    assert "query encoder not exported" in caplog.text
    assert emb.encode(TEXTS[:1]).shape == (1, emb.dim)


def test_damaged_export_is_exported_again(tmp_path):
    emb = Embedder(onnx_dir=tmp_path).warm_up()
    (tmp_path / QueryEncoder.NAME).write_bytes(b"not an onnx file")
    again = Embedder(onnx_dir=tmp_path).warm_up()
    assert again._fast is not None
    assert np.abs(again.encode(TEXTS[:1]) - emb._encode_torch(TEXTS[:1])).max() < 1e-4


def test_export_failure_falls_back_to_pytorch(tmp_path, caplog, monkeypatch):
    import qa.embed

    def broken_export(st, onnx_file):
        raise RuntimeError("no exporter here")

    monkeypatch.setattr(qa.embed, "_export", broken_export)
    emb = Embedder(onnx_dir=tmp_path).warm_up()
    assert emb._fast is None
    assert "query encoder not exported" in caplog.text
    assert emb.encode(TEXTS[:1]).shape == (1, emb.dim)
