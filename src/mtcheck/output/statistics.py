"""``mtcheck check --statistics``: how often each rule fired, most frequent first (as ruff prints it).

One row per rule::

      12  MT.Terms.Glossary       warning     [*] 'cooperation agreement' is ...
       3  MT.Structure.Fragment   error           Sentence has no main verb ...

Columns: count, rule id, severity (the highest seen for the rule), fix
availability (``[*]`` a safe fix, applied by ``--fix``; ``[-]`` only unsafe
fixes, applied by ``--fix --unsafe-fixes``; blank: none) and the rule's most
common message as a sample. Rows are sorted by count, descending, then rule id.
A legend and a total follow, and unreadable files are counted at the end.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import click

from mtcheck.model import Applicability, Finding, Severity
from mtcheck.output import View
from mtcheck.results import RunResult

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.SUGGESTION: "cyan"}
SAFE, UNSAFE, NONE = "[*]", "[-]", "   "


@dataclass
class RuleStats:
    """Everything one row needs, gathered over all files."""

    rule: str
    count: int = 0
    severity: Severity = Severity.SUGGESTION
    safe_fixes: int = 0
    unsafe_fixes: int = 0
    messages: Counter[str] = field(default_factory=Counter)

    def add(self, f: Finding) -> None:
        self.count += 1
        self.severity = max(self.severity, f.severity)
        if f.fix is not None:
            if f.fix.applicability is Applicability.SAFE:
                self.safe_fixes += 1
            else:
                self.unsafe_fixes += 1
        self.messages[" ".join(f.message.split())] += 1

    @property
    def fix_mark(self) -> str:
        return SAFE if self.safe_fixes else UNSAFE if self.unsafe_fixes else NONE

    @property
    def sample(self) -> str:
        # most_common keeps first-seen order among ties, so the sample is stable.
        return self.messages.most_common(1)[0][0]


def collect(run: RunResult, view: View) -> list[RuleStats]:
    """Per-rule statistics over the visible findings, sorted by count desc, then rule id."""
    stats: dict[str, RuleStats] = {}
    for fr in run.files:
        if fr.error is not None:
            continue
        for f in view.visible(fr):
            stats.setdefault(f.rule, RuleStats(f.rule)).add(f)
    return sorted(stats.values(), key=lambda s: (-s.count, s.rule))


def format_statistics(run: RunResult, view: View) -> str:
    rows = collect(run, view)
    lines: list[str] = []
    if rows:
        wc = max(len(str(s.count)) for s in rows)
        wr = max(len(s.rule) for s in rows)
        ws = max(len(s.severity.label) for s in rows)
        for s in rows:
            sev = f"{s.severity.label:<{ws}}"
            if view.color:
                sev = click.style(sev, fg=_COLORS[s.severity])
            lines.append(f"{s.count:>{wc}}  {s.rule:<{wr}}  {sev}  {s.fix_mark} {s.sample}".rstrip())
        total = sum(s.count for s in rows)
        lines.append(f"Found {total} finding{'s' if total != 1 else ''} from {len(rows)} "
                     f"rule{'s' if len(rows) != 1 else ''}.")
        safe = sum(s.safe_fixes for s in rows)
        unsafe = sum(s.unsafe_fixes for s in rows)
        if safe:
            lines.append(f"{SAFE} {safe} fixable with the --fix option.")
        if unsafe:
            lines.append(f"{UNSAFE} {unsafe} more fixable with --fix --unsafe-fixes.")
    else:
        lines.append("No findings.")
    unreadable = sum(1 for fr in run.files if fr.error is not None)
    if unreadable:
        lines.append(f"{unreadable} file{'s' if unreadable != 1 else ''} could not be read.")
    return "\n".join(lines) + "\n"
