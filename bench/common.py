"""Shared helpers for the external benchmarks: paths, timing, corpus files, index preparation, results JSON.

Each benchmark script (`bench/covid_qa.py`, `bench/medquad.py`, `bench/liveqa.py`) turns a
public data set into a `.jsonl` corpus under `data/bench/` (git-ignored), indexes it with the
project's own `build_index`, asks its questions through the library, and writes one results
file to `docs/bench-results/<name>.json` with `write_result`.

>>> with Stopwatch() as sw:
...     _ = sum(range(1000))
>>> sw.seconds >= 0
True
>>> latency_summary([10.0, 20.0, 30.0])["p50_ms"]
20.0
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

# The library is imported whole, up front: a long run then uses one consistent snapshot of
# `qa/` even while the files change on disk (these modules load no model at import).
from qa.assistant import Assistant
from qa.embed import Embedder
from qa.index import build_index, current_generation, stale_reasons
from qa.metrics import percentile
from qa.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED_BENCH = ROOT.parent / "shared" / "benchmarks"
DATA_DIR = ROOT / "data" / "bench"  # derived corpora, indexes and per-question records (git-ignored)
RESULTS_DIR = ROOT / "docs" / "bench-results"  # the headline results, committed


class Stopwatch:
    """Wall-clock seconds of a `with` block (`perf_counter`)."""

    def __enter__(self) -> "Stopwatch":
        self._t0 = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self._t0


def ms_since(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000.0


def latency_summary(values_ms: Sequence[float]) -> dict:
    """p50/p95/mean/max of a list of latencies in milliseconds (None when empty)."""
    vals = [float(v) for v in values_ms]
    return {
        "n": len(vals),
        "p50_ms": _round(percentile(vals, 50), 1),
        "p95_ms": _round(percentile(vals, 95), 1),
        "mean_ms": _round(sum(vals) / len(vals), 1) if vals else None,
        "max_ms": _round(max(vals), 1) if vals else None,
    }


def _round(x: float | None, nd: int = 4) -> float | None:
    return None if x is None else round(float(x), nd)


def rate(flags: Iterable[bool]) -> float | None:
    """Share of true values, rounded; None for no values (never 0 for 'nothing to measure')."""
    flags = [bool(f) for f in flags]
    return round(sum(flags) / len(flags), 4) if flags else None


def mean(values: Iterable[float]) -> float | None:
    values = [float(v) for v in values]
    return round(sum(values) / len(values), 4) if values else None


def progress_printer(quiet: bool) -> Callable[[str], None] | None:
    """A `progress(msg)` callback that prints timestamped lines to stderr, or None when quiet."""
    if quiet:
        return None

    def say(msg: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    return say


def write_jsonl_corpus(path: Path, rows: Iterable[Mapping]) -> bool:
    """Write corpus rows (`id`, `title`, `text`, optional `url`) as JSONL; True if the file changed.

    An unchanged file is left alone, so the index built from it stays fresh.
    """
    data = "".join(json.dumps(dict(r), ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    path = Path(path)
    if path.exists() and hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(data).digest():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def prepare_index(corpus_dir: Path, index_dir: Path, *, rebuild: bool = False, progress=None,
                  **overrides) -> tuple[Settings, dict]:
    """Settings for a benchmark corpus and an up-to-date index for it, built from scratch if needed.

    A missing or stale index (or `rebuild=True`) is deleted and built afresh, so the reported
    build time is a full build, never an incremental one. Returns `(settings, build_info)`;
    `build_info["built_now"]` says whether this call built it (otherwise its timings are those
    recorded when it was built).
    """
    settings = Settings.load(overrides={"corpus_dir": Path(corpus_dir), "index_dir": Path(index_dir), **overrides})
    embedder = Embedder.from_settings(settings)
    reasons = stale_reasons(settings, embedder.model_id)
    built_now = bool(rebuild or reasons)
    if built_now:
        if progress:
            progress("building index: " + ("; ".join(reasons) if reasons else "rebuild requested"))
        _clear_index(Path(index_dir))
        embedder.warm_up()  # model loading is not part of the build time
        manifest = build_index(settings, embedder, progress=progress)
    else:
        manifest = json.loads((current_generation(index_dir) / "manifest.json").read_text())
    info = {key: manifest.get(key) for key in ("documents", "chunks", "index_type", "build_seconds", "built_at", "model")}
    info["built_now"] = built_now
    return settings, info


def _clear_index(index_dir: Path) -> None:
    """Remove the generations and pointer of an index folder (and nothing else)."""
    if not index_dir.exists():
        return
    for p in index_dir.iterdir():
        if p.is_dir() and p.name.startswith("gen-"):
            shutil.rmtree(p)
        elif p.name in {"CURRENT", "CURRENT.tmp"}:
            p.unlink()


def open_assistant(settings, selector: str = "trained"):
    """The real pipeline over a prepared index (never rebuilds: `prepare_index` did that)."""
    return Assistant.from_settings(settings, rebuild="never", selector=selector)


def reader_info(assistant) -> dict | None:
    """Which answer-phrase reader ran and a fingerprint of its weights (None: phrases not marked)."""
    return model_info(assistant.reader) if getattr(assistant, "reader", None) is not None else None


def selector_info(assistant) -> dict:
    """Which answer selector ran, a fingerprint of the weights file it reads, and its calibration."""
    return model_info(assistant.selector)


def model_info(sel) -> dict:
    """A model's name, folder, weights file fingerprint and, for a calibrated ONNX selector, its calibration."""
    info = {"name": getattr(sel, "name", type(sel).__name__)}
    path = getattr(sel, "path", None)
    if path is not None:
        info["path"] = display_path(path)
        patterns = ("*.onnx",) if "onnx" in info["name"].lower() else ("*.safetensors", "*.bin")
        weights = [w for pattern in patterns for w in sorted(Path(path).glob(pattern))]
        if weights:
            h = hashlib.sha256()
            with weights[0].open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
            info["weights_file"] = weights[0].name
            info["weights_sha256"] = h.hexdigest()[:16]
    if path is not None and "onnx" in info["name"].lower() and hasattr(sel, "calibration"):
        info["calibration_file"] = (Path(path) / "calibration.json").exists()
    if getattr(sel, "calibration", None) is not None:
        info["calibration_a_b"] = [round(float(x), 4) for x in sel.calibration]
    return info


def environment() -> dict:
    """Where and when a run happened, for the results file (call it when the run starts)."""
    def git(*args: str) -> str | None:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip() or None
        except (OSError, subprocess.SubprocessError):
            return None

    try:
        import torch

        threads = torch.get_num_threads()
    except ImportError:  # pragma: no cover - torch is a dependency
        threads = None
    return {
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "git_commit": git("rev-parse", "--short", "HEAD"),
        # uncommitted edits to the library at the time of the run (other work goes on in this tree)
        "qa_uncommitted": [line.split(maxsplit=1)[-1] for line in (git("status", "--porcelain", "--", "qa") or "").splitlines()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "torch_threads": threads,
        "load_average_start": load_average(),
    }


def display_path(path: Path) -> str:
    """A path relative to this checkout (`qa/models/selector`), or to its folder for shared data
    (`../shared/benchmarks/...`), as the project's commands write them; absolute otherwise."""
    path = Path(path).resolve()
    if path.is_relative_to(ROOT):
        return str(path.relative_to(ROOT))
    if path.is_relative_to(ROOT.parent):
        return str(Path("..") / path.relative_to(ROOT.parent))
    return str(path)


def load_average() -> list[float] | None:
    """1/5/15-minute load averages: other work on the machine slows timings (2 cores here)."""
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def results_path(name: str, limited: bool) -> Path:
    """Full runs go to docs/bench-results/; sliced runs (`--limit`) to data/bench/results/ so they never overwrite them."""
    return (DATA_DIR / "results" if limited else RESULTS_DIR) / f"{name}.json"


def write_result(path: Path, result: Mapping) -> Path:
    """Write a results dict as indented JSON (numpy scalars allowed)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=_json_default) + "\n", encoding="utf-8")
    return path


def write_jsonl(path: Path, rows: Iterable[Mapping]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False, default=_json_default) + "\n")
    return path


def _json_default(obj):
    if hasattr(obj, "tolist"):
        return obj.tolist()
    if isinstance(obj, Path):
        return str(obj)
    raise TypeError(f"{type(obj).__name__} is not JSON serializable")


def add_common_args(parser) -> None:
    """The flags every benchmark script takes."""
    parser.add_argument("--selector", choices=["trained", "torch", "cosine"], default="trained",
                        help="answer selector: the trained cross-encoder via ONNX Runtime (default), the same model "
                             "in PyTorch, or the untrained cosine baseline")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the benchmark index from scratch")
    parser.add_argument("--out", type=Path, default=None,
                        help="results JSON (default: docs/bench-results/<name>.json; data/bench/results/ with --limit)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress messages")


def fail(msg: str) -> int:
    """A user-facing error: one line on stderr, exit status 2 (no traceback)."""
    print(f"error: {msg}", file=sys.stderr)
    return 2
