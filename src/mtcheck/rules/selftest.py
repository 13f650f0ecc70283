"""Run the ``tests:`` examples embedded in rule files.

A rule file carries its own evidence: sentences it must flag, sentences it must
leave alone, and the text its fix must produce. The test suite and
``mtcheck rules test`` run them, so a rule change that breaks its own examples
never ships.
"""

from __future__ import annotations

from dataclasses import dataclass

from mtcheck.rules.engine import rule_fix_applied, run_rules_on_text
from mtcheck.rules.loader import Rule, RuleSet


@dataclass
class TestFailure:
    rule: str
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.rule}: {self.reason}"


def run_rule_tests(rules: RuleSet | list[Rule]) -> tuple[int, list[TestFailure]]:
    """Return (number of examples run, failures)."""
    items = rules.rules if isinstance(rules, RuleSet) else rules
    count = 0
    failures: list[TestFailure] = []
    for rule in items:
        for t in rule.tests:
            count += 1
            doc, findings = run_rules_on_text([rule], t.text)
            mine = [f for f in findings if f.rule == rule.id]

            def fail(reason: str) -> None:
                failures.append(TestFailure(rule.id, rule.file, t.line or rule.line, reason))

            if t.kind == "flag":
                if not mine:
                    fail(f"expected a finding in {t.text!r}, got none")
                elif t.span is not None and not any(f.text == t.span for f in mine):
                    fail(f"expected flagged text {t.span!r} in {t.text!r}, got {[f.text for f in mine]}")
            elif t.kind == "pass":
                if mine:
                    fail(f"expected no finding in {t.text!r}, got {[f.text for f in mine]}")
            elif t.kind == "fix":
                got = rule_fix_applied(t.text, mine)
                if got != t.result:
                    fail(f"fix of {t.text!r} gave {got!r}, expected {t.result!r}")
    return count, failures
