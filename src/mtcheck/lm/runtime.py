"""Score sentences with the shipped model on onnxruntime: no torch, fast to load.

Per sentence it gives the total log-probability (natural log, including the
end of sentence), per-token surprisal in bits with the character span of each
token, SLOR (model minus unigram log-probability, per token: length and word
rarity normalised, Lau et al. 2017) and the peak surprisal.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np

LN2 = math.log(2.0)


def shipped_model_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "lm"


@dataclass
class TokenScore:
    piece: str
    start: int  # character span in the sentence (may be empty for byte pieces)
    end: int
    surprisal: float  # bits


@dataclass
class SentenceScore:
    text: str
    logprob: float  # natural log, sum over tokens incl. EOS
    tokens: int  # scored tokens incl. EOS
    slor: float
    max_surprisal: float  # bits
    mean_surprisal: float  # bits
    token_scores: list[TokenScore] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"text": self.text, "logprob": round(self.logprob, 4), "tokens": self.tokens,
                "slor": round(self.slor, 4), "max_surprisal": round(self.max_surprisal, 4)}


class OnnxScorer:
    """The shipped fluency model (or any directory written by :func:`mtcheck.lm.export.export`)."""

    name = "mtcheck-lm"

    def __init__(self, model_dir: str | Path | None = None, threads: int | None = None, max_tokens: int = 512) -> None:
        import onnxruntime as ort
        import sentencepiece as spm

        d = Path(model_dir) if model_dir else shipped_model_dir()
        onnx_path = d / "model.onnx"
        if not onnx_path.exists():
            raise FileNotFoundError(f"no fluency model at {d} (model.onnx missing)")
        self.model_dir = d
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or min(2, os.cpu_count() or 1)
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # no busy-waiting between calls: the model shares two cores with Harper and
        # the rules, and spinning threads took a third of the pipeline's CPU time
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(onnx_path), opts, providers=["CPUExecutionProvider"])
        self.sp = spm.SentencePieceProcessor(model_file=str(d / "tokenizer.model"))
        self.unigram = np.load(d / "unigram_logprob.npy")
        meta = d / "meta.json"
        self.meta = json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}
        self.max_tokens = max_tokens
        # The context the model was trained with (tokens incl. BOS/EOS).
        self.context = int(self.meta.get("config", {}).get("max_len", 48))

    def _encode(self, text: str) -> tuple[list[int], list[tuple[int, int, str]]]:
        proto = self.sp.encode(text, return_type="proto")
        ids, spans = [], []
        for p in proto.pieces:
            ids.append(p.id)
            spans.append((p.begin, p.end, p.piece))
        # sentencepiece offsets are in bytes of the normalised UTF-8 text: map to characters.
        b2c = _byte_to_char(text)
        spans = [(b2c.get(a, 0), b2c.get(b, len(text)), piece) for a, b, piece in spans]
        return ids, spans

    def _windows(self, full: list[int]) -> list[tuple[list[int], int, int]]:
        return context_windows(full, self.context)

    def score(self, sentences: Sequence[str], batch_size: int = 64) -> list[SentenceScore]:
        encoded = [self._encode(s) for s in sentences]
        bos, eos = self.sp.bos_id(), self.sp.eos_id()
        fulls = [[bos, *enc[0][: self.max_tokens - 2], eos] for enc in encoded]
        jobs = [(i, w) for i, full in enumerate(fulls) for w in self._windows(full)]
        order = sorted(range(len(jobs)), key=lambda j: len(jobs[j][1][0]))
        pieces: dict[int, np.ndarray] = {}
        for k in range(0, len(order), batch_size):
            idx = order[k:k + batch_size]
            L = max(len(jobs[j][1][0]) for j in idx)
            ids = np.zeros((len(idx), L), dtype=np.int64)
            mask = np.zeros((len(idx), L), dtype=np.int64)
            for r, j in enumerate(idx):
                w = jobs[j][1][0]
                ids[r, : len(w)] = w
                mask[r, : len(w)] = 1
            (lp,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
            for r, j in enumerate(idx):
                _, first, count = jobs[j][1]
                pieces[j] = lp[r, first:first + count].astype(np.float64)
        per_sentence: list[list[np.ndarray]] = [[] for _ in sentences]
        for j, (i, _) in enumerate(jobs):
            per_sentence[i].append(pieces[j])
        results = []
        for i, text in enumerate(sentences):
            token_lp = np.concatenate(per_sentence[i])
            n = len(token_lp)  # predicted tokens (pieces + EOS)
            targets = fulls[i][1:]
            uni = float(self.unigram[targets].sum())
            total = float(token_lp.sum())
            bits = -token_lp / LN2
            spans = encoded[i][1][: n - 1]
            tokens = [TokenScore(piece, a, b, float(bits[j])) for j, (a, b, piece) in enumerate(spans)]
            tokens.append(TokenScore("</s>", len(text), len(text), float(bits[-1])))
            results.append(SentenceScore(
                text=text, logprob=total, tokens=n, slor=(total - uni) / n,
                max_surprisal=float(bits.max()), mean_surprisal=float(bits.mean()), token_scores=tokens,
            ))
        return results


def context_windows(full: list[int], L: int) -> list[tuple[list[int], int, int]]:
    """Cut ``<s> pieces </s>`` into windows no longer than the trained context ``L``.

    Positions beyond the training length were never trained (rotary positions
    extrapolate badly), so a long sentence is scored in windows: the first from
    BOS, each later one re-reading half a window of context. Each entry is
    (window ids, first output index to keep, how many outputs to keep).
    """
    if len(full) <= L:
        return [(full, 0, len(full) - 1)]
    out = [(full[:L], 0, L - 1)]
    ctx = L // 2
    pos = L
    while pos < len(full):
        start = pos - ctx
        end = min(len(full), start + L)
        out.append((full[start:end], ctx - 1, end - pos))
        pos = end
    return out


def _byte_to_char(text: str) -> dict[int, int]:
    out, pos = {}, 0
    for ci, ch in enumerate(text):
        out[pos] = ci
        pos += len(ch.encode("utf-8"))
    out[pos] = len(text)
    return out
