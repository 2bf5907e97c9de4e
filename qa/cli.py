"""Command line: `miss-qa index | ask | eval | serve | train | bench`; each parses flags, calls the library, prints."""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import textwrap
from pathlib import Path


def _settings(args):
    from .settings import Settings

    overrides = {}
    for name in ("corpus_dir", "index_dir", "top_k"):
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = value
    return Settings.load(overrides=overrides)


def _progress(args):
    if getattr(args, "quiet", False):
        return None
    return lambda msg: print(msg, file=sys.stderr)


def _warn(msg: str) -> None:
    print(f"warning: {msg}", file=sys.stderr)


def _assistant(args, rebuild="auto"):
    from .assistant import Assistant

    return Assistant.from_settings(_settings(args), rebuild="never" if getattr(args, "no_rebuild", False) else rebuild,
                                   selector=getattr(args, "selector", "trained"), progress=_progress(args), warn=_warn)


def cmd_index(args) -> int:
    from .embed import Embedder
    from .index import build_index

    settings = _settings(args)
    m = build_index(settings, Embedder.from_settings(settings), progress=_progress(args), warn=_warn)
    print(f"indexed {m['documents']} document(s) into {m['chunks']} chunk(s) ({m['index_type']} FAISS + BM25) in "
          f"{m['build_seconds']} s; re-embedded {m['embedded_documents']} changed document(s); index at {settings.index_dir}")
    return 0


def cmd_ask(args) -> int:
    from .answer import validate_question

    validate_question(args.question, _settings(args).max_question_chars)  # fail fast, before loading models
    assistant = _assistant(args)
    answer = assistant.ask(args.question, id=args.id)
    if args.json:
        print(json.dumps(answer.to_record(), ensure_ascii=False, indent=2))
    else:
        print(format_answer(answer))
    return 0


def format_answer(answer) -> str:
    """A person-readable rendering: notice, answer, numbered citations, then the passages."""
    out = []
    if answer.status == "urgent":
        out.append(f"!! {answer.notice}")
        out.append("")
    if answer.searched_as:
        out.append(f"(searched as: {answer.searched_as})")
    if answer.answer is not None:
        out.append("Answer: " + " ".join(answer.answer.split()))
        if answer.answer_span is not None and answer.citations:
            phrase = answer.citations[0].quote[answer.answer_span.start:answer.answer_span.end]
            out.append("In short: " + " ".join(phrase.split()))
        out.append(f"(confidence {answer.confidence:.2f})")
    else:
        out.append(answer.notice or "No answer.")
    if answer.citations:
        out.append("")
        out.append("Sources:")
        for i, c in enumerate(answer.citations, 1):
            where = f"{c.doc}, chars {c.start}-{c.end}" + (f", page {c.page}" if c.page else "")
            out.append(f"  [{i}] {c.title} — {c.section or '(no section)'} ({where})")
            out.append(textwrap.indent(textwrap.fill('"' + " ".join(c.quote.split()) + '"', 96), "      "))
    if answer.passages:
        out.append("")
        out.append("Passages retrieved:")
        for i, h in enumerate(answer.passages, 1):
            out.append(f"  {i}. {h.chunk.doc_id} — {h.chunk.section or '(no section)'} [{h.chunk.start}:{h.chunk.end}] score {h.score:.3f}")
            out.append(textwrap.indent(textwrap.shorten(" ".join(h.chunk.text.split()), 300), "      "))
    return "\n".join(out)


def cmd_serve(args) -> int:
    from ui.app import serve

    serve(_settings(args), host=args.host, port=args.port, progress=_progress(args), warn=_warn,
          selector=args.selector, rebuild="never" if args.no_rebuild else "auto")
    return 0


def cmd_eval(args) -> int:
    from .evaluate import main as eval_main

    return eval_main(args, _assistant(args))


def cmd_train(args) -> int:
    """Re-create the shipped selector: train, export to int8 ONNX, then calibrate on held-out data."""
    from .calibrate import main as calibrate_main
    from .export_onnx import main as export_main
    from .select import SHIPPED_SELECTOR
    from .train import main as train_main

    rest = list(args.rest)
    out = rest[rest.index("--out") + 1] if "--out" in rest[:-1] else str(SHIPPED_SELECTOR)
    train_main(rest)
    export_main([out])
    return calibrate_main(["--model-dir", out])


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="miss-qa", description="Answers questions about minimally invasive spine "
                                "surgery by quoting the clinic's documents, with citations.")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp, index_only=False):
        sp.add_argument("--corpus", dest="corpus_dir", type=Path, help="folder of source documents (default: corpus/)")
        sp.add_argument("--index", dest="index_dir", type=Path, help="index folder (default: index/)")
        sp.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
        if not index_only:
            sp.add_argument("--no-rebuild", action="store_true", help="refuse a missing or stale index instead of rebuilding it")
            sp.add_argument("--selector", choices=["trained", "torch", "cosine"], default="trained",
                            help="answer selector: the trained cross-encoder run by ONNX Runtime (default), the same "
                            "model in PyTorch, or the untrained cosine baseline")

    sp = sub.add_parser("index", help="build or refresh the index (only changed files are re-embedded)")
    common(sp, index_only=True)
    sp.set_defaults(func=cmd_index)

    sp = sub.add_parser("ask", help="ask one question")
    sp.add_argument("question")
    sp.add_argument("--json", action="store_true", help="print the answer record as JSON")
    sp.add_argument("-k", dest="top_k", type=int, help="passages to return (default 5)")
    sp.add_argument("--id", default=None, help="id to put in the answer record")
    common(sp)
    sp.set_defaults(func=cmd_ask)

    sp = sub.add_parser("eval", help="run a question set (JSONL or CSV) and report metrics")
    sp.add_argument("questions", type=Path)
    sp.add_argument("--out", type=Path, help="write answer records (JSONL) here; resumes if it exists")
    sp.add_argument("--report", type=Path, help="write a self-contained HTML report here")
    sp.add_argument("--json", action="store_true", help="print the metrics as JSON")
    sp.add_argument("--no-resume", action="store_true", help="start --out afresh instead of resuming")
    common(sp)
    sp.set_defaults(func=cmd_eval)

    sp = sub.add_parser("serve", help="start the web app")
    sp.add_argument("--host", default="127.0.0.1")
    sp.add_argument("--port", type=int, default=7860)
    common(sp)
    sp.set_defaults(func=cmd_serve)

    sp = sub.add_parser("train", help="re-train the answer selector (see qa/models/selector/README.md); "
                        "other flags go to `python -m qa.train`")
    sp.set_defaults(func=cmd_train)
    return p


def main(argv=None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("sentence_transformers", "transformers", "httpx"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "train":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.rest = extra
    from .answer import QuestionError
    from .embed import ModelMissing
    from .index import IndexError_

    try:
        return args.func(args)
    except (QuestionError, IndexError_, ModelMissing, FileNotFoundError, ValueError) as exc:
        print(f"miss-qa: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("miss-qa: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
