"""Apply fixes to the original text without ever garbling it.

Fixes are applied from the end of the text backwards so earlier offsets stay
valid; a fix that overlaps one already accepted is skipped (it will be offered
again on the next run, against the new text). Only findings whose fix is
``safe`` are applied unless ``unsafe=True``.
"""

from __future__ import annotations

from typing import Iterable

from mtcheck.model import Applicability, Finding


def fix_span(f: Finding) -> tuple[int, int]:
    assert f.fix is not None
    return f.fix.span if f.fix.span is not None else (f.start, f.end)


def select_fixes(findings: Iterable[Finding], unsafe: bool = False) -> list[Finding]:
    """The non-overlapping applicable fixes, in text order (first come, first kept)."""
    candidates = [
        f for f in findings
        if f.fix is not None and (unsafe or f.fix.applicability is Applicability.SAFE)
    ]
    # Prefer safe over unsafe, then higher severity, then earlier/longer span.
    candidates.sort(key=lambda f: (fix_span(f)[0], f.fix.applicability is not Applicability.SAFE,  # type: ignore[union-attr]
                                   -int(f.severity), -(fix_span(f)[1] - fix_span(f)[0]), f.rule))
    chosen: list[Finding] = []
    last_end = -1
    for f in candidates:
        a, b = fix_span(f)
        if a < last_end or (a == b and a == last_end):
            continue
        chosen.append(f)
        last_end = max(b, last_end)
    return chosen


def apply_fixes(text: str, findings: Iterable[Finding], unsafe: bool = False) -> tuple[str, list[Finding]]:
    """Return the fixed text and the findings whose fixes were applied."""
    chosen = select_fixes(findings, unsafe=unsafe)
    out = text
    for f in reversed(chosen):
        a, b = fix_span(f)
        if not (0 <= a <= b <= len(out)):
            raise ValueError(f"fix span {a}..{b} of {f.rule} outside text of length {len(out)}")
        out = out[:a] + f.fix.replacement + out[b:]  # type: ignore[union-attr]
    return out, chosen
