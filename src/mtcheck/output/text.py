"""Human-readable terminal output: ``path:line:col: RULE [severity] message (-> suggestion)``."""

from __future__ import annotations

from collections import Counter

import click

from mtcheck.model import Finding, Severity
from mtcheck.output import View
from mtcheck.results import FileResult, RunResult

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.SUGGESTION: "cyan"}


def finding_line(fr: FileResult, f: Finding, view: View) -> str:
    assert fr.document is not None
    line, col = fr.document.lines.position(f.start)
    sev = f"[{f.severity.label}]"
    if view.color:
        sev = click.style(sev, fg=_COLORS[f.severity])
    out = f"{fr.path}:{line}:{col}: {f.rule} {sev} {f.message}"
    if f.suggestions:
        out += " (-> " + " | ".join(f.suggestions[:3]) + ")"
    return out


def format_concise(run: RunResult, view: View) -> str:
    lines = []
    for fr in run.files:
        if fr.error:
            lines.append(fr.error_line)
            continue
        lines.extend(finding_line(fr, f, view) for f in view.visible(fr))
    return "\n".join(lines) + ("\n" if lines else "")


def format_text(run: RunResult, view: View) -> str:
    lines = []
    counts: Counter[Severity] = Counter()
    hidden = 0
    for fr in run.files:
        if fr.error:
            lines.append(fr.error_line)
            continue
        shown = view.visible(fr)
        hidden += view.hidden(fr)
        counts.update(f.severity for f in shown)
        lines.extend(finding_line(fr, f, view) for f in shown)
        for w in fr.warnings:
            lines.append(f"{fr.path}: warning: {w}")
    scored = [fr for fr in run.files if fr.score is not None]
    summary = ", ".join(f"{counts[s]} {s.label}{'s' if counts[s] != 1 else ''}" for s in reversed(Severity))
    files = f"{len(run.files)} file{'s' if len(run.files) != 1 else ''}"
    score = ""
    if len(scored) == 1:
        score = f"; score {scored[0].score:.0f}/100"
    elif scored:
        score = f"; mean score {sum(fr.score for fr in scored) / len(scored):.0f}/100"  # type: ignore[misc]
    lines.append(f"Checked {files}: {summary}{score}.")
    if hidden:
        lines.append(f"{hidden} low-confidence finding{'s' if hidden != 1 else ''} not shown "
                     f"(--all-findings shows them).")
    return "\n".join(lines) + "\n"
