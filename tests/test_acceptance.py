"""Acceptance: the shared GAC/SAIC release through the default pipeline (rules, Harper, fluency model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtcheck.cli import main


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    from conftest import require_shared

    path = require_shared("examples", "gac-saic-cooperation.txt")
    r = CliRunner().invoke(main, ["check", str(path), "--format", "json", "--no-cache"], catch_exceptions=False)
    assert r.exit_code == 1  # broken sentences are errors
    data = json.loads(r.stdout)
    return path.read_text(encoding="utf-8"), data["files"][0]


def found(file, rule_prefix: str, text: str) -> bool:
    return any(f["rule"].startswith(rule_prefix) and text in f["text"] for f in file["findings"])


@pytest.mark.parametrize("rule, text", [
    ("MT.Structure.Fragment", "Sharing, creating economies of scale"),
    ("MT.Structure.StrayCapital", "Collaborate"),
    ("MT.Structure.CutClause", "Cooperation;"),
    ("MT.Terms.BatterySwap", "separation of vehicles and electricity"),
    ("MT.Ceremony", "Under the witness of"),
    ("MT.Ceremony", "joined hands"),
])
def test_required_findings(result, rule, text):
    _, file = result
    assert found(file, rule, text), [(f["rule"], f["text"]) for f in file["findings"]]


def test_battery_swap_suggestions(result):
    _, file = result
    f = next(f for f in file["findings"] if f["rule"] == "MT.Terms.BatterySwap"
             and f["text"] == "separation of vehicles and electricity")
    assert f["suggestions"][:2] == ["battery swapping", "vehicle-battery separation"]
    assert f["fix"] == {"replacement": "battery swapping", "applicability": "safe"}


@pytest.mark.parametrize("name", ["GAC Group", "SAIC Group", "Zeng Qinghong",
                                  "Guangdong-Hong Kong-Macao Greater Bay Area", "Xinhuanet"])
def test_nothing_on_names(result, name):
    text, file = result
    spans = []
    start = text.find(name)
    while start >= 0:
        spans.append((start, start + len(name)))
        start = text.find(name, start + 1)
    assert spans
    for f in file["findings"]:
        inside = any(a <= f["start"] and f["end"] <= b for a, b in spans)
        assert not inside, (name, f["rule"], f["text"])


def test_every_stage_ran_and_positions_are_exact(result):
    text, file = result
    assert file["backends"]["harper"]["ran"] and file["backends"]["lm"]["ran"] and file["backends"]["rules"]["ran"]
    assert all(s["fluency"] is not None for s in file["sentences"])
    lines = text.splitlines(keepends=True)
    for f in file["findings"]:
        assert text[f["start"]:f["end"]] == f["text"]
        line_start = sum(len(ln) for ln in lines[: f["line"] - 1])
        assert line_start + f["column"] - 1 == f["start"]


def test_jobs_give_the_same_result_as_one_process(tmp_path: Path):
    from conftest import require_shared

    src = require_shared("examples", "gac-saic-cooperation.txt").read_text(encoding="utf-8")
    paths = []
    for i in range(3):
        p = tmp_path / f"a{i}.txt"
        p.write_text(src if i != 1 else src.replace("GAC", "BYD"), encoding="utf-8")
        paths.append(str(p))
    args = ["check", *paths, "--format", "json", "--no-cache", "--lm", "none"]
    one = json.loads(CliRunner().invoke(main, args, catch_exceptions=False).stdout)
    two = json.loads(CliRunner().invoke(main, [*args, "--jobs", "2"], catch_exceptions=False).stdout)
    assert [f["findings"] for f in one["files"]] == [f["findings"] for f in two["files"]]
    assert [f["path"] for f in two["files"]] == paths
