"""The shipped rule packs: they load, carry tests, and their examples pass."""

from __future__ import annotations

import pytest

from mtcheck.rules.loader import load_rules
from mtcheck.rules.selftest import run_rule_tests


@pytest.fixture(scope="module")
def ruleset():
    return load_rules()


def test_at_least_120_rules_every_one_with_tests(ruleset):
    assert len(ruleset.rules) >= 120
    untested = [r.id for r in ruleset.rules if not any(t.kind == "flag" for t in r.tests)
                or not any(t.kind == "pass" for t in r.tests)]
    assert not untested, f"rules without flag and pass examples: {untested}"


def test_every_embedded_example_passes(ruleset):
    count, failures = run_rule_tests(ruleset)
    assert count >= 4 * len(ruleset.rules) // 2
    assert not failures, "\n".join(map(str, failures))


def test_families_cover_the_taxonomy(ruleset):
    fams = set(ruleset.families)
    for fam in ["MT.Terms", "MT.Policy", "MT.Ceremony", "MT.Empty", "MT.Intensifier", "MT.Redundant",
                "MT.Vague", "MT.ListCloser", "MT.Structure", "MT.Script", "MT.Numbers"]:
        assert fam in fams, fam


def test_safe_fixes_only_on_substitutions(ruleset):
    # A safe fix is a reviewed term swap; deletions and rewrites must be unsafe.
    for r in ruleset.rules:
        if r.fix is not None and r.fix.value == "safe":
            assert r.kind in ("substitution", "structural"), r.id
