"""Score sentences with any Hugging Face causal LM (``--lm NAME_OR_DIR``).

Slower to start than the shipped ONNX model (torch and transformers import in
seconds), but lets a team plug in a bigger model. Hub ids need the model in
the local Hugging Face cache or network access; local directories always work.
SLOR needs unigram frequencies the model does not ship, so it falls back to
mean log-probability per token unless the directory has ``unigram_logprob.npy``
(as directories written by ``mtcheck lm train`` do).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from mtcheck.lm.runtime import LN2, SentenceScore, TokenScore, context_windows


class HFScorer:
    def __init__(self, name_or_dir: str, threads: int = 2) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        torch.set_num_threads(threads)
        self.torch = torch
        p = Path(name_or_dir)
        model_path = p / "hf" if (p / "hf" / "config.json").exists() else p if p.exists() else name_or_dir
        self.name = str(name_or_dir)
        self.model = AutoModelForCausalLM.from_pretrained(model_path)
        self.model.eval()
        self.sp = None
        self.tok = None
        if p.exists() and (p / "tokenizer.model").exists() and not (p / "tokenizer.json").exists():
            import sentencepiece as spm

            self.sp = spm.SentencePieceProcessor(model_file=str(p / "tokenizer.model"))
        else:
            self.tok = AutoTokenizer.from_pretrained(model_path)
        uni = p / "unigram_logprob.npy" if p.exists() else None
        self.unigram = np.load(uni) if uni is not None and uni.exists() else None

    def _ids(self, text: str) -> tuple[list[int], list[tuple[int, int, str]], int | None, int | None]:
        if self.sp is not None:
            proto = self.sp.encode(text, return_type="proto")
            from mtcheck.lm.runtime import _byte_to_char

            b2c = _byte_to_char(text)
            spans = [(b2c.get(x.begin, 0), b2c.get(x.end, len(text)), x.piece) for x in proto.pieces]
            return [x.id for x in proto.pieces], spans, self.sp.bos_id(), self.sp.eos_id()
        enc = self.tok(text, add_special_tokens=False, return_offsets_mapping=True)
        spans = [(a, b, text[a:b]) for a, b in enc["offset_mapping"]]
        return list(enc["input_ids"]), spans, self.tok.bos_token_id, self.tok.eos_token_id

    def score(self, sentences: Sequence[str], batch_size: int = 16) -> list[SentenceScore]:
        torch = self.torch
        out = []
        for text in sentences:
            ids, spans, bos, eos = self._ids(text)
            seq = ([bos] if bos is not None else []) + ids + ([eos] if eos is not None else [])
            if len(seq) < 2:
                out.append(SentenceScore(text, 0.0, 0, 0.0, 0.0, 0.0, []))
                continue
            limit = int(getattr(self.model.config, "max_position_embeddings", 0) or 0) or len(seq)
            parts = []
            for window, first, count in context_windows(seq, limit):
                x = torch.tensor([window])
                with torch.no_grad():
                    logits = self.model(input_ids=x).logits[0, :-1].float()
                wl = torch.log_softmax(logits, -1).gather(-1, x[0, 1:, None]).squeeze(-1).numpy()
                parts.append(wl[first:first + count].astype(np.float64))
            lp = np.concatenate(parts)
            bits = -lp / LN2
            n = len(lp)
            offset = 0 if bos is not None else 1  # without BOS the first token is not scored
            toks = [TokenScore(piece, a, b, float(bits[j - offset])) for j, (a, b, piece) in enumerate(spans)
                    if 0 <= j - offset < n]
            total = float(lp.sum())
            if self.unigram is not None:
                slor = (total - float(self.unigram[seq[1:]].sum())) / n
            else:
                slor = total / n
            out.append(SentenceScore(text, total, n, slor, float(bits.max()), float(bits.mean()), toks))
        return out
