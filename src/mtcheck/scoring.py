"""Sentence risk, finding confidence and article score from the stages' outputs.

A sentence's ``risk`` is the estimated chance that it holds an error an editor
reading only the English should fix. It comes from a small model over the
stages' features (rule hits by family, grammar findings, language-model scores,
length, punctuation and script features) trained on professional MQM
annotations of Chinese-to-English news (``benchmarks/calibrate.py``; see
``docs/scoring.md``). The model ships as a JSON file in ``mtcheck/data/risk``
and is evaluated with numpy alone, so no learning library is needed at run
time.

The same model file also holds a *finding* model: the chance that a finding
points at something a professional reviewer marked. It is stored on each
finding as ``meta["confidence"]`` and drives :func:`shown_findings`, a
documented, configurable view (nothing is deleted from the results).

:func:`sentence_features` is the ONE place features are computed: training and
run time both call it, so they cannot drift apart. When the model file is
missing (or no variant fits the available features) the transparent noisy-OR
baseline below is used instead.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from mtcheck.document import Document, Sentence
from mtcheck.model import Finding, Severity
from mtcheck.results import SentenceResult

#: the shipped model (written by ``benchmarks/calibrate.py``)
MODEL_PATH = Path(__file__).resolve().parent / "data" / "risk" / "model.json"
MODEL_FORMAT = 1

#: chance that a single finding of this severity marks a sentence an editor must fix
SEVERITY_WEIGHT: Mapping[Severity, float] = {
    Severity.ERROR: 0.75,
    Severity.WARNING: 0.45,
    Severity.SUGGESTION: 0.15,
}
#: grammar and fluency findings are noisier than our rules: discount them
SOURCE_FACTOR: Mapping[str, float] = {"rules": 1.0, "grammar": 0.6, "fluency": 0.5}

#: sentence scores of the fluency stage turned into features (name in scores -> feature)
LM_SCORES = {"fluency": "lm_slor", "max_surprisal": "lm_max_surprisal",
             "mean_surprisal": "lm_mean_surprisal", "logprob": "lm_logprob", "lm_tokens": "lm_tokens"}

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_FULLWIDTH_PUNCT = set("，。、；：！？（）【】《》「」『』")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_FUNCTION = {"the": "w_the", "a": "w_a", "an": "w_a", "of": "w_of", "and": "w_and", "to": "w_to"}


# -- features -----------------------------------------------------------------------

def rule_family(rule: str) -> str:
    """Group rule ids so the model learns per family, not per rule.

    ``MT.Terms.JoinHands`` -> ``MT.Terms``; Harper rules are few and differ a lot
    in precision, so each is its own family (``HARPER.SpellCheck``);
    LanguageTool has thousands of rules: one family ``LT``.
    """
    parts = rule.split(".")
    if parts[0] == "LT":
        return "LT"
    return ".".join(parts[:2])


def _text_features(text: str) -> dict[str, float]:
    words = text.split()
    n = len(words)
    alpha = _WORD.findall(text)
    lower = [w.lower() for w in alpha]
    f: dict[str, float] = {
        "words": float(n),
        "log_words": math.log1p(n),
        "chars": float(len(text)),
        "chars_per_word": len(text) / max(n, 1),
        "commas": float(text.count(",") + text.count("，")),
        "semicolons": float(text.count(";")),
        "colons": float(text.count(":")),
        "quotes": float(sum(text.count(c) for c in "\"“”")),
        "odd_quotes": float(text.count('"') % 2 == 1 or text.count("“") != text.count("”")),
        "parens": float(text.count("(")),
        "unbalanced_parens": float(text.count("(") != text.count(")")),
        "hyphens": float(text.count("-")),
        "dashes": float(text.count("—") + text.count("–")),
        "slashes": float(text.count("/")),
        "digit_words": float(sum(any(c.isdigit() for c in w) for w in words)),
        "caps_words": float(sum(w[:1].isupper() for w in alpha[1:])),
        "allcaps_words": float(sum(len(w) > 1 and w.isupper() for w in alpha)),
        "long_words": float(sum(len(w) >= 12 for w in alpha)),
        "cjk": float(len(_CJK.findall(text))),
        "fullwidth_punct": float(sum(c in _FULLWIDTH_PUNCT for c in text)),
        "non_ascii": float(sum(ord(c) > 127 for c in text)),
        "double_space": float("  " in text),
        "starts_lower": float(bool(alpha) and text.lstrip()[:1].islower()),
        "no_end_punct": float(not text.rstrip().endswith((".", "!", "?", '"', "”", ")", ":", "。"))),
    }
    f["commas_per_word"] = f["commas"] / max(n, 1)
    f["caps_ratio"] = f["caps_words"] / max(len(alpha), 1)
    for key in set(_FUNCTION.values()):
        f[key] = 0.0
    for w in lower:
        key = _FUNCTION.get(w)
        if key:
            f[key] += 1.0
    for key in set(_FUNCTION.values()):
        f[key + "_ratio"] = f[key] / max(len(alpha), 1)
    return f


def sentence_features(
    doc: Document, findings: Sequence[Finding], sentence_scores: Mapping[int, Mapping[str, float]]
) -> list[dict[str, float]]:
    """Named features of every sentence of ``doc`` (same order as ``doc.sentences``).

    Used by the run-time scorer and by ``benchmarks/calibrate.py`` alike. Feature
    names that a model was not trained on are ignored by it; names it expects
    and a sentence lacks count as 0, except the language-model scores, whose
    absence selects a model variant trained without them.
    """
    per_block: dict[int, int] = {}
    for s in doc.sentences:
        per_block[s.block] = per_block.get(s.block, 0) + 1
    by_sentence = _assign(doc, findings)
    out = []
    pos_in_block: dict[int, int] = {}
    for s in doc.sentences:
        f = _text_features(s.text)
        f["block_sentences"] = float(per_block[s.block])
        f["pos_in_block"] = float(pos_in_block.get(s.block, 0))
        pos_in_block[s.block] = pos_in_block.get(s.block, 0) + 1
        f["first_in_doc"] = float(s.index == 0)
        f["heading"] = float(s.kind in ("heading", "title"))
        for src in ("rules", "grammar", "fluency"):
            f["n_" + src] = 0.0
        for sev in Severity:
            f["n_" + sev.label] = 0.0
        for fd in by_sentence.get(s.index, []):
            f["n_" + fd.source] += 1.0
            f["n_" + fd.severity.label] += 1.0
            key = "fam:" + rule_family(fd.rule)
            f[key] = f.get(key, 0.0) + 1.0
        scores = sentence_scores.get(s.index) or {}
        for name, feat in LM_SCORES.items():
            if name in scores and scores[name] is not None and math.isfinite(float(scores[name])):
                f[feat] = float(scores[name])
        if "lm_max_surprisal" in f and "lm_mean_surprisal" in f:
            f["lm_peak_gap"] = f["lm_max_surprisal"] - f["lm_mean_surprisal"]
        if "lm_logprob" in f:
            f["lm_logprob_per_word"] = f["lm_logprob"] / max(f["words"], 1.0)
        out.append(f)
    return out


def finding_features(finding: Finding, sentence: Mapping[str, float] | None) -> dict[str, float]:
    """Features of one finding: its own kind and span plus its sentence's features."""
    f = {"s:" + k: v for k, v in (sentence or {}).items()}
    f["f_len"] = float(finding.end - finding.start)
    f["f_severity"] = float(int(finding.severity))
    f["f_src:" + finding.source] = 1.0
    f["f_fam:" + rule_family(finding.rule)] = 1.0
    f["f_has_fix"] = float(finding.fix is not None or bool(finding.suggestions))
    # the flagged text's shape: a capitalised single word flagged by a spell checker
    # is most often a romanised name, which reviewers leave alone
    f["f_initial_cap"] = float(finding.text[:1].isupper())
    f["f_words"] = float(len(finding.text.split()))
    if "surprisal" in finding.meta:
        f["f_surprisal"] = float(finding.meta["surprisal"])
    return f


def _assign(doc: Document, findings: Sequence[Finding]) -> dict[int, list[Finding]]:
    by_sentence: dict[int, list[Finding]] = {}
    for fd in findings:
        s = doc.sentence_at(fd.start)
        if s is not None:
            by_sentence.setdefault(s.index, []).append(fd)
    return by_sentence


# -- the model ---------------------------------------------------------------------

@dataclass(frozen=True)
class TreeEnsemble:
    """Gradient-boosted regression trees for a log-odds output, evaluated with numpy.

    Trees are stored as padded node arrays (``feature`` -1 marks a leaf); a
    sample goes left when ``x <= threshold`` (float32, as scikit-learn does).
    """

    features: tuple[str, ...]
    init: float
    learning_rate: float
    feature: np.ndarray  # (trees, nodes) int
    threshold: np.ndarray  # (trees, nodes) float32
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray  # (trees, nodes) float
    depth: int
    #: every feature in this set must be present for the variant to apply
    requires: frozenset[str] = frozenset()

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "TreeEnsemble":
        trees = d["trees"]
        width = max(len(t["feature"]) for t in trees)

        def pad(key: str, fill: float, dtype: Any) -> np.ndarray:
            return np.array([t[key] + [fill] * (width - len(t[key])) for t in trees], dtype=dtype)

        return cls(
            features=tuple(d["features"]), init=float(d["init"]), learning_rate=float(d["learning_rate"]),
            feature=pad("feature", -1, np.int64), threshold=pad("threshold", 0.0, np.float32),
            left=pad("left", 0, np.int64), right=pad("right", 0, np.int64), value=pad("value", 0.0, np.float64),
            depth=int(d["depth"]), requires=frozenset(d.get("requires", ())),
        )

    def matrix(self, rows: Sequence[Mapping[str, float]]) -> np.ndarray:
        return np.array([[r.get(name, 0.0) for name in self.features] for r in rows], dtype=np.float32).reshape(
            len(rows), len(self.features))

    def log_odds(self, X: np.ndarray) -> np.ndarray:
        n = X.shape[0]
        t = self.feature.shape[0]
        node = np.zeros((t, n), dtype=np.int64)
        trees = np.arange(t)[:, None]
        for _ in range(self.depth):
            feat = self.feature[trees, node]
            leaf = feat < 0
            x = X[np.arange(n)[None, :], np.where(leaf, 0, feat)]
            go = np.where(x <= self.threshold[trees, node], self.left[trees, node], self.right[trees, node])
            node = np.where(leaf, node, go)
        return self.init + self.learning_rate * self.value[trees, node].sum(axis=0)

    def predict(self, rows: Sequence[Mapping[str, float]]) -> np.ndarray:
        """Probabilities for feature dicts."""
        if not rows:
            return np.zeros(0)
        return 1.0 / (1.0 + np.exp(-self.log_odds(self.matrix(rows))))

    def applies(self, rows: Sequence[Mapping[str, float]]) -> bool:
        return all(all(k in r for k in self.requires) for r in rows)


@dataclass(frozen=True)
class RiskModel:
    """The shipped model file: sentence-risk variants (most demanding first) and the finding model."""

    sentence: tuple[TreeEnsemble, ...]
    finding: tuple[TreeEnsemble, ...]
    #: findings with confidence below this are hidden by the default view
    min_confidence: float
    info: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | str = MODEL_PATH) -> "RiskModel":
        d = json.loads(Path(path).read_text(encoding="utf-8"))
        if d.get("format") != MODEL_FORMAT:
            raise ValueError(f"{path}: unsupported risk model format {d.get('format')!r}")
        return cls(
            sentence=tuple(TreeEnsemble.from_json(m) for m in d["sentence"]),
            finding=tuple(TreeEnsemble.from_json(m) for m in d["finding"]),
            min_confidence=float(d["min_confidence"]),
            info=d.get("info", {}),
        )

    @staticmethod
    def pick(variants: Sequence[TreeEnsemble], rows: Sequence[Mapping[str, float]]) -> TreeEnsemble | None:
        return next((m for m in variants if m.applies(rows)), None)


def load_shipped_model() -> RiskModel | None:
    """The shipped model, or None when the file is absent (then the baseline scores)."""
    if not MODEL_PATH.exists():
        return None
    return RiskModel.load(MODEL_PATH)


def model_min_confidence(path: Path | str = MODEL_PATH) -> float | None:
    """The shipped model's default-view threshold without building its trees (None: no model)."""
    try:
        return float(json.loads(Path(path).read_text(encoding="utf-8"))["min_confidence"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def shown_findings(findings: Sequence[Finding], min_confidence: float | None,
                   always_rules: bool = True) -> list[Finding]:
    """The default view: grammar and fluency findings whose ``meta["confidence"]`` reaches ``min_confidence``.

    Only the general-purpose stages are filtered. Our own rules are always
    shown: they are written for Chinese-to-English press releases and carry
    tested examples, while the MQM news data the confidence model learns from
    holds few of their calques ("Under the witness of", "joined hands"), so
    the model's confidence in a rule family measures how rare it is in WMT
    news, not whether it is right. Error-severity findings and findings
    without a confidence (no model) are always shown; ``None`` shows all.
    ``always_rules=False`` filters rule findings too (for comparison in the
    MQM benchmark).
    """
    if min_confidence is None:
        return list(findings)
    return [f for f in findings
            if (always_rules and f.source == "rules") or f.severity >= Severity.ERROR or "confidence" not in f.meta
            or f.meta["confidence"] >= min_confidence]


#: sentence risk of ordinary translated English under the calibrated model (the
#: upper quartile of sentences in our edited corpus articles sits near 0.36, the
#: median near 0.26); only risk above it lowers the article score
REFERENCE_RISK = 0.30


@dataclass
class Scorer:
    severity_weight: Mapping[Severity, float] = field(default_factory=lambda: dict(SEVERITY_WEIGHT))
    source_factor: Mapping[str, float] = field(default_factory=lambda: dict(SOURCE_FACTOR))
    #: None = the transparent baseline
    model: RiskModel | None = field(default_factory=load_shipped_model)

    def sentence_results(
        self, doc: Document, findings: Sequence[Finding], sentence_scores: Mapping[int, Mapping[str, float]]
    ) -> list[SentenceResult]:
        """One result per sentence; also stores each finding's ``meta["confidence"]`` when a model is loaded."""
        risks: Sequence[float] | None = None
        if self.model is not None and doc.sentences:
            feats = sentence_features(doc, findings, sentence_scores)
            m = RiskModel.pick(self.model.sentence, feats)
            if m is not None:
                risks = m.predict(feats).tolist()
            self._annotate(doc, findings, feats)
        if risks is None:
            risks = self._baseline(doc, findings)
        out = []
        for s, risk in zip(doc.sentences, risks):
            scores = dict(sentence_scores.get(s.index, {}))
            out.append(SentenceResult(s.start, s.end, s.text, risk=float(risk),
                                      fluency=scores.get("fluency"), scores=scores))
        return out

    def finding_confidence(self, doc: Document, findings: Sequence[Finding],
                           feats: Sequence[Mapping[str, float]]) -> list[float | None]:
        """Chance that each finding overlaps a span a professional reviewer marked (None: no model)."""
        if self.model is None or not findings:
            return [None] * len(findings)
        index = {s.index: i for i, s in enumerate(doc.sentences)}
        rows = []
        for fd in findings:
            s: Sentence | None = doc.sentence_at(fd.start)
            rows.append(finding_features(fd, feats[index[s.index]] if s is not None else None))
        m = RiskModel.pick(self.model.finding, [r for r in rows if "s:words" in r] or rows)
        if m is None:
            return [None] * len(findings)
        return m.predict(rows).tolist()

    def _annotate(self, doc: Document, findings: Sequence[Finding], feats: Sequence[Mapping[str, float]]) -> None:
        for fd, c in zip(findings, self.finding_confidence(doc, findings, feats)):
            if c is not None:
                fd.meta["confidence"] = round(float(c), 4)

    def _baseline(self, doc: Document, findings: Sequence[Finding]) -> list[float]:
        """Noisy-OR: each finding is independent evidence, weighted by severity and source."""
        by_sentence = _assign(doc, findings)
        risks = []
        for s in doc.sentences:
            clean = 1.0
            for f in by_sentence.get(s.index, []):
                clean *= 1.0 - self.severity_weight[f.severity] * self.source_factor.get(f.source, 1.0)
            risks.append(1.0 - clean)
        return risks

    def article_score(self, sentences: Sequence[SentenceResult]) -> float:
        """100 minus the length-weighted risk an editor must act on.

        With the calibrated model every sentence starts near the base rate of
        the MQM data (about a third of professionally reviewed translated
        sentences hold some visible error), so a clean article would never
        score above ~65. The score therefore counts only the risk above
        :data:`REFERENCE_RISK`, rescaled to 0..1: a sentence the model sees as
        ordinary translated English costs nothing, a sentence it is sure about
        costs fully. Without the model (baseline risks start at 0) the
        reference is 0.
        """
        total = sum(max(len(s.text.split()), 1) for s in sentences)
        if total == 0:
            return 100.0
        ref = REFERENCE_RISK if self.model is not None else 0.0
        excess = sum(max(len(s.text.split()), 1) * max(0.0, (s.risk - ref) / (1.0 - ref)) for s in sentences)
        return round(100.0 * (1.0 - excess / total), 1)
