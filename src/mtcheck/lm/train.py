"""Train the fluency model: a sentencepiece tokenizer and a small Llama-style causal LM.

Reproducible (seeded; deterministic held-out split by document hash),
resumable (checkpoints with optimizer state), and honest about quality (prints
held-out perplexity, written to ``meta.json``). Sentences are the training
unit, each wrapped in BOS/EOS, because that is how the checker and BLiMP use
the model.

torch and transformers are imported inside functions: they are optional
(``pip install -e ".[train]"``) and far too slow to import on the inference path.
"""

from __future__ import annotations

import json
import math
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from mtcheck.lm.data import corpus_sentences


@dataclass
class TrainConfig:
    vocab_size: int = 8000
    hidden_size: int = 256
    intermediate_size: int = 704
    num_layers: int = 4
    num_heads: int = 4
    max_len: int = 64  # tokens per sentence incl. BOS/EOS; longer sentences are cut
    batch_size: int = 64
    lr: float = 2e-3
    warmup_steps: int = 200
    max_steps: int = 6000
    max_minutes: float = 0.0  # stop (and save) after this many minutes; 0 = no limit
    max_train_sentences: int = 3_000_000
    tokenizer_sentences: int = 400_000
    eval_every: int = 500
    seed: int = 1234
    threads: int = 2


def _log(msg: str) -> None:
    print(msg, flush=True)


def collect_sentences(corpora: Sequence[str | Path], heldout: bool, limit: int, seed: int) -> list[str]:
    """Sentences of the train or held-out side, interleaving the corpora so both are represented."""
    share = max(1, limit // len(corpora)) if limit else 0
    out: list[str] = []
    for c in corpora:
        taken = 0
        for doc in corpus_sentences([c], heldout=heldout):
            out.extend(doc)
            taken += len(doc)
            if share and taken >= share:
                break
    random.Random(seed).shuffle(out)
    return out


def train_tokenizer(sentences: Sequence[str], out_dir: Path, vocab_size: int, seed: int) -> Path:
    import sentencepiece as spm

    out_dir.mkdir(parents=True, exist_ok=True)
    text = out_dir / "tokenizer-train.txt"
    sample = list(sentences)
    random.Random(seed).shuffle(sample)
    text.write_text("\n".join(sample) + "\n", encoding="utf-8")
    prefix = out_dir / "tokenizer"
    spm.SentencePieceTrainer.train(
        input=str(text), model_prefix=str(prefix), vocab_size=vocab_size, model_type="unigram",
        character_coverage=0.9995, pad_id=0, unk_id=1, bos_id=2, eos_id=3, input_sentence_size=len(sample),
        shuffle_input_sentence=True, num_threads=2, byte_fallback=True, minloglevel=2,
        normalization_rule_name="nfkc", split_digits=True,
    )
    text.unlink()
    return prefix.with_suffix(".model")


def encode_all(sp, sentences: Sequence[str], max_len: int) -> list[np.ndarray]:
    ids = sp.encode(list(sentences))
    out = []
    for seq in ids:
        seq = [sp.bos_id(), *seq[: max_len - 2], sp.eos_id()]
        out.append(np.asarray(seq, dtype=np.int32))
    return out


def batches(seqs: list[np.ndarray], batch_size: int, rng: random.Random):
    """Length-bucketed batches (less padding), in random order."""
    order = sorted(range(len(seqs)), key=lambda i: (len(seqs[i]), rng.random()))
    chunks = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(chunks)
    for chunk in chunks:
        L = max(len(seqs[i]) for i in chunk)
        arr = np.zeros((len(chunk), L), dtype=np.int64)
        mask = np.zeros((len(chunk), L), dtype=np.int64)
        for r, i in enumerate(chunk):
            arr[r, : len(seqs[i])] = seqs[i]
            mask[r, : len(seqs[i])] = 1
        yield arr, mask


def build_model(cfg: TrainConfig, sp):
    from transformers import LlamaConfig, LlamaForCausalLM

    mc = LlamaConfig(
        vocab_size=sp.get_piece_size(), hidden_size=cfg.hidden_size, intermediate_size=cfg.intermediate_size,
        num_hidden_layers=cfg.num_layers, num_attention_heads=cfg.num_heads, num_key_value_heads=cfg.num_heads,
        max_position_embeddings=cfg.max_len, rms_norm_eps=1e-5, tie_word_embeddings=True,
        bos_token_id=sp.bos_id(), eos_token_id=sp.eos_id(), pad_token_id=sp.pad_id(),
    )
    return LlamaForCausalLM(mc)


def evaluate(model, seqs: list[np.ndarray], batch_size: int = 128) -> float:
    """Held-out perplexity per token (natural log base), counting the EOS prediction."""
    import torch

    model.eval()
    total_nll, total_tok = 0.0, 0
    with torch.no_grad():
        for arr, mask in batches(seqs, batch_size, random.Random(0)):
            x = torch.from_numpy(arr)
            m = torch.from_numpy(mask)
            logits = model(input_ids=x, attention_mask=m).logits[:, :-1]
            logp = torch.log_softmax(logits.float(), dim=-1)
            tgt = x[:, 1:]
            tm = m[:, 1:].bool()
            nll = -logp.gather(-1, tgt.unsqueeze(-1)).squeeze(-1)
            total_nll += float(nll[tm].sum())
            total_tok += int(tm.sum())
    model.train()
    return math.exp(total_nll / max(total_tok, 1))


def train(corpora: Sequence[str | Path], out_dir: str | Path, cfg: TrainConfig | None = None,
          progress: bool = True, log: Callable[[str], None] = _log) -> dict:
    """Train (or resume) into ``out_dir``; returns the metadata written to ``out_dir/meta.json``."""
    import sentencepiece as spm
    import torch

    cfg = cfg or TrainConfig()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(cfg.seed)
    torch.set_num_threads(cfg.threads)
    rng = random.Random(cfg.seed)

    log("reading corpora")
    train_sents = collect_sentences(corpora, heldout=False, limit=cfg.max_train_sentences, seed=cfg.seed)
    held_sents = collect_sentences(corpora, heldout=True, limit=20_000, seed=cfg.seed)
    log(f"{len(train_sents):,} training sentences, {len(held_sents):,} held-out sentences")

    tok_path = out / "tokenizer.model"
    if not tok_path.exists():
        log("training tokenizer")
        train_tokenizer(train_sents[: cfg.tokenizer_sentences], out, cfg.vocab_size, cfg.seed)
    sp = spm.SentencePieceProcessor(model_file=str(tok_path))

    log("encoding")
    train_ids = encode_all(sp, train_sents, cfg.max_len)
    held_ids = encode_all(sp, held_sents, cfg.max_len)
    n_tokens = int(sum(len(s) for s in train_ids))
    log(f"{n_tokens:,} training tokens")

    # Unigram log-probabilities of pieces (for SLOR), from the training side.
    counts = np.bincount(np.concatenate(train_ids), minlength=sp.get_piece_size()).astype(np.float64) + 1.0
    np.save(out / "unigram_logprob.npy", np.log(counts / counts.sum()).astype(np.float32))

    model = build_model(cfg, sp)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, betas=(0.9, 0.98), weight_decay=0.01)
    step = 0
    ckpt = out / "checkpoint.pt"
    if ckpt.exists():
        state = torch.load(ckpt, map_location="cpu", weights_only=False)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        step = state["step"]
        rng.setstate(state["rng"])
        log(f"resumed from step {step}")

    def lr_at(s: int) -> float:
        if s < cfg.warmup_steps:
            return cfg.lr * (s + 1) / cfg.warmup_steps
        frac = (s - cfg.warmup_steps) / max(1, cfg.max_steps - cfg.warmup_steps)
        return cfg.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(frac, 1.0))))

    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=cfg.max_steps, initial=step, unit="step", mininterval=5)
    t0 = time.time()
    model.train()
    loss_ema = None
    stop = False
    while step < cfg.max_steps and not stop:
        for arr, mask in batches(train_ids, cfg.batch_size, rng):
            x = torch.from_numpy(arr)
            m = torch.from_numpy(mask)
            labels = x.masked_fill(m == 0, -100)
            for g in opt.param_groups:
                g["lr"] = lr_at(step)
            loss = model(input_ids=x, attention_mask=m, labels=labels).loss
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            lv = float(loss.detach())
            loss_ema = lv if loss_ema is None else 0.98 * loss_ema + 0.02 * lv
            if bar is not None:
                bar.update(1)
                bar.set_postfix(loss=f"{loss_ema:.3f}")
            minutes = (time.time() - t0) / 60
            if step % cfg.eval_every == 0 or step >= cfg.max_steps or (cfg.max_minutes and minutes >= cfg.max_minutes):
                torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step,
                            "rng": rng.getstate()}, ckpt)
                model.save_pretrained(out / "hf")
                log(f"step {step}: loss {loss_ema:.3f}, {minutes:.1f} min")
            if step >= cfg.max_steps or (cfg.max_minutes and minutes >= cfg.max_minutes):
                stop = True
                break
    if bar is not None:
        bar.close()
    model.save_pretrained(out / "hf")
    ppl = evaluate(model, held_ids)
    log(f"held-out perplexity: {ppl:.2f} ({len(held_ids):,} sentences)")
    meta = {
        "config": asdict(cfg),
        "corpora": [Path(c).name for c in corpora],
        "train_sentences": len(train_ids),
        "train_tokens": n_tokens,
        "heldout_sentences": len(held_ids),
        "heldout_perplexity": round(ppl, 3),
        "steps": step,
        "parameters": int(sum(p.numel() for p in model.parameters())),
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return meta
