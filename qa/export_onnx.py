"""Export the trained selector to ONNX and quantise it to int8 for fast CPU inference.

    python -m qa.export_onnx [MODEL_DIR] [--out FILE]

The int8 file is what ships (about 23 MB) and what `OnnxSelector` runs with ONNX Runtime.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from qa.onnxrt import export_int8

ONNX_NAME = "model.int8.onnx"


def export(model_dir: Path, out: Path | None = None) -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    model_dir = Path(model_dir)
    out = Path(out) if out else model_dir / ONNX_NAME
    model = AutoModelForSequenceClassification.from_pretrained(str(model_dir), dtype=torch.float32).float().eval()
    tok = AutoTokenizer.from_pretrained(str(model_dir))
    enc = tok(["a question?", "another"], ["a candidate sentence.", "b"], return_tensors="pt", padding=True)
    return export_int8(model, enc, out, "logits")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("model_dir", nargs="?", default=str(Path(__file__).parent / "models" / "selector"))
    p.add_argument("--out", default=None)
    args = p.parse_args(argv)
    path = export(Path(args.model_dir), args.out)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
