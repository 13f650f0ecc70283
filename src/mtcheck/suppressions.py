"""In-text suppressions, the way editors silence one finding without touching config.

Directives live in comments that the document loader records in
``Document.comments`` (HTML/Markdown ``<!-- ... -->``; plain-text comment
lines, see :mod:`mtcheck.formats.text`)::

    <!-- mtcheck: disable MT.Terms, HARPER -->   ...   <!-- mtcheck: enable -->
    <!-- mtcheck: disable-next-line MT.Ceremony.Witness -->
    <!-- mtcheck: disable-file MT.Intensifier -->

Rule lists name ids or prefixes on dot boundaries (``MT``, ``MT.Terms``,
``HARPER``); an empty list means every rule. A directive that suppresses
nothing is itself reported (``MT.Suppression.Unused``), as is a directive
mtcheck cannot read (``MT.Suppression.Invalid``), so stale suppressions do not
pile up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mtcheck.document import Document
from mtcheck.model import Finding, Severity
from mtcheck.selection import matches_prefix

_DIRECTIVE = re.compile(r"mtcheck\s*:\s*(?P<verb>[A-Za-z-]+)\s*(?P<rules>[^>]*?)\s*(?:-->)?\s*$", re.S)
_VERBS = ("disable", "enable", "disable-next-line", "disable-file")


@dataclass
class Suppression:
    verb: str
    rules: list[str]
    start: int  # offsets of the comment in the original text
    end: int
    # region of original text it covers
    region: tuple[int, int] = (0, 0)
    used: int = 0

    def covers(self, f: Finding) -> bool:
        lo, hi = self.region
        if not lo <= f.start < max(hi, lo + 1):
            return False
        return not self.rules or any(matches_prefix(f.rule, r) for r in self.rules)


@dataclass
class SuppressionResult:
    kept: list[Finding]
    suppressed: list[Finding] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)


def _comment_body(text: str) -> str:
    body = text.strip()
    for opener, closer in (("<!--", "-->"), ("/*", "*/")):
        if body.startswith(opener):
            body = body[len(opener):]
            if body.endswith(closer):
                body = body[: -len(closer)]
    return body.strip().lstrip("#/").strip()


def parse_suppressions(doc: Document) -> tuple[list[Suppression], list[Finding]]:
    comments = getattr(doc, "comments", None) or []
    sups: list[Suppression] = []
    problems: list[Finding] = []
    open_regions: list[Suppression] = []
    n = len(doc.text)
    for start, end, text in sorted(comments):
        body = _comment_body(text)
        if not body.lower().startswith("mtcheck"):
            continue
        m = _DIRECTIVE.match(body)
        verb = m.group("verb").lower() if m else ""
        if not m or verb not in _VERBS:
            problems.append(Finding("MT.Suppression.Invalid", "rules", Severity.WARNING,
                                    f"unreadable mtcheck directive; use one of: {', '.join(_VERBS)}",
                                    start, end, text=doc.text[start:end]))
            continue
        rules = [r.strip() for r in m.group("rules").replace(",", " ").split() if r.strip()]
        if verb == "disable":
            s = Suppression(verb, rules, start, end, region=(end, n))
            sups.append(s)
            open_regions.append(s)
        elif verb == "enable":
            # Close the matching open regions (all of them when no rules are named).
            for s in list(open_regions):
                if not rules or not s.rules or set(rules) & set(s.rules):
                    s.region = (s.region[0], start)
                    open_regions.remove(s)
        elif verb == "disable-next-line":
            line_end = _line_end(doc.text, end)
            nxt_start = line_end
            # skip blank lines
            while nxt_start < n and doc.text[nxt_start] in "\r\n":
                nxt_start += 1
            sups.append(Suppression(verb, rules, start, end, region=(nxt_start, _line_end(doc.text, nxt_start))))
        else:  # disable-file
            sups.append(Suppression(verb, rules, start, end, region=(0, n)))
    return sups, problems


def _line_end(text: str, pos: int) -> int:
    i = pos
    while i < len(text) and text[i] not in "\r\n":
        i += 1
    while i < len(text) and text[i] in "\r\n":
        i += 1
        if text[i - 1] == "\n":
            break
    return i


def apply_suppressions(doc: Document, findings: list[Finding]) -> SuppressionResult:
    sups, problems = parse_suppressions(doc)
    if not sups:
        return SuppressionResult(kept=list(findings), problems=problems)
    kept, suppressed = [], []
    for f in findings:
        hit = False
        for s in sups:
            if s.covers(f):
                s.used += 1
                hit = True
        (suppressed if hit else kept).append(f)
    for s in sups:
        if s.used == 0:
            what = ", ".join(s.rules) if s.rules else "all rules"
            problems.append(Finding("MT.Suppression.Unused", "rules", Severity.WARNING,
                                    f"this '{s.verb}' ({what}) suppresses nothing; remove it",
                                    s.start, s.end, text=doc.text[s.start:s.end]))
    return SuppressionResult(kept=kept, suppressed=suppressed, problems=problems)
