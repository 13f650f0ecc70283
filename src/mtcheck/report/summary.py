"""What every report format needs to know about one article, computed once.

The HTML, Markdown and index writers all show the same verdict, counts, finding
order and sentence risks; deriving them here keeps the formats from disagreeing
(an article must never be "ready" in the HTML and "needs edits" in the PR comment).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Iterable

from mtcheck.model import SOURCES, Finding, Severity
from mtcheck.results import FileResult

READY = "ready"
NEEDS_EDITS = "needs edits"
RETRANSLATE = "needs re-translation"
UNSCORED = "not scored"
UNREADABLE = "unreadable"

VERDICTS = (READY, NEEDS_EDITS, RETRANSLATE)


@dataclass(frozen=True)
class Thresholds:
    """Score cut-offs for the verdict (scores run 0-100, higher is better).

    ``ready``: at or above it the article can go out as it is.
    ``edits``: at or above it (and below ``ready``) an editor can fix it by hand;
    below it the translation is too broken to edit and should be redone.
    """

    ready: float = 90.0
    edits: float = 75.0
    #: an article with any error-severity finding (a broken sentence) is at best
    #: "needs edits", whatever its score: it must not go out as it is
    errors_block_ready: bool = True

    def __post_init__(self) -> None:
        if not (0.0 <= self.edits <= self.ready <= 100.0):
            raise ValueError(
                f"thresholds must satisfy 0 <= edits ({self.edits}) <= ready ({self.ready}) <= 100"
            )


def verdict(score: float | None, thresholds: Thresholds = Thresholds(), errors: int = 0) -> str:
    """Map a 0-100 score to "ready", "needs edits" or "needs re-translation".

    ``errors`` is the article's number of error-severity findings: with
    ``thresholds.errors_block_ready`` any error keeps it from "ready".
    ``None`` (no scorer ran) gives "not scored" rather than guessing.
    """
    if score is None:
        return UNSCORED
    if score >= thresholds.ready and not (errors and thresholds.errors_block_ready):
        return READY
    if score >= thresholds.edits:
        return NEEDS_EDITS
    return RETRANSLATE


def verdict_slug(label: str) -> str:
    """CSS-class-safe form of a verdict label ("needs edits" -> "needs-edits")."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


@dataclass
class Numbered:
    """A finding with its report number (1 = fix first) and clipped span."""

    n: int
    finding: Finding
    start: int
    end: int
    line: int
    column: int


@dataclass
class SentenceRisk:
    """One sentence for the risk chart: original span, its text and a 0-1 risk."""

    n: int  # 1-based, used for the ``#s-N`` anchors
    start: int
    end: int
    text: str
    risk: float
    estimated: bool = False


@dataclass
class ArticleSummary:
    """Verdict, counts, ordered findings and sentence risks of one FileResult."""

    result: FileResult
    slug: str
    verdict: str
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # source -> severity -> n
    numbered: list[Numbered] = field(default_factory=list)
    sentences: list[SentenceRisk] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.result.path

    @property
    def score(self) -> float | None:
        return self.result.score

    @property
    def error(self) -> str | None:
        return self.result.error

    def total(self, severity: Severity | None = None, source: str | None = None) -> int:
        n = 0
        for src, by_sev in self.counts.items():
            if source is not None and src != source:
                continue
            for sev, k in by_sev.items():
                if severity is None or sev == severity.label:
                    n += k
        return n

    def sort_key(self) -> tuple[int, float, int, str]:
        """Worst first: unreadable files, then lowest score, then most errors."""
        if self.error is not None:
            return (0, 0.0, 0, self.path)
        score = self.score if self.score is not None else -1.0
        return (1, score, -self.total(Severity.ERROR), self.path)


# Weights for the chart's fallback risk when no scorer produced per-sentence risks.
_FALLBACK_WEIGHT = {Severity.ERROR: 0.6, Severity.WARNING: 0.3, Severity.SUGGESTION: 0.1}


def finding_order(f: Finding) -> tuple[int, int, int, str]:
    """Most severe first, then reading order: the findings table's order."""
    return (-int(f.severity), f.start, f.end, f.rule)


def summarize(result: FileResult, slug: str, thresholds: Thresholds) -> ArticleSummary:
    """Compute everything the writers show for one file."""
    if result.error is not None or result.document is None:
        return ArticleSummary(result=result, slug=slug, verdict=UNREADABLE)
    doc = result.document
    size = len(doc.text)
    counts: dict[str, dict[str, int]] = {src: {s.label: 0 for s in reversed(Severity)} for src in SOURCES}
    numbered: list[Numbered] = []
    for i, f in enumerate(sorted(result.findings, key=finding_order), start=1):
        counts.setdefault(f.source, {s.label: 0 for s in reversed(Severity)})
        counts[f.source][f.severity.label] += 1
        start = min(f.start, size)
        end = min(max(f.end, start), size)
        line, col = doc.lines.position(start)
        numbered.append(Numbered(n=i, finding=f, start=start, end=end, line=line, column=col))
    errors = sum(1 for nf in numbered if nf.finding.severity == Severity.ERROR)
    return ArticleSummary(
        result=result,
        slug=slug,
        verdict=verdict(result.score, thresholds, errors=errors),
        counts=counts,
        numbered=numbered,
        sentences=sentence_risks(result, numbered),
    )


def sentence_risks(result: FileResult, numbered: Iterable[Numbered]) -> list[SentenceRisk]:
    """Per-sentence risks for the chart, clipped so sentences never overlap.

    Uses the scorer's ``SentenceResult.risk`` (expected 0-1; clamped). When no
    scorer ran but the document is segmented, risk is estimated from the findings
    inside each sentence (1 - prod(1 - weight)), flagged ``estimated``.
    """
    doc = result.document
    assert doc is not None
    size = len(doc.text)
    spans: list[tuple[int, int, str, float | None]]
    if result.sentences:
        spans = [(s.start, s.end, s.text, s.risk) for s in result.sentences]
    else:
        spans = [(s.start, s.end, s.text, None) for s in doc.sentences]
    spans.sort(key=lambda t: (t[0], t[1]))
    found = list(numbered)
    out: list[SentenceRisk] = []
    prev_end = 0
    for start, end, text, risk in spans:
        start = min(max(start, prev_end), size)
        end = min(max(end, start), size)
        estimated = risk is None
        if risk is None:
            keep = 1.0
            for nf in found:
                if nf.start < end and (nf.end > start or nf.start == nf.end == start):
                    keep *= 1.0 - _FALLBACK_WEIGHT[nf.finding.severity]
            risk = 1.0 - keep
        risk = max(0.0, min(1.0, float(risk)))
        out.append(SentenceRisk(n=len(out) + 1, start=start, end=end, text=text, risk=risk, estimated=estimated))
        prev_end = end
    return out


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_RESERVED = {"index", "style", "run"}


def slugify(path: str) -> str:
    """A file-system- and URL-safe base name for an article's report files."""
    stem = PurePath(path.replace("\\", "/")).stem or "article"
    slug = _UNSAFE_NAME.sub("_", stem).strip("._-")[:80] or "article"
    if slug.lower() in _RESERVED:
        slug += "-article"
    return slug


def unique_slugs(paths: Iterable[str]) -> list[str]:
    """One distinct slug per path, in order ("a/x.txt", "b/x.txt" -> "x", "x-2")."""
    seen: dict[str, int] = {}
    taken: set[str] = set()
    out: list[str] = []
    for p in paths:
        base = slugify(p)
        slug = base
        k = seen.get(base.lower(), 1)
        while slug.lower() in taken:
            k += 1
            slug = f"{base}-{k}"
        seen[base.lower()] = k
        taken.add(slug.lower())
        out.append(slug)
    return out


def describe(value: Any) -> str:
    """Plain-text rendering of a metadata value (lists joined, dicts as k=v)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(describe(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {describe(v)}" if not isinstance(v, dict) else f"{k} ({describe(v)})" for k, v in value.items())
    return str(value)


def run_meta(meta: dict[str, Any], results: Iterable[FileResult]) -> dict[str, Any]:
    """The run metadata to show, filled in from the files where the run lacks it.

    Backends (which engines ran, or why not) and the fluency model are recorded
    per file by the pipeline; a reader of the run details wants them once.
    """
    out = dict(meta)
    if "backends" not in out:
        backends: dict[str, Any] = {}
        for r in results:
            for name, info in (r.backends or {}).items():
                backends.setdefault(name, info)
        if backends:
            out["backends"] = backends
    if "model" not in out and "lm" not in out:
        lm = out.get("backends", {}).get("lm") if isinstance(out.get("backends"), dict) else None
        if isinstance(lm, dict):
            model = lm.get("model") or lm.get("name") or lm.get("path")
            if model:
                out["model"] = model
            elif lm.get("ran") is False:
                out["model"] = "not run"
    return out
