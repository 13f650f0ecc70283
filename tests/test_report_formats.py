"""Markdown and JSON reports, format selection, and the progress bar."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from mtcheck.report import parse_formats, progress, write_reports
from mtcheck.report.markdown import md_escape
from mtcheck.results import RunResult
from test_report_common import INLINE_ARTICLE, META, inline_result, sample_run


def test_markdown_article_has_compact_findings_table(tmp_path: Path) -> None:
    write_reports(RunResult(files=[inline_result()], meta=dict(META)), tmp_path, ["md"])
    md = (tmp_path / "byd-blade.md").read_text(encoding="utf-8")
    assert "**Needs edits** \u2014 score **78/100**" in md
    assert "Findings: 1 error, 1 warning, 2 suggestions (rules 4, grammar 0, fluency 0)" in md
    rows = [line for line in md.splitlines() if re.match(r"\| \d+ \|", line)]
    assert len(rows) == 4
    line = INLINE_ARTICLE.splitlines()[2]
    col = line.index("etc. Win-win.") + 1
    assert rows[0] == f"| 1 | 3:{col} | MT.Structure.CutClause | error | Clause cut off after 'etc.' |  |"
    assert rows[1].endswith("| warning | Calque of \u6df1\u5316\u5408\u4f5c; write 'work more closely'. | work more closely |")
    assert rows[2].endswith("| (delete) |")  # an empty suggestion means delete


def test_markdown_index_worst_first_with_links(tmp_path: Path) -> None:
    write_reports(sample_run(with_gac=False), tmp_path, ["md"])
    index = (tmp_path / "index.md").read_text(encoding="utf-8")
    table = [line for line in index.splitlines() if line.startswith("| ") and not line.startswith("| Article")]
    assert [re.split(r"\s*\|\s*", row)[1] for row in table] == [
        "broken.docx", "[byd-blade.md](byd-blade.md)", "[clean.txt](clean.md)"
    ]
    assert "## mtcheck: 3 articles, 1 ready" in index
    assert not (tmp_path / "broken.md").exists()  # unreadable files get a row, not a report


def test_md_escape_keeps_tables_and_markup_inert() -> None:
    assert md_escape("a | b") == "a \\| b"
    assert md_escape("**bold** [x](y) `c`") == "\\*\\*bold\\*\\* \\[x\\](y) \\`c\\`"
    assert md_escape('<img src=x onerror="y">') == "&lt;img src=x onerror=&quot;y&quot;&gt;"
    assert md_escape("it's\nfine") == "it's fine"
    assert md_escape("x" * 50, limit=10) == "x" * 9 + "\u2026"


def test_json_reports_are_the_schema_v1_run_json(tmp_path: Path) -> None:
    run = sample_run(with_gac=False)
    write_reports(run, tmp_path, ["json"])
    assert json.loads((tmp_path / "index.json").read_text(encoding="utf-8")) == json.loads(json.dumps(run.to_json()))
    one = json.loads((tmp_path / "byd-blade.json").read_text(encoding="utf-8"))
    assert one["version"] == 1 and one["meta"] == META
    assert [f["path"] for f in one["files"]] == ["batch/byd-blade.md"]
    broken = json.loads((tmp_path / "broken.json").read_text(encoding="utf-8"))
    assert broken["files"][0]["error"] == "cannot decode: not a text file"


def test_formats_combine_and_unknown_is_rejected(tmp_path: Path) -> None:
    paths = write_reports(sample_run(with_gac=False), tmp_path, "html,md,json".split(","))
    assert {p.suffix for p in paths} == {".html", ".md", ".json"}
    assert len(paths) == 2 * 2 + 3 + 3  # html+md for 2 readable files, json for 3, 3 indexes
    assert all(p.exists() and p.parent == tmp_path for p in paths)
    with pytest.raises(ValueError, match="unknown report format"):
        write_reports(sample_run(with_gac=False), tmp_path, ["pdf"])
    assert parse_formats("HTML, md") == ["html", "md"]


def test_progress_is_silent_off_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_reports(sample_run(with_gac=False), tmp_path, ["html"])
    assert capsys.readouterr().err == ""
    quiet = io.StringIO()
    with progress(3, "checking", stream=quiet) as step:
        for name in ("a", "b", "c"):
            step(name)
    assert quiet.getvalue() == ""


def test_progress_draws_a_bar_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Terminal()
    with progress(2, "checking", stream=tty) as step:
        step("one.txt")
        step("two.txt")
    out = tty.getvalue()
    assert "checking:" in out and "/2 [" in out  # tqdm's bar (redraws are rate-limited)
    assert out.endswith("\r")  # and it clears itself (leave=False) so the summary line stays clean
