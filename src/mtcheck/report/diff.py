"""The article with its safe fixes applied, shown as a word-level diff.

Editors trust an automatic change only when they can see it in context, so the
report shows the fixed article with every change marked ``<del>``/``<ins>``.
Fixes come from :func:`mtcheck.fixes.apply_fixes` (the same code ``--fix`` runs)
so the report shows exactly what ``mtcheck check --fix`` would write.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Sequence

from mtcheck.fixes import apply_fixes, fix_span
from mtcheck.model import Finding


def apply_safe_fixes(text: str, findings: Sequence[Finding]) -> tuple[str, list[Finding]]:
    """``(fixed_text, applied_findings)`` for the safe fixes only, exactly as ``--fix`` does."""
    return apply_fixes(text, list(findings), unsafe=False)


# Words, runs of whitespace, or single other characters: a diff at this grain
# reads like tracked changes in a word processor.
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class DiffPiece:
    """One run of the diff: ``op`` is "equal", "delete" or "insert"."""

    op: str
    text: str


def _common_prefix(a: list[str], b: list[str]) -> int:
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    return k


def fix_diff(text: str, applied: Sequence[Finding]) -> list[DiffPiece]:
    """The exact diff of the applied fixes, trimmed to the words that change.

    Built from the fixes themselves rather than by re-diffing the two texts, so
    each fix shows as one deletion and one insertion at its own place (a generic
    diff would pair up "Under the witness" and "In the presence" word by word).
    Words a fix leaves unchanged ("discuss Collaborate" -> "discuss collaboration")
    stay plain text.
    """
    pieces: list[DiffPiece] = []
    pos = 0
    for f in sorted(applied, key=lambda f: fix_span(f)):
        a, b = fix_span(f)
        assert f.fix is not None
        old, new = _tokens(text[a:b]), _tokens(f.fix.replacement)
        head = _common_prefix(old, new)
        tail = _common_prefix(old[head:][::-1], new[head:][::-1])
        pieces.append(DiffPiece("equal", text[pos:a] + "".join(old[:head])))
        if len(old) - tail > head:
            pieces.append(DiffPiece("delete", "".join(old[head : len(old) - tail])))
        if len(new) - tail > head:
            pieces.append(DiffPiece("insert", "".join(new[head : len(new) - tail])))
        pieces.append(DiffPiece("equal", "".join(old[len(old) - tail :])))
        pos = b
    pieces.append(DiffPiece("equal", text[pos:]))
    merged: list[DiffPiece] = []
    for p in pieces:
        if not p.text:
            continue
        if merged and merged[-1].op == p.op:
            merged[-1] = DiffPiece(p.op, merged[-1].text + p.text)
        else:
            merged.append(p)
    return merged


def diff_html(text: str, applied: Sequence[Finding]) -> str:
    """The fixed article as escaped HTML with ``<del>``/``<ins>`` (keep inside ``white-space: pre-wrap``)."""
    out: list[str] = []
    for piece in fix_diff(text, applied):
        escaped = html.escape(piece.text, quote=True)
        if piece.op == "equal":
            out.append(escaped)
        elif piece.op == "delete":
            out.append(f"<del>{escaped}</del>")
        else:
            out.append(f"<ins>{escaped}</ins>")
    return "".join(out)
