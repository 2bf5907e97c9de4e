"""ONNX in one place: exporting a PyTorch encoder, and opening a CPU session for it.

The answer selector (`qa.export_onnx`, `qa.select`) and the query encoder (`qa.embed`) both use
these, so their inputs, opset and thread settings cannot drift apart.
"""
from __future__ import annotations

import warnings
from pathlib import Path

INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")


def export_encoder(module, enc, out_file: Path, output_name: str, output_axes: dict | None = None) -> None:
    """Write `module(input_ids, attention_mask, token_type_ids)` to ONNX with dynamic batch and length.

    `enc` is a tokenizer's batch (with the three inputs) used to trace the module; `output_axes`
    names the output's dynamic axes (default: the batch only).
    """
    import torch

    names = list(INPUT_NAMES)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes on shape-dependent Python branches; callers check outputs
        torch.onnx.export(module, tuple(enc[n] for n in names), str(out_file), input_names=names,
                          output_names=[output_name], opset_version=17, dynamo=False,
                          dynamic_axes={**{n: {0: "batch", 1: "seq"} for n in names}, output_name: output_axes or {0: "batch"}})


def export_int8(module, enc, out_file: Path, output_name: str, output_axes: dict | None = None) -> Path:
    """`export_encoder`, then dynamic int8 quantisation per channel (what ships for the selector and
    the reader: per-tensor int8 moved the selector's logits by up to 0.8)."""
    import tempfile

    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model.onnx"
        export_encoder(module, enc, fp32, output_name, output_axes)
        quantize_dynamic(str(fp32), str(out_file), weight_type=QuantType.QInt8, per_channel=True, reduce_range=False)
    return Path(out_file)


def open_int8_model(folder: Path, threads: int, max_length: int, what: str, recreate: str, spin: bool = True):
    """(session, tokenizer) for `folder`'s model.int8.onnx and tokenizer.json, the tokenizer cutting
    pairs to `max_length` word pieces, unpadded: the longer text loses pieces first, so a short
    question keeps all of its words and a very long one (a patient's whole story) is cut too
    instead of failing. A missing file raises `ModelMissing`
    naming `what` is missing and the `recreate` command."""
    folder = Path(folder)
    if not (folder / "model.int8.onnx").exists() or not (folder / "tokenizer.json").exists():
        from .embed import ModelMissing

        raise ModelMissing(f"{what} not found in {folder} (model.int8.onnx, tokenizer.json); restore it with "
                           f"`git checkout -- qa/models` or re-create it with `{recreate}`")
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=max_length, strategy="longest_first")
    return cpu_session(folder / "model.int8.onnx", threads, spin), tok


def encodings_feed(encs) -> dict:
    """The three int64 inputs for a batch of `tokenizers` encodings, zero-padded to the longest."""
    import numpy as np

    width = max(len(e.ids) for e in encs)
    feed = {name: np.zeros((len(encs), width), dtype=np.int64) for name in INPUT_NAMES}
    for row, e in enumerate(encs):
        n = len(e.ids)
        feed["input_ids"][row, :n] = e.ids
        feed["attention_mask"][row, :n] = 1
        feed["token_type_ids"][row, :n] = e.type_ids
    return feed


def cpu_session(onnx_file: Path, threads: int, spin: bool = True):
    """An ONNX Runtime session on the CPU with `threads` intra-op threads and no inter-op pool.

    `spin=False` lets its threads sleep as soon as a run ends instead of busy-waiting for the next
    one: right for a model run once between other models' runs, so it does not take their CPU.
    """
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = max(1, int(threads))
    opts.inter_op_num_threads = 1
    if not spin:
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(onnx_file), opts, providers=["CPUExecutionProvider"])
