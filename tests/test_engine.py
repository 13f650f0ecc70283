"""The rules engine on real documents: spans, case, deletions, occurrence, scope, timeouts."""

from __future__ import annotations

import textwrap
import time

import pytest

from mtcheck.fixes import apply_fixes
from mtcheck.loading import load_document
from mtcheck.rules.engine import RulesChecker, match_case
from mtcheck.rules.loader import RuleSet, parse_rule_text
from mtcheck.selection import Selector


def rules(yaml_text: str) -> RuleSet:
    return RuleSet(parse_rule_text(textwrap.dedent(yaml_text), "t.yaml"), ["t.yaml"])


def run(rs: RuleSet, text: str, fmt: str = "text", selector=None):
    doc = load_document("t", data=text.encode("utf-8"), format=fmt)
    res = RulesChecker(rs, selector).check(doc)
    return doc, res


TERMS = rules("""
family: T.Terms
rules:
  - id: T.Terms.Hands
    kind: substitution
    message: "'{match}' is a calque; write '{suggestion}'."
    swap:
      joined hands with: teamed up with
      joins hands with: teams up with
    fix: safe
  - id: T.Terms.Actively
    kind: existence
    severity: suggestion
    message: Drop '{match}'.
    tokens: [actively]
    suggestions: [""]
    exceptions: ['actively\\s+traded']
  - id: T.Terms.Parties
    kind: occurrence
    severity: suggestion
    message: "'{match}' again: name the companies."
    tokens: [the two parties]
    max: 1
    scope_unit: document
  - id: T.Terms.Collab
    kind: capitalization
    severity: warning
    message: Lower-case '{match}'.
    tokens: [collaborate]
""")


def test_substitution_span_message_and_case_preserving_fix():
    text = "GAC Group Joined hands with SAIC.\n\nBYD joined hands with CATL."
    doc, res = run(TERMS, text)
    hands = [f for f in res.findings if f.rule == "T.Terms.Hands"]
    assert [doc.text[f.start:f.end] for f in hands] == ["Joined hands with", "joined hands with"]
    assert hands[0].suggestions == ["Teamed up with"]
    assert hands[1].message == "'joined hands with' is a calque; write 'teamed up with'."
    fixed, applied = apply_fixes(text, res.findings)
    assert fixed == "GAC Group Teamed up with SAIC.\n\nBYD teamed up with CATL."
    assert len(applied) == 2


def test_phrase_matches_across_line_breaks_with_exact_positions():
    text = "The firm joined\nhands with a partner."
    doc, res = run(TERMS, text)
    (f,) = [f for f in res.findings if f.rule == "T.Terms.Hands"]
    assert doc.text[f.start:f.end] == "joined\nhands with"
    assert doc.lines.position(f.start) == (1, 10)
    assert doc.lines.position(f.end) == (2, 11)


def test_deletion_takes_one_space_and_recapitalises_sentence_start():
    text = "Actively promote trade. We will actively explore markets."
    doc, res = run(TERMS, text)
    fixed, _ = apply_fixes(text, res.findings, unsafe=True)
    assert fixed == "Promote trade. We will explore markets."
    # unsafe by default: --fix alone leaves it
    assert apply_fixes(text, res.findings)[0] == text


def test_exceptions_suppress_overlapping_matches():
    _, res = run(TERMS, "Shares were actively traded on Monday.")
    assert not [f for f in res.findings if f.rule == "T.Terms.Actively"]


def test_occurrence_counts_across_the_document():
    text = "The two parties met. The two parties signed. Later the two parties left."
    doc, res = run(TERMS, text)
    hits = [f for f in res.findings if f.rule == "T.Terms.Parties"]
    assert len(hits) == 2
    assert doc.text[hits[0].start:hits[0].end] == "The two parties"
    assert hits[0].start == text.index("The two parties signed")


def test_capitalization_only_mid_sentence():
    _, res = run(TERMS, "They discuss Collaborate and cooperate. Collaborate is a verb.")
    hits = [f for f in res.findings if f.rule == "T.Terms.Collab"]
    assert len(hits) == 1 and hits[0].suggestions == ["collaborate"]


def test_markdown_offsets_point_into_the_original_file():
    text = "---\ntitle: GAC joins hands with SAIC\n---\n\nIt *joined hands with* SAIC.\n\n```\njoined hands with\n```\n"
    doc, res = run(TERMS, text, fmt="markdown")
    hits = [f for f in res.findings if f.rule == "T.Terms.Hands"]
    got = [(doc.text[f.start:f.end], doc.lines.position(f.start)) for f in hits]
    assert ("joins hands with", (2, 12)) in got
    assert ("joined hands with", (5, 5)) in got
    assert len(hits) == 2  # nothing from the code block


def test_no_fix_when_markup_sits_inside_the_span():
    text = "It joined **hands** with SAIC."
    doc, res = run(TERMS, text, fmt="markdown")
    (f,) = [f for f in res.findings if f.rule == "T.Terms.Hands"]
    assert f.fix is None and f.suggestions == ["teamed up with"]
    assert doc.text[f.start:f.end] == "joined **hands** with"


def test_selector_skips_rules():
    _, res = run(TERMS, "BYD joined hands with CATL and actively grew.", selector=Selector.from_options([], ["T.Terms.Hands"]))
    assert {f.rule for f in res.findings} == {"T.Terms.Actively"}


def test_hostile_regex_input_times_out_instead_of_hanging():
    rs = rules("""
    family: T.Evil
    rules:
      - id: T.Evil.Backtrack
        kind: existence
        message: x
        regex: true
        tokens: ['(a|aa)+$']
    """)
    t0 = time.perf_counter()
    _, res = run(rs, "a" * 40 + "!")
    assert time.perf_counter() - t0 < 30  # guard only: without the timeout this takes hours
    assert any("timed out" in w for w in res.warnings)


@pytest.mark.parametrize("orig, repl, want", [
    ("Joined hands", "teamed up", "Teamed up"),
    ("JOINED HANDS", "teamed up", "TEAMED UP"),
    ("my country", "China", "China"),
    ("My country", "China", "China"),
    ("x", "", ""),
])
def test_match_case(orig, repl, want):
    assert match_case(orig, repl) == want
