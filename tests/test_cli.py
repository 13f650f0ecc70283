"""The command line: formats, exit codes, bad input, stdin, rule commands."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from mtcheck.cli import main

FAST = ["--grammar", "none", "--lm", "none"]
SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "src" / "mtcheck" / "data" / "schema"
                     / "mtcheck-v1.schema.json").read_text(encoding="utf-8"))

BAD = "GAC Group joined hands with SAIC Group. The company signed the 合作协议 yesterday.\n"
GOOD = "The company signed the agreement on Monday. Both sides will share factories.\n"


def invoke(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_text_format_lines_and_exit_1(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text(BAD, encoding="utf-8")
    r = invoke("check", str(p), *FAST)
    assert r.exit_code == 1, r.output
    lines = [ln for ln in r.output.splitlines() if ln.startswith(str(p))]
    assert any(":1:" in ln and "[error]" in ln and "MT.Script" in ln for ln in lines), r.output
    assert any("joined hands" in ln.lower() or "MT.Ceremony" in ln for ln in lines), r.output


def test_clean_file_exits_0(tmp_path: Path):
    p = tmp_path / "good.txt"
    p.write_text(GOOD, encoding="utf-8")
    r = invoke("check", str(p), *FAST)
    assert r.exit_code == 0, r.output


def test_json_output_validates_and_offsets_are_exact(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text(BAD, encoding="utf-8")
    r = invoke("check", str(p), *FAST, "--format", "json")
    data = json.loads(r.output)
    jsonschema.validate(data, SCHEMA)
    (f,) = data["files"]
    assert f["findings"]
    for x in f["findings"]:
        assert BAD[x["start"]:x["end"]] == x["text"]
    assert all(0 <= s["risk"] <= 1 for s in f["sentences"])
    assert 0 <= f["score"] < 100


def test_min_severity_and_fail_on(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text("GAC Group joined hands with SAIC Group.\n", encoding="utf-8")
    r = invoke("check", str(p), *FAST, "--min-severity", "error")
    assert "MT.Ceremony" not in r.output
    assert r.exit_code == 0  # no error-level finding
    r = invoke("check", str(p), *FAST, "--fail-on", "suggestion")
    assert r.exit_code == 1
    r = invoke("check", str(p), *FAST, "--fail-on", "suggestion", "--exit-zero")
    assert r.exit_code == 0


def test_select_and_ignore(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text(BAD, encoding="utf-8")
    r = invoke("check", str(p), *FAST, "--format", "json", "--select", "MT.Script")
    rules = {x["rule"] for x in json.loads(r.output)["files"][0]["findings"]}
    assert rules and all(x.startswith("MT.Script") for x in rules)
    r = invoke("check", str(p), *FAST, "--format", "json", "--ignore", "MT.Script")
    rules = {x["rule"] for x in json.loads(r.output)["files"][0]["findings"]}
    assert not any(x.startswith("MT.Script") for x in rules)


def test_stdin(tmp_path: Path):
    r = invoke("check", "-", *FAST, "--format", "json", input=BAD.encode("utf-8"))
    data = json.loads(r.output)
    assert data["files"][0]["path"] == "<stdin>"
    assert data["files"][0]["findings"]


def test_binary_file_is_refused_and_other_files_still_checked(tmp_path: Path):
    b = tmp_path / "img.txt"
    b.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    p = tmp_path / "a.txt"
    p.write_text(BAD, encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(b), str(p), *FAST, "--format", "json"], catch_exceptions=False)
    assert r.exit_code == 2
    data = json.loads(r.stdout)
    err, ok = data["files"]
    assert "binary" in err["error"].lower() and err["score"] is None
    assert ok["findings"]


def test_missing_file_is_input_error(tmp_path: Path):
    r = invoke("check", str(tmp_path / "nope.txt"), *FAST)
    assert r.exit_code == 2
    assert "nope.txt" in r.output


def test_broken_rule_dir_exits_2_with_file_and_line(tmp_path: Path):
    d = tmp_path / "rules"
    d.mkdir()
    (d / "x.yaml").write_text("family: X.Y\nrules:\n  - id: X.Y.Z\n    kind: existence\n    message: m\n"
                              "    regex: true\n    tokens: ['(unclosed']\n", encoding="utf-8")
    p = tmp_path / "a.txt"
    p.write_text(GOOD, encoding="utf-8")
    r = invoke("check", str(p), *FAST, "--rules", str(d))
    assert r.exit_code == 2
    assert "x.yaml:3" in r.output and "bad regex" in r.output


def test_user_rule_directory_adds_rules(tmp_path: Path):
    d = tmp_path / "rules"
    d.mkdir()
    (d / "house.yaml").write_text(
        "family: House.Style\nrules:\n  - id: House.Style.Utilize\n    kind: substitution\n"
        "    severity: error\n    message: Use '{suggestion}'.\n    swap: {utilize: use}\n", encoding="utf-8")
    p = tmp_path / "a.txt"
    p.write_text("We utilize batteries.\n", encoding="utf-8")
    r = invoke("check", str(p), *FAST, "--rules", str(d))
    assert r.exit_code == 1
    assert "House.Style.Utilize [error] Use 'use'. (-> use)" in r.output
    assert f"{p}:1:4:" in r.output


def test_directory_argument_recurses(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "c.png").write_bytes(b"\x89PNG")
    r = invoke("check", str(tmp_path), *FAST, "--format", "json")
    paths = sorted(Path(f["path"]).name for f in json.loads(r.output)["files"])
    assert paths == ["a.md", "b.txt"]


def test_unknown_grammar_backend_is_usage_error(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text(GOOD, encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(p), "--grammar", "grammarly"])
    assert r.exit_code == 2


def test_rules_list_show_test():
    r = invoke("rules", "list")
    assert r.exit_code == 0
    n = int(r.output.strip().splitlines()[-1].split()[0])
    assert n >= 120
    r = invoke("rules", "show", "MT.Terms.BatterySwap")
    assert r.exit_code == 0 and "battery swapping" in r.output
    r = invoke("rules", "show", "MT.No.Such")
    assert r.exit_code == 2
    r = invoke("rules", "test")
    assert r.exit_code == 0, r.output
    assert " 0 failed" in r.output
