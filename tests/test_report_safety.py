"""Hostile text never becomes markup: article text, file names, messages, suggestions, links, metadata."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from mtcheck.model import Applicability, Finding, Fix, Severity
from mtcheck.report import write_reports
from mtcheck.results import RunResult
from test_report_common import META, file_result
from test_report_html import parse

SCRIPT = "<script>alert(1)</script>"
ATTR = '" onmouseover="x'
TEXTAREA = "</textarea>"
PAYLOADS = (SCRIPT, ATTR, TEXTAREA)

ARTICLE = (
    f"Headline {SCRIPT} here\n\n"
    f"The company said {ATTR} and then {TEXTAREA} closed. It joined hands with {SCRIPT} partners.\n"
)
PATH = f"in/{ATTR}{TEXTAREA}{SCRIPT}.txt"


def hostile_run() -> RunResult:
    text = ARTICLE
    s1 = text.index(SCRIPT)
    s2 = text.index(ATTR)
    s3 = text.index(TEXTAREA)
    s4 = text.index("joined hands")
    findings = [
        Finding(rule="MT.Test.Script", source="rules", severity=Severity.ERROR, message=f"bad {SCRIPT} {ATTR}",
                start=s1, end=s1 + len(SCRIPT), text=SCRIPT, suggestions=[SCRIPT, ATTR],
                link="javascript:alert(1)"),
        Finding(rule=f"LT.{ATTR}", source="grammar", severity=Severity.WARNING, message=f"attr {ATTR}",
                start=s2, end=s2 + len(ATTR), text=ATTR, suggestions=[TEXTAREA],
                fix=Fix(SCRIPT, Applicability.SAFE)),
        Finding(rule="LM.Surprisal", source="fluency", severity=Severity.SUGGESTION, message=f"ta {TEXTAREA}",
                start=s3 - 5, end=s3 + len(TEXTAREA), suggestions=[f"{SCRIPT}{TEXTAREA}"]),
        Finding(rule="MT.Terms.JoinHands", source="rules", severity=Severity.WARNING, message="calque",
                start=s4, end=s4 + len("joined hands"), suggestions=[ATTR], fix=Fix(f"{ATTR}{SCRIPT}", Applicability.SAFE)),
    ]
    fr = file_result(PATH, text, findings, score=40.0)
    fr.warnings = [f"LanguageTool said {SCRIPT}"]
    fr.backends["languagetool"] = {"ran": False, "error": f"{SCRIPT}{ATTR}"}
    meta = dict(META)
    meta["model"] = f"{SCRIPT}model"
    meta[f"{ATTR}key"] = [TEXTAREA, SCRIPT]
    return RunResult(files=[fr], meta=meta)


def test_no_markup_escapes_into_any_output(tmp_path: Path) -> None:
    paths = write_reports(hostile_run(), tmp_path, ["html", "md", "json"])
    assert {p.suffix for p in paths} == {".html", ".md", ".json"}
    for p in paths:
        raw = p.read_text(encoding="utf-8")
        assert "<script" not in raw.lower(), p.name
        assert "</textarea" not in raw.lower(), p.name
        if p.suffix != ".json":  # in JSON the quote stays inside a string: \" onmouseover=\"
            assert not re.search(r"\sonmouseover\s*=", raw.replace("&quot; onmouseover=&quot;", "")), p.name
            assert "javascript:" not in raw, p.name  # unsafe link schemes are dropped


def test_payloads_appear_as_text_in_html(tmp_path: Path) -> None:
    write_reports(hostile_run(), tmp_path, ["html"])
    (page,) = [p for p in tmp_path.glob("*.html") if p.name != "index.html"]
    assert re.fullmatch(r"[A-Za-z0-9._-]+\.html", page.name)
    for p in (page, tmp_path / "index.html"):
        tree = parse(p.read_text(encoding="utf-8"))
        assert tree.errors == [] and tree.stack == []
        tags = {t for t, _ in tree.tags}
        assert not tags & {"script", "textarea"}
        for _, attrs in tree.tags:
            assert "onmouseover" not in attrs
        text = "".join(tree.text)
        assert PATH in text  # the file name, shown as text
    tree = parse(page.read_text(encoding="utf-8"))
    text = "".join(tree.text)
    for payload in PAYLOADS:
        assert payload in text
    assert f"bad {SCRIPT} {ATTR}" in text  # message
    assert f"{SCRIPT}{TEXTAREA}" in text  # suggestion
    assert f"{SCRIPT}model" in text  # metadata
    assert f"LanguageTool said {SCRIPT}" in text  # warning
    # attributes (title tooltips, SVG <title>) carry the payloads as values, not as markup
    titles = [a["title"] for t, a in tree.tags if t == "mark"]
    assert any(f"bad {SCRIPT} {ATTR}" in t for t in titles)
    assert any(SCRIPT in t for t in tree.text if "Sentence" in t)  # SVG <title> of a bar
    # the javascript: link is dropped, the rule id still shown
    assert "MT.Test.Script" not in [a.get("href") for _, a in tree.tags]


def test_payloads_are_inert_in_markdown(tmp_path: Path) -> None:
    write_reports(hostile_run(), tmp_path, ["md"])
    (md,) = [p for p in tmp_path.glob("*.md") if p.name != "index.md"]
    raw = md.read_text(encoding="utf-8")
    # each table row keeps its 7 cell separators: no payload broke the table
    rows = [line for line in raw.splitlines() if line.startswith("| ") and line[2:3].isdigit()]
    assert len(rows) == 4
    for row in rows:
        assert len(re.findall(r"(?<!\\)\|", row)) == 7
    readable = html.unescape(re.sub(r"\\(.)", r"\1", raw))
    assert f"bad {SCRIPT} {ATTR}" in readable
    assert f"{SCRIPT}{TEXTAREA}" in readable
    index = (tmp_path / "index.md").read_text(encoding="utf-8")
    assert "<script" not in index.lower()


def test_json_round_trips_payloads_exactly(tmp_path: Path) -> None:
    run = hostile_run()
    write_reports(run, tmp_path, ["json"])
    whole = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    assert whole == json.loads(json.dumps(run.to_json()))
    (one,) = [p for p in tmp_path.glob("*.json") if p.name != "index.json"]
    data = json.loads(one.read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["files"][0]["path"] == PATH
    assert data["files"][0]["findings"][0]["message"] == f"bad {SCRIPT} {ATTR}"
