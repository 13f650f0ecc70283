"""Per-file and per-run results, and their versioned JSON form (schema version 1).

Reporters (text, JSON, HTML, Markdown, SARIF, ...) read only these objects, so
every stage's findings show up everywhere as soon as a checker produces them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mtcheck.document import Document
from mtcheck.model import Finding

SCHEMA_VERSION = 1


@dataclass
class SentenceResult:
    start: int
    end: int
    text: str
    risk: float
    fluency: float | None = None
    scores: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "risk": round(self.risk, 4),
            "fluency": None if self.fluency is None else round(self.fluency, 4),
        }


@dataclass
class FileResult:
    """Everything known about one checked file.

    ``document`` is None when the file could not be read; ``error`` then says why
    (one line, shown to the user) and the run goes on with the other files.
    """

    path: str
    document: Document | None
    findings: list[Finding] = field(default_factory=list)
    sentences: list[SentenceResult] = field(default_factory=list)
    score: float | None = None
    backends: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0

    @property
    def error_line(self) -> str:
        """``path: error: reason`` once, whether or not the reason already names the file."""
        reason = self.error or ""
        if reason.startswith(self.path + ":"):
            reason = reason[len(self.path) + 1:].strip()
        return f"{self.path}: error: {reason}"

    def finding_json(self, f: Finding) -> dict[str, Any]:
        assert self.document is not None
        line, col = self.document.lines.position(f.start)
        end_line, end_col = self.document.lines.position(f.end)
        return {
            "rule": f.rule,
            "source": f.source,
            "severity": f.severity.label,
            "message": f.message,
            "start": f.start,
            "end": f.end,
            "line": line,
            "column": col,
            "end_line": end_line,
            "end_column": end_col,
            "text": f.text,
            "suggestions": list(f.suggestions),
            "fix": f.fix.to_json() if f.fix else None,
            "link": f.link,
            # the calibrated model's chance that an editor would agree (docs/scoring.md)
            "confidence": round(f.meta["confidence"], 4) if isinstance(f.meta.get("confidence"), float) else None,
        }

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path}
        if self.error is not None:
            out["error"] = self.error
            out["score"] = None
            out["findings"] = []
            out["sentences"] = []
            return out
        out["score"] = None if self.score is None else round(self.score, 1)
        out["encoding"] = self.document.encoding if self.document else None
        out["backends"] = self.backends
        out["warnings"] = list(self.warnings)
        out["findings"] = [self.finding_json(f) for f in self.findings]
        out["sentences"] = [s.to_json() for s in self.sentences]
        return out


@dataclass
class RunResult:
    files: list[FileResult]
    meta: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"version": SCHEMA_VERSION, "meta": self.meta, "files": [f.to_json() for f in self.files]}
