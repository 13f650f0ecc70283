"""The default confidence view of ``check`` and ``report``: low-confidence grammar and
fluency findings are hidden (and counted), rule findings and errors never are."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mtcheck.cli import main
from mtcheck.scoring import model_min_confidence

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "corpus" / "hydrogen-trucks.txt"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def findings(*args: str) -> tuple[list[dict], dict]:
    r = invoke("check", str(ARTICLE), "--format", "json", "--exit-zero", "--no-cache", *args)
    data = json.loads(r.output)
    return data["files"][0]["findings"], data["meta"]


def test_default_view_hides_only_low_confidence_grammar_and_fluency():
    threshold = model_min_confidence()
    assert threshold is not None and 0 < threshold < 1
    shown, meta = findings()
    everything, meta_all = findings("--all-findings")
    assert meta["min_confidence"] == threshold and meta_all["min_confidence"] == 0.0
    key = lambda f: (f["rule"], f["start"], f["end"])  # noqa: E731
    hidden = {key(f) for f in everything} - {key(f) for f in shown}
    assert hidden, "this article has low-confidence findings; the view must hide some"
    by_key = {key(f): f for f in everything}
    for k in hidden:
        f = by_key[k]
        assert f["source"] in ("grammar", "fluency"), f
        assert f["severity"] != "error" and f["confidence"] < threshold, f
    rules_all = [key(f) for f in everything if f["source"] == "rules"]
    assert rules_all and all(k in {key(f) for f in shown} for k in rules_all)


def test_threshold_option_and_text_summary(tmp_path: Path):
    strict, _ = findings("--min-confidence", "0.99")
    loose, _ = findings("--min-confidence", "0")
    assert len(strict) < len(loose)
    assert all(f["source"] == "rules" or f["severity"] == "error" or f["confidence"] >= 0.99 for f in strict)
    r = invoke("check", str(ARTICLE), "--exit-zero", "--no-cache", "--min-confidence", "0.99")
    assert "low-confidence finding" in r.output and "--all-findings" in r.output


def test_config_key_and_bad_value(tmp_path: Path):
    art = tmp_path / "a.txt"
    art.write_bytes(ARTICLE.read_bytes())
    (tmp_path / ".mtcheck.toml").write_text("min-confidence = 0\n", encoding="utf-8")
    r = invoke("check", str(art), "--format", "json", "--exit-zero", "--no-cache")
    everything, _ = findings("--all-findings")
    assert len(json.loads(r.output)["files"][0]["findings"]) == len(everything)
    (tmp_path / ".mtcheck.toml").write_text('min-confidence = "high"\n', encoding="utf-8")
    r = invoke("check", str(art), "--no-cache")
    assert r.exit_code == 2 and "min-confidence" in r.output


def test_hidden_findings_do_not_fail_the_run():
    only_lm = ["--select", "LM", "--fail-on", "suggestion", "--no-cache"]
    everything, _ = findings("--select", "LM", "--all-findings")
    assert everything and all(f["confidence"] < 0.99 for f in everything)
    assert invoke("check", str(ARTICLE), *only_lm, "--all-findings").exit_code == 1
    assert invoke("check", str(ARTICLE), *only_lm, "--min-confidence", "0.99").exit_code == 0


def test_report_uses_the_same_view(tmp_path: Path):
    invoke("report", str(ARTICLE), "-o", str(tmp_path / "d"), "--format", "json", "--no-cache")
    invoke("report", str(ARTICLE), "-o", str(tmp_path / "a"), "--format", "json", "--no-cache", "--all-findings")
    d = json.loads(next((tmp_path / "d").glob("hydrogen*.json")).read_text(encoding="utf-8"))
    a = json.loads(next((tmp_path / "a").glob("hydrogen*.json")).read_text(encoding="utf-8"))
    assert len(d["files"][0]["findings"]) < len(a["files"][0]["findings"])


def test_fixes_follow_the_view(tmp_path: Path):
    # HARPER.OxfordComma (a --picky rule) at "hydrogenation" carries an unsafe fix and a low confidence
    art = tmp_path / "a.txt"
    art.write_bytes(ARTICLE.read_bytes())
    fix = ["--no-cache", "--picky", "--diff", "--unsafe-fixes"]
    shown = invoke("check", str(art), *fix, "--min-confidence", "0.9").output
    everything = invoke("check", str(art), *fix, "--all-findings").output
    assert "hydrogenation," not in shown
    assert "+" in everything and "hydrogenation," in everything
