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
