"""Configuration is found by walking up, validated strictly, and overridden by the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtcheck.cli import main
from mtcheck.config import ConfigError, find_config, load_config_file
from mtcheck.model import Severity

ARTICLE = "GAC Group joined hands with SAIC Group. The company signed the 合作协议 yesterday.\n"


def write(p: Path, text: str) -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def test_pyproject_section_found_walking_up(tmp_path: Path):
    write(tmp_path / "pyproject.toml", '[tool.mtcheck]\nignore = ["MT.Script"]\nfail-on = "warning"\n')
    art = write(tmp_path / "news" / "2024" / "a.txt", ARTICLE)
    cfg = find_config(art)
    assert cfg.path == tmp_path / "pyproject.toml"
    assert cfg.ignore == ["MT.Script"] and cfg.fail_on is Severity.WARNING


def test_mtcheck_toml_wins_and_pyproject_without_section_is_skipped(tmp_path: Path):
    write(tmp_path / ".mtcheck.toml", 'select = ["MT"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    cfg = find_config(tmp_path / "sub" / "a.txt")
    assert cfg.path == tmp_path / ".mtcheck.toml"


@pytest.mark.parametrize("body, key", [
    ('colour = "red"\n', "colour"),
    ('fail-on = "fatal"\n', "fail-on"),
    ('select = 3\n', "select"),
    ('score-threshold = 120\n', "score-threshold"),
    ('grammar = "grammarly"\n', "grammar"),
    ('rules = ["no/such/dir"]\n', "rules"),
    ('languagetool-url = "localhost:8081"\n', "languagetool-url"),
])
def test_bad_keys_and_values_name_file_and_key(tmp_path: Path, body: str, key: str):
    p = write(tmp_path / ".mtcheck.toml", body)
    with pytest.raises(ConfigError) as ei:
        load_config_file(p)
    assert ei.value.key == key and str(p) in str(ei.value)


def test_invalid_toml_is_a_config_error(tmp_path: Path):
    p = write(tmp_path / ".mtcheck.toml", "select = [\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config_file(p)


def run_json(*args):
    r = CliRunner().invoke(main, ["check", *args, "--grammar", "none", "--lm", "none", "--no-cache", "--format", "json"])
    assert r.stdout.strip().startswith("{"), (r.output, r.exception)
    return r, json.loads(r.stdout)


def test_config_applies_and_cli_overrides(tmp_path: Path):
    write(tmp_path / ".mtcheck.toml", 'ignore = ["MT.Script"]\n[per-file-ignores]\n"drafts/*" = ["MT.Ceremony"]\n')
    a = write(tmp_path / "a.txt", ARTICLE)
    d = write(tmp_path / "drafts" / "d.txt", ARTICLE)
    r, data = run_json(str(a), str(d))
    rules_a = {f["rule"] for f in data["files"][0]["findings"]}
    rules_d = {f["rule"] for f in data["files"][1]["findings"]}
    assert not any(x.startswith("MT.Script") for x in rules_a | rules_d)
    assert any(x.startswith("MT.Ceremony") for x in rules_a)
    assert not any(x.startswith("MT.Ceremony") for x in rules_d)
    r, data = run_json(str(a), "--ignore", "MT.Ceremony")
    rules_a = {f["rule"] for f in data["files"][0]["findings"]}
    assert any(x.startswith("MT.Script") for x in rules_a)  # CLI --ignore replaces the config's


def test_score_threshold_fails_the_run(tmp_path: Path):
    write(tmp_path / ".mtcheck.toml", 'fail-on = "error"\nscore-threshold = 99.9\nignore = ["MT.Script"]\n')
    a = write(tmp_path / "a.txt", ARTICLE)
    r = CliRunner().invoke(main, ["check", str(a), "--grammar", "none", "--lm", "none", "--no-cache"])
    assert r.exit_code == 1, r.output


def test_broken_config_exits_2(tmp_path: Path):
    write(tmp_path / ".mtcheck.toml", 'nonsense = 1\n')
    a = write(tmp_path / "a.txt", ARTICLE)
    r = CliRunner().invoke(main, ["check", str(a), "--grammar", "none", "--lm", "none"])
    assert r.exit_code == 2
    assert "nonsense" in r.output and ".mtcheck.toml" in r.output
