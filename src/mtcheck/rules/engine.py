"""Run loaded rules over a document's sentences and turn hits into findings.

The engine is the one place that maps sentence-local hits to original-file
offsets, fills message templates, applies case-preserving suggestions and
decides whether a suggestion can be offered as an automatic fix.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Iterator, Sequence

from mtcheck.document import Document, Sentence
from mtcheck.model import Applicability, CheckResult, Finding, Fix
from mtcheck.rules.loader import Rule, RuleSet
from mtcheck.rules.types import RawMatch
from mtcheck.selection import Selector

#: seconds one regex search may take before it is abandoned (hostile input)
REGEX_TIMEOUT = 0.25


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def match_case(template: str, replacement: str) -> str:
    """Adapt ``replacement`` to the case of the text it replaces.

    "Joined hands" -> "Teamed up", "JOINED HANDS" -> "TEAMED UP"; a suggestion
    that carries its own capitals ("China", "NEV") is kept as written unless
    the original was all capitals.
    """
    if not replacement or not template:
        return replacement
    letters = [c for c in template if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if template[0].isupper() and replacement[0].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement


class RulesChecker:
    """The rules stage: every loaded rule over every sentence."""

    source = "rules"
    name = "rules"

    def __init__(self, ruleset: RuleSet, selector: Selector | None = None) -> None:
        self.ruleset = ruleset
        sel = selector or Selector()
        self.rules: list[Rule] = [r for r in ruleset.rules if sel.enabled(r.id)]

    def close(self) -> None:  # nothing to release
        pass

    def check(self, doc: Document) -> CheckResult:
        result = CheckResult()
        doc_counts: dict[str, int] = defaultdict(int)
        for sentence in doc.sentences:
            lowered = sentence.text.lower()  # for the patterns' keyword prefilters
            for rule in self.rules:
                if rule.scope is not None and sentence.kind not in rule.scope:
                    continue
                try:
                    hits = list(self._hits(rule, sentence, lowered, doc, doc_counts))
                except TimeoutError:
                    result.warnings.append(
                        f"{rule.id}: pattern search timed out on sentence at offset {sentence.start}; skipped"
                    )
                    continue
                for hit in hits:
                    f = self._finding(rule, sentence, doc, hit)
                    if f is not None:
                        result.findings.append(f)
        result.backends["rules"] = {"ran": True, "rules": len(self.rules), "files": len(self.ruleset.files)}
        return result

    # -- matching -----------------------------------------------------------------
    def _hits(self, rule: Rule, s: Sentence, lowered: str, doc: Document,
              doc_counts: dict[str, int]) -> Iterator[RawMatch]:
        if rule.kind == "structural":
            from mtcheck.rules.structural import CHECKS

            yield from CHECKS[rule.check].run(s, rule.params, doc)  # type: ignore[index]
            return
        text = s.text
        spans = []
        excluded: list[tuple[int, int]] | None = None
        for pattern, suggestions in rule.patterns:
            for m in pattern.finditer(text, lowered, REGEX_TIMEOUT):
                if excluded is None:
                    excluded = _exception_spans(rule, text, lowered)
                a, b = m.span()
                if a == b or any(a < ee and ea < b for ea, ee in excluded):
                    continue
                if rule.kind == "capitalization" and not _mid_sentence(text, a):
                    continue
                spans.append((a, b, suggestions))
        spans.sort(key=lambda t: (t[0], -t[1]))
        last_end = -1
        for a, b, suggestions in spans:
            if a < last_end:  # overlapping alternatives of the same rule: keep the first/longest
                continue
            last_end = b
            if rule.kind == "occurrence":
                key = rule.id if rule.scope_unit == "document" else f"{rule.id}@{s.index}"
                doc_counts[key] += 1
                if doc_counts[key] <= rule.max:
                    continue
            yield RawMatch(a, b, suggestions=list(suggestions))

    # -- findings -------------------------------------------------------------------
    def _finding(self, rule: Rule, s: Sentence, doc: Document, hit: RawMatch) -> Finding | None:
        local = s.text[hit.start:hit.end]
        # Capitalisation fixes (and checks that ask for it with vars["case"] == "exact")
        # must not have their suggestion re-cased to match the flagged text.
        exact = rule.kind == "capitalization" or hit.vars.get("case") == "exact"
        suggestions = [sg if exact else match_case(local, sg) for sg in hit.suggestions]
        a, b = hit.start, hit.end
        fix_local: tuple[int, int, str] | None = None
        if suggestions and rule.fix is not None:
            fix_local = _widen_deletion(s.text, a, b, suggestions[0])
        start, end = s.span(a, b)
        values = _SafeDict(hit.vars)
        values.setdefault("match", local)
        values.setdefault("suggestion", suggestions[0] if suggestions else "")
        message = (hit.message or rule.message).format_map(values)
        fix = None
        if fix_local is not None:
            fa, fb, repl = fix_local
            fstart, fend = s.span(fa, fb)
            # Only offer an automatic fix when the original text of the span is
            # exactly what the rule saw (no markup or entity inside it).
            if doc.text[fstart:fend] == s.text[fa:fb]:
                applicability = rule.fix if rule.fix is not None else Applicability.UNSAFE
                span = (fstart, fend) if (fstart, fend) != (start, end) else None
                fix = Fix(repl, applicability, span)
        return Finding(
            rule=rule.id,
            source="rules",
            severity=rule.severity,
            message=message,
            start=start,
            end=end,
            text=doc.text[start:end],
            suggestions=[sg if sg else "(delete)" for sg in suggestions],
            fix=fix,
            link=rule.link,
        )


def _exception_spans(rule: Rule, text: str, lowered: str) -> list[tuple[int, int]]:
    out = []
    for exc in rule.exceptions:
        out.extend(m.span() for m in exc.finditer(text, lowered, REGEX_TIMEOUT))
    return out



_OPENERS = set("\"'“‘([{:—–-")


def _mid_sentence(text: str, pos: int) -> bool:
    """True when ``pos`` is inside running text (not a sentence or quote start)."""
    j = pos - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    if j < 0:
        return False
    return text[j] not in _OPENERS and text[j] not in ".!?;"


def _widen_deletion(text: str, a: int, b: int, replacement: str) -> tuple[int, int, str]:
    """For a deletion, also remove one adjacent space (and re-capitalise a sentence start)."""
    if replacement:
        return a, b, replacement
    if b < len(text) and text[b] == " ":
        if a == 0 and b + 1 < len(text) and text[a:a + 1].isupper():
            return a, b + 2, text[b + 1].upper()
        return a, b + 1, ""
    if a > 0 and text[a - 1] == " ":
        return a - 1, b, ""
    return a, b, ""


def run_rules_on_text(ruleset_rules: Sequence[Rule], text: str) -> tuple[Document, list[Finding]]:
    """Check a snippet of plain text with the given rules (used by rule self-tests)."""
    from mtcheck.loading import load_document
    from mtcheck.rules.loader import RuleSet

    doc = load_document("<test>", data=text.encode("utf-8"), format="text")
    checker = RulesChecker(RuleSet(rules=list(ruleset_rules), files=[]))
    return doc, checker.check(doc).findings


def rule_fix_applied(text: str, findings: Iterable[Finding]) -> str:
    """Apply every finding's first suggestion (any applicability) for fix self-tests."""
    from mtcheck.fixes import apply_fixes

    return apply_fixes(text, list(findings), unsafe=True)[0]

