"""Train the answer-phrase reader (a span head): `python -m qa.train_reader`.

Given a question and the sentence the selector chose, the reader marks the phrase inside the
sentence that answers it ("how old is Tom?" -> "62-year-old"). The answer itself stays the whole
sentence, quoted verbatim; the phrase is marked inside it (`answer_span` of the answer record).

Starts from the shipped selector's encoder (qa/models/selector, a cross-encoder that already reads
question-sentence pairs; `--init base` starts from the bundled all-MiniLM-L6-v2 instead) and adds a
start/end head. Trained on public data only (see qa/models/reader/README.md for licenses):
  * SQuAD v1.1 dev + v2.0 dev, answerable questions
  * COVID-QA course split, **train** file only (its dev file measures the reader; test is never read)
Each example is (question, the one sentence holding the gold answer); answers that cross a
sentence boundary are left out. Never used: /work/shared/seeds, /work/shared/eval.

Then `python -m qa.train_reader --export` writes model.int8.onnx, which is what ships.

Options: --out DIR  --epochs E  --seed S  --batch-size B  --lr LR  --max-examples N  --init selector|base|DIR
"""
from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import argparse
import json
import random
import time
from pathlib import Path
from typing import NamedTuple, Sequence

import numpy as np

from qa import train_data as td
from qa.reader import MAX_LENGTH, best_span

DEFAULT_OUT = Path(__file__).resolve().parent / "models" / "reader"
SELECTOR_DIR = Path(__file__).resolve().parent / "models" / "selector"


class Example(NamedTuple):
    question: str
    sentence: str
    start: int  # answer's character range inside `sentence`
    end: int
    source: str


def sentence_examples(ds: dict, source: str, limit: int | None = None) -> list[Example]:
    """(question, sentence, answer range) for every answerable question whose first gold answer
    lies inside one sentence of its context."""
    out: list[Example] = []
    seen: set[tuple[str, str]] = set()
    for art in ds["data"]:
        for para in art["paragraphs"]:
            ctx = para["context"]
            spans = None
            for qa in para["qas"]:
                answers = qa.get("answers") or []
                if qa.get("is_impossible") or not answers:
                    continue
                key = (" ".join(qa["question"].lower().split()), ctx)
                if key in seen:
                    continue
                seen.add(key)
                a = answers[0]
                text, start = a["text"], int(a["answer_start"])
                end = start + len(text)
                if not text.strip() or ctx[start:end] != text:
                    continue
                spans = spans or td.split_sentences(ctx)
                s = spans[td.sentence_index_at(spans, start)]
                if not (s.start <= start and end <= s.end):
                    continue
                out.append(Example(qa["question"].strip(), s.text, start - s.start, end - s.start, source))
                if limit is not None and len(out) >= limit:
                    return out
    return out


def training_examples(seed: int, max_examples: int | None = None) -> list[Example]:
    rng = random.Random(seed)
    ex = (sentence_examples(td.load_json(td.SQUAD_V1), "squad")
          + sentence_examples(td.load_json(td.SQUAD_V2), "squad")
          + sentence_examples(td.load_json(td.COVID_TRAIN), "covid"))
    # v2.0 dev repeats some v1.1 dev questions: keep one of each (question, sentence)
    unique = list({(e.question.lower(), e.sentence): e for e in ex}.values())
    rng.shuffle(unique)
    return unique[:max_examples] if max_examples else unique


def encode(tok, examples: Sequence[Example], max_length: int = MAX_LENGTH):
    """Token batch plus gold start/end token positions (examples whose answer is cut off are dropped)."""
    enc = tok([e.question for e in examples], [e.sentence for e in examples], truncation="only_second",
              max_length=max_length, padding=True, return_offsets_mapping=True, return_tensors="pt")
    starts, ends, keep = [], [], []
    for i, e in enumerate(examples):
        seq = enc.sequence_ids(i)
        offs = enc["offset_mapping"][i].tolist()
        toks = [t for t, sid in enumerate(seq) if sid == 1]
        s = next((t for t in toks if offs[t][0] <= e.start < offs[t][1] or offs[t][0] >= e.start), None)
        en = next((t for t in reversed(toks) if offs[t][0] < e.end), None)
        if s is None or en is None or en < s or offs[en][1] < e.end:
            continue
        starts.append(s)
        ends.append(en)
        keep.append(i)
    return enc, starts, ends, keep


def evaluate(model, tok, examples: Sequence[Example], batch_size: int = 64) -> dict:
    """SQuAD EM / F1 of the marked phrase against the gold answer, given the gold sentence."""
    import torch

    from qa.metrics import exact_match, f1_score

    model.eval()
    em, f1 = [], []
    with torch.inference_mode():
        for b in range(0, len(examples), batch_size):
            batch = examples[b: b + batch_size]
            enc = tok([e.question for e in batch], [e.sentence for e in batch], truncation="only_second",
                      max_length=MAX_LENGTH, padding=True, return_offsets_mapping=True, return_tensors="pt")
            out = model(**{k: enc[k] for k in ("input_ids", "attention_mask", "token_type_ids")})
            for i, e in enumerate(batch):
                toks = [t for t, sid in enumerate(enc.sequence_ids(i)) if sid == 1]
                offs = enc["offset_mapping"][i].tolist()
                s, en, _ = best_span(out.start_logits[i].numpy(), out.end_logits[i].numpy(), toks)
                pred = e.sentence[offs[s][0]:offs[en][1]]
                gold = e.sentence[e.start:e.end]
                em.append(exact_match(pred, [gold]))
                f1.append(f1_score(pred, [gold]))
    model.train()
    return {"exact_match": round(float(np.mean(em)), 4), "f1": round(float(np.mean(f1)), 4), "questions": len(examples)}


def init_path(init: str) -> str:
    if init == "selector":
        return str(SELECTOR_DIR)
    from qa.train import init_model_path

    return init_model_path(init)


def train(args) -> dict:
    import torch
    from transformers import AutoModelForQuestionAnswering, AutoTokenizer, get_linear_schedule_with_warmup

    from qa.train import log, set_seed

    set_seed(args.seed)
    torch.set_num_threads(max(1, os.cpu_count() or 1))

    src = init_path(args.init)
    tok = AutoTokenizer.from_pretrained(src)
    model = AutoModelForQuestionAnswering.from_pretrained(src, dtype=torch.float32, num_labels=2).float()
    model.to(args.device).train()
    examples = training_examples(args.seed, args.max_examples)
    dev = sentence_examples(td.load_json(td.COVID_DEV), "covid-dev")
    log(f"{len(examples)} training examples (init {src}); COVID-QA dev: {len(dev)}")
    before = evaluate(model, tok, dev[: args.eval_max])
    log(f"before training, COVID-QA dev: {before}")

    # batches of similar length (less padding), in a seeded order
    rng = random.Random(args.seed)
    order = sorted(range(len(examples)), key=lambda i: len(examples[i].question) + len(examples[i].sentence))
    batches = [order[i: i + args.batch_size] for i in range(0, len(order), args.batch_size)]
    steps = len(batches) * args.epochs
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(opt, int(0.1 * steps), steps)
    t0, step = time.time(), 0
    for epoch in range(args.epochs):
        rng.shuffle(batches)
        for batch in batches:
            enc, starts, ends, keep = encode(tok, [examples[i] for i in batch])
            if not keep:
                continue
            feed = {k: enc[k][keep].to(args.device) for k in ("input_ids", "attention_mask", "token_type_ids")}
            out = model(**feed, start_positions=torch.tensor(starts, device=args.device),
                        end_positions=torch.tensor(ends, device=args.device))
            out.loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 50 == 0:
                log(f"epoch {epoch + 1} step {step}/{steps} loss {out.loss.item():.3f} ({time.time() - t0:.0f} s)")
    after = evaluate(model, tok, dev[: args.eval_max])
    log(f"after training, COVID-QA dev: {after}")
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.to("cpu").save_pretrained(out_dir, safe_serialization=True)
    tok.model_max_length = MAX_LENGTH
    tok.save_pretrained(out_dir)
    metrics = {"init": args.init, "seed": args.seed, "epochs": args.epochs, "batch_size": args.batch_size,
               "lr": args.lr, "train_examples": len(examples),
               "train_sources": {s: sum(e.source == s for e in examples) for s in ("squad", "covid")},
               "covid_dev_given_gold_sentence": {"untrained_head": before, "trained": after},
               "train_seconds": round(time.time() - t0)}
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    return metrics


def export(model_dir: Path, out: Path | None = None) -> Path:
    """The trained reader as int8 ONNX (`span_logits`: batch x tokens x 2, start then end)."""
    import torch
    from transformers import AutoModelForQuestionAnswering, AutoTokenizer

    from qa.onnxrt import export_int8

    model = AutoModelForQuestionAnswering.from_pretrained(str(model_dir), dtype=torch.float32).float().eval()
    tok = AutoTokenizer.from_pretrained(str(model_dir))

    class Stacked(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask, token_type_ids):
            o = self.m(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return torch.stack([o.start_logits, o.end_logits], dim=-1)

    out = Path(out) if out else Path(model_dir) / "model.int8.onnx"
    enc = tok(["a question?", "another"], ["a candidate sentence.", "b"], return_tensors="pt", padding=True)
    return export_int8(Stacked(model), enc, out, "span_logits", output_axes={0: "batch", 1: "seq"})


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--init", default="base")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--max-examples", type=int, default=None)
    ap.add_argument("--eval-max", type=int, default=None, help="COVID-QA dev questions to evaluate on (default all)")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--export", action="store_true", help="only export --out's trained weights to int8 ONNX")
    args = ap.parse_args(argv)
    if not args.export:
        print(json.dumps(train(args), indent=2))
    path = export(Path(args.out))
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
