"""The data every stage shares: severities, fixes, findings and per-sentence results.

These types are the spine of the JSON schema (``docs/json-schema.md``): checkers
produce :class:`Finding` objects with absolute character offsets into the decoded
original file, and reporters only ever read them. Keeping them plain dataclasses
means a checker, a scorer and a reporter can be written and tested in isolation.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """Ordered so that ``finding.severity >= threshold`` reads naturally."""

    SUGGESTION = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str | "Severity") -> "Severity":
        if isinstance(value, Severity):
            return value
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            choices = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {value!r} (expected one of: {choices})") from None

    @property
    def label(self) -> str:
        return self.name.lower()


class Applicability(str, enum.Enum):
    """ruff-style fix applicability: safe fixes may be applied unasked, unsafe ones only on request."""

    SAFE = "safe"
    UNSAFE = "unsafe"


SOURCES = ("rules", "grammar", "fluency")


@dataclass(frozen=True)
class Fix:
    """Replace the finding's span of the original with ``replacement``.

    ``span`` overrides the finding's own ``(start, end)`` when the edit must
    reach further, e.g. a deleted word also takes the space after it.
    """

    replacement: str
    applicability: Applicability = Applicability.UNSAFE
    span: tuple[int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"replacement": self.replacement, "applicability": self.applicability.value}
        if self.span is not None:
            out["start"], out["end"] = self.span
        return out


@dataclass
class Finding:
    """One problem at an exact span of the original file.

    ``start``/``end`` are Python string indices into the decoded original text
    (not into any cleaned-up or masked view of it); line/column are derived from
    them by :class:`mtcheck.document.LineIndex` when a report is written.
    """

    rule: str
    source: str
    severity: Severity
    message: str
    start: int
    end: int
    text: str = ""
    suggestions: list[str] = field(default_factory=list)
    fix: Fix | None = None
    link: str | None = None
    # Extra, checker-specific details (LanguageTool category, surprisal, ...).
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"finding source must be one of {SOURCES}, got {self.source!r}")
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad finding span {self.start}..{self.end} for {self.rule}")

    def sort_key(self) -> tuple[int, int, int, str]:
        return (self.start, self.end, -int(self.severity), self.rule)


@dataclass
class CheckResult:
    """What one checker returns for one document.

    ``sentence_scores`` maps a sentence index to named numbers (for example
    ``{"fluency": -0.4, "max_surprisal": 9.1}``) that the scorer and the JSON
    output use. ``backends`` records which engines ran and how (so a report can
    say "LanguageTool unreachable" instead of silently showing fewer findings).
    """

    findings: list[Finding] = field(default_factory=list)
    sentence_scores: dict[int, dict[str, float]] = field(default_factory=dict)
    backends: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
