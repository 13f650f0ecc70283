"""Output formats for ``mtcheck check``: one module per format plus this registry.

A formatter takes the run result and the view options and returns the whole
output as a string. Adding a format means one module and one line below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from mtcheck.model import Finding, Severity
from mtcheck.results import FileResult, RunResult


@dataclass(frozen=True)
class View:
    """What to show: findings at or above ``min_severity`` whose calibrated
    confidence reaches ``min_confidence`` (None: all; see
    :func:`mtcheck.scoring.shown_findings`); colour for terminals."""

    min_severity: Severity = Severity.SUGGESTION
    color: bool = False
    min_confidence: float | None = None

    def confident(self, fr: FileResult) -> list[Finding]:
        """The findings the confidence view keeps, whatever their severity (these can fail a run)."""
        from mtcheck.scoring import shown_findings

        return shown_findings(fr.findings, self.min_confidence)

    def visible(self, fr: FileResult) -> list[Finding]:
        return sorted((f for f in self.confident(fr) if f.severity >= self.min_severity), key=Finding.sort_key)

    def hidden(self, fr: FileResult) -> int:
        """How many findings the confidence view leaves out of this file."""
        return len(fr.findings) - len(self.confident(fr))


Formatter = Callable[[RunResult, View], str]


def _registry() -> dict[str, Formatter]:
    from mtcheck.output import github, json_out, junit, sarif, text

    return {
        "text": text.format_text,
        "concise": text.format_concise,
        "json": json_out.format_json,
        "jsonl": json_out.format_jsonl,
        "github": github.format_github,
        "sarif": sarif.format_sarif,
        "junit": junit.format_junit,
    }


def formatter_names() -> list[str]:
    return list(_registry())


def get_formatter(name: str) -> Formatter:
    return _registry()[name]
