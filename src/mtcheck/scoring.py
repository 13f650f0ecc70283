"""Sentence risk and article score from the stages' findings.

This is the transparent baseline that issue 7 replaces with a model calibrated
on MQM annotations: each finding is an independent piece of evidence that the
sentence needs an editor, weighted by severity; the article score is 100 times
the length-weighted share of sentences that read clean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

from mtcheck.document import Document
from mtcheck.model import Finding, Severity
from mtcheck.results import SentenceResult

#: chance that a single finding of this severity marks a sentence an editor must fix
SEVERITY_WEIGHT: Mapping[Severity, float] = {
    Severity.ERROR: 0.75,
    Severity.WARNING: 0.45,
    Severity.SUGGESTION: 0.15,
}
#: grammar and fluency findings are noisier than our rules: discount them
SOURCE_FACTOR: Mapping[str, float] = {"rules": 1.0, "grammar": 0.6, "fluency": 0.5}


@dataclass
class Scorer:
    severity_weight: Mapping[Severity, float] = field(default_factory=lambda: dict(SEVERITY_WEIGHT))
    source_factor: Mapping[str, float] = field(default_factory=lambda: dict(SOURCE_FACTOR))

    def sentence_results(
        self, doc: Document, findings: Sequence[Finding], sentence_scores: Mapping[int, Mapping[str, float]]
    ) -> list[SentenceResult]:
        by_sentence: dict[int, list[Finding]] = {}
        for f in findings:
            s = doc.sentence_at(f.start)
            if s is not None:
                by_sentence.setdefault(s.index, []).append(f)
        out = []
        for s in doc.sentences:
            clean = 1.0
            for f in by_sentence.get(s.index, []):
                clean *= 1.0 - self.severity_weight[f.severity] * self.source_factor.get(f.source, 1.0)
            scores = dict(sentence_scores.get(s.index, {}))
            out.append(SentenceResult(s.start, s.end, s.text, risk=1.0 - clean,
                                      fluency=scores.get("fluency"), scores=scores))
        return out

    def article_score(self, sentences: Sequence[SentenceResult]) -> float:
        total = sum(max(len(s.text.split()), 1) for s in sentences)
        if total == 0:
            return 100.0
        risk = sum(max(len(s.text.split()), 1) * s.risk for s in sentences) / total
        return round(100.0 * (1.0 - risk), 1)
