"""Rule files fail loudly with file, line and reason; good ones load."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mtcheck.rules.loader import RuleError, load_rules, parse_rule_text

GOOD = """\
family: Test.Terms
rules:
  - id: Test.Terms.Pile
    kind: substitution
    severity: warning
    message: "Write '{suggestion}' instead of '{match}'."
    swap:
      charging pile: charging point
    fix: safe
    tests:
      flag: ["Install a charging pile here."]
      pass: ["The pile of papers grew."]
"""


def parse(text: str):
    return parse_rule_text(textwrap.dedent(text), "x.yaml")


def test_good_file_loads_with_line_numbers():
    rules = parse(GOOD)
    assert [r.id for r in rules] == ["Test.Terms.Pile"]
    assert rules[0].line == 3
    assert rules[0].tests[0].kind == "flag"


@pytest.mark.parametrize(
    "text, line, reason",
    [
        ("family: Test.A\nrules:\n  - id: Test.A.B\n    kind: [unclosed\n", 5, "invalid YAML"),
        (GOOD.replace("kind: substitution", "kind: magic"), 3, "'kind' must be one of"),
        (GOOD.replace("charging pile: charging point", "'charging (pile': x\n    regex: true"), 3, "bad regex"),
        (GOOD.replace("id: Test.Terms.Pile", "id: Other.Pile"), 3, "must start with the file's family"),
        (GOOD.replace("severity: warning", "severity: fatal"), 3, "unknown severity"),
        (GOOD.replace("fix: safe", "fix: maybe"), 3, "'fix' must be"),
        (GOOD.replace("    fix: safe", "    fix: safe\n    colour: red"), 3, "unknown key(s)"),
        (GOOD + GOOD.split("rules:\n")[1], 13, "duplicate rule id"),
        ("family: Test.A\nrules: []\n", 1, "non-empty list"),
        ("- just a list\n", None, "must be a mapping"),
    ],
)
def test_broken_files_name_file_line_and_reason(text, line, reason):
    with pytest.raises(RuleError) as ei:
        parse_rule_text(text, "broken.yaml")
    err = ei.value
    assert err.file == "broken.yaml"
    assert reason in err.reason
    if line is not None:
        assert err.line == line
    assert str(err).startswith("broken.yaml")


def test_pattern_matching_empty_string_is_rejected():
    with pytest.raises(RuleError, match="matches the empty string"):
        parse(GOOD.replace("charging pile: charging point", "'x*': y\n    regex: true"))


def test_structural_params_are_validated():
    text = """\
    family: Test.S
    rules:
      - id: Test.S.Rep
        kind: structural
        check: repeated_word
        severity: warning
        message: Repeated word.
        params: {no_such_param: 3}
    """
    with pytest.raises(RuleError, match="unknown param"):
        parse(text)


def test_load_rules_from_directory_and_missing_directory(tmp_path: Path):
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    rs = load_rules([tmp_path], include_builtin=False)
    assert [r.id for r in rs.rules] == ["Test.Terms.Pile"]
    with pytest.raises(RuleError, match="does not exist"):
        load_rules([tmp_path / "nope"], include_builtin=False)


def test_duplicate_ids_across_files(tmp_path: Path):
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(RuleError, match="duplicate rule id"):
        load_rules([tmp_path], include_builtin=False)


def test_non_utf8_rule_file_is_a_rule_error(tmp_path: Path):
    (tmp_path / "bad.yaml").write_bytes(b"family: \xff\xfe\n")
    with pytest.raises(RuleError, match="cannot read"):
        load_rules([tmp_path], include_builtin=False)
