"""The fluency stage: language-model scores per sentence and findings where surprisal peaks.

Raw perplexity mostly measures sentence length and word rarity, so the
sentence score is SLOR (length- and rarity-normalised). Findings point at the
word where the model was most surprised, and only when that surprise is both
high in absolute terms and far above the sentence's own average, so that a
rare but well-formed name does not light up every sentence.
"""

from __future__ import annotations

import re
from pathlib import Path

from mtcheck.checkers.grammar.vocab import skipped_by_convention
from mtcheck.document import Document
from mtcheck.model import CheckResult, Finding, Severity

#: a token is flagged when its surprisal (bits) is at least this high ...
MIN_BITS = 20.0
#: ... and at least this many bits above the sentence's mean surprisal
MIN_MARGIN = 12.0
_WORD = re.compile(r"[\w'’-]+")


class FluencyChecker:
    source = "fluency"
    name = "lm"

    def __init__(self, model: str | None = None, min_bits: float = MIN_BITS, min_margin: float = MIN_MARGIN) -> None:
        self.model_spec = model
        if model is None or (Path(model) / "model.onnx").exists():
            from mtcheck.lm.runtime import OnnxScorer

            # one thread: in the pipeline the model runs beside Harper, which takes the other core
            self.scorer = OnnxScorer(model, threads=1)
            self.model_name = "mtcheck-lm (shipped)" if model is None else str(model)
        else:
            from mtcheck.lm.hf import HFScorer

            self.scorer = HFScorer(model)
            self.model_name = str(model)
        self.min_bits = min_bits
        self.min_margin = min_margin

    def close(self) -> None:
        pass

    def check(self, doc: Document) -> CheckResult:
        res = CheckResult()
        res.backends["lm"] = {"ran": True, "model": self.model_name}
        sentences = [s for s in doc.sentences if s.text.strip()]
        if not sentences:
            return res
        scores = self.scorer.score([s.text for s in sentences])
        for s, sc in zip(sentences, scores):
            res.sentence_scores[s.index] = {
                "fluency": sc.slor, "max_surprisal": sc.max_surprisal, "mean_surprisal": sc.mean_surprisal,
                "logprob": sc.logprob, "lm_tokens": float(sc.tokens),
            }
            peak = _peak_token(s.text, sc.token_scores)
            if peak is None or peak.surprisal < self.min_bits or peak.surprisal - sc.mean_surprisal < self.min_margin:
                continue
            a, b = _word_around(s.text, peak.start, peak.end)
            if a >= b:
                continue
            start, end = s.span(a, b)
            word = s.text[a:b]
            res.findings.append(Finding(
                rule="LM.Surprisal", source="fluency", severity=Severity.SUGGESTION,
                message=f"unexpected wording at '{word}' ({peak.surprisal:.1f} bits, sentence mean "
                        f"{sc.mean_surprisal:.1f}): check that this reads naturally",
                start=start, end=end, text=doc.text[start:end],
                meta={"surprisal": round(peak.surprisal, 2), "slor": round(sc.slor, 3)},
            ))
        return res


def _peak_token(text: str, tokens):
    """The most surprising token outside capitalised words, checking from the top
    down so the word scan runs for a few tokens, not every token of the sentence."""
    for t in sorted(tokens, key=lambda t: t.surprisal, reverse=True):
        if t.end > t.start and t.piece != "</s>" and not _in_rare_by_nature(text, t.start, t.end):
            return t
    return None


def _in_rare_by_nature(text: str, a: int, b: int) -> bool:
    """Proper names and acronyms (GAC, Zeng Qinghong, Xinhuanet), codes and host
    names (G109, news.cn) are rare in any training corpus, so their surprisal
    says nothing about fluency: skip the words they touch."""
    wa, wb = _word_around(text, a, b)
    return (wb > wa and text[wa].isupper()) or skipped_by_convention(text, wa, wb)


def _word_around(text: str, a: int, b: int) -> tuple[int, int]:
    """Widen a token span to the whole word(s) it touches, without surrounding space."""
    while a < b and text[a].isspace():
        a += 1
    for m in _WORD.finditer(text):
        if m.start() <= a < m.end():
            a = m.start()
        if m.start() < b <= m.end():
            b = m.end()
    return a, b


