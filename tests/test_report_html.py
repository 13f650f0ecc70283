"""The HTML reports: structure, highlights, chart, findings table, diff, index."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mtcheck.model import Finding, Severity
from mtcheck.report import Thresholds, summarize_run, write_reports
from mtcheck.report.html import highlight_article
from mtcheck.report.summary import Numbered, SentenceRisk
from mtcheck.results import RunResult
from test_report_common import INLINE_ARTICLE, META, gac_result, inline_result, sample_run


class Tree(HTMLParser):
    """Collects tags (with attributes), checks nesting is well-formed, and keeps text."""

    VOID = {"meta", "br", "wbr", "rect", "line", "img", "input", "hr", "link"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unbalanced </{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(html_text: str) -> Tree:
    t = Tree()
    t.feed(html_text)
    t.close()
    return t


def by_id(tree: Tree, ident: str) -> dict:
    return next(a for _, a in tree.tags if a.get("id") == ident)


def write_one(tmp_path: Path, result) -> str:
    paths = write_reports(RunResult(files=[result], meta=dict(META)), tmp_path, ["html"])
    page = next(p for p in paths if p.name != "index.html")
    return page.read_text(encoding="utf-8")


def test_article_report_is_self_contained_and_well_formed(tmp_path: Path) -> None:
    page = write_one(tmp_path, gac_result())
    tree = parse(page)
    assert tree.errors == [] and tree.stack == []
    # no external assets, no script: only in-page anchors, the index, and http(s) rule links
    assert "<script" not in page.lower()
    for tag, attrs in tree.tags:
        assert tag not in ("script", "link", "img", "iframe", "object")
        for key in ("src", "href"):
            value = attrs.get(key)
            if value is not None:
                assert value.startswith("#") or value == "index.html" or value.startswith("https://"), value
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_article_report_shows_score_verdict_counts_and_metadata(tmp_path: Path) -> None:
    page = write_one(tmp_path, gac_result())
    tree = parse(page)
    text = " ".join(tree.text)
    assert '<div class="score">62<small>/100</small>' in page
    assert 'class="badge v-needs-re-translation">Needs re-translation<' in page
    # counts by source and severity: rules row and totals row
    assert re.search(r"<tr><td>rules</td><td class=\"num\">2</td><td class=\"num\">6</td><td class=\"num\">3</td>", page)
    assert re.search(r"<tr><td>fluency</td>.*?<td class=\"num\">1</td>", page)
    assert '<tr class="total"><td>All</td><td class="num">2</td><td class="num">7</td><td class="num">5</td><td class="num">14</td>' in page
    for value in ("0.1.0", "mtcheck-lm-small", "terms.yaml", "2026-11-24T16:40:00Z", "1.84 s", "harper"):
        assert value in text


def test_run_details_fill_backends_and_model_from_the_files(tmp_path: Path) -> None:
    result = inline_result()
    result.backends = {"rules": {"ran": True}, "harper": {"ran": False, "error": "not installed"},
                       "lm": {"ran": True, "model": "senate-lm-v2"}}
    meta = {"mtcheck": "0.1.0", "date": "2026-11-24T17:00:00+00:00", "seconds": 0.5,
            "rule_packs": ["terms.yaml"], "rules": 12, "checkers": ["rules", "lm"], "warnings": []}
    write_reports(RunResult(files=[result], meta=meta), tmp_path, ["html"])
    for name in ("byd-blade.html", "index.html"):
        text = " ".join(parse((tmp_path / name).read_text(encoding="utf-8")).text)
        assert "harper (ran: no; error: not installed)" in text
        assert "Fluency model senate-lm-v2" in text
        assert "mtcheck version 0.1.0" in text and "Rules loaded 12" in text and "Time taken 0.50 s" in text
    page = (tmp_path / "byd-blade.html").read_text(encoding="utf-8")
    assert "grammar <span class=\"muted\">(not run)</span>" in page


def test_run_warnings_and_missing_stages_are_visible(tmp_path: Path) -> None:
    result = inline_result()
    result.backends = {"rules": {"ran": True}}
    meta = {"mtcheck": "0.1.0", "checkers": ["rules"], "warnings": ["grammar stage unavailable: no harper"]}
    write_reports(RunResult(files=[result], meta=meta), tmp_path, ["html"])
    for name in ("byd-blade.html", "index.html"):
        page = (tmp_path / name).read_text(encoding="utf-8")
        assert '<div class="alert"><b>Warnings for this run</b>' in page
        assert "<li>grammar stage unavailable: no harper</li>" in page
    page = (tmp_path / "byd-blade.html").read_text(encoding="utf-8")
    assert '<td>grammar <span class="muted">(not run)</span>' in page
    assert '<td>fluency <span class="muted">(not run)</span>' in page
    assert "<td>rules</td>" in page


def test_every_finding_is_highlighted_marked_and_listed(tmp_path: Path) -> None:
    result = gac_result()
    page = write_one(tmp_path, result)
    tree = parse(page)
    n = len(result.findings)
    marks = [a for t, a in tree.tags if t == "mark"]
    covered = {int(k) for a in marks for k in a["data-f"].split()}
    assert covered == set(range(1, n + 1))
    # one marker per finding linking to its table row, and each row links back
    for k in range(1, n + 1):
        assert by_id(tree, f"m-{k}")["href"] == f"#f-{k}"
        assert f'<tr id="f-{k}">' in page
        assert f'href="#m-{k}"' in page
    # the text shown is exactly the article, unchanged and in order
    article = page.split('<div class="article">', 1)[1].split("</div>", 1)[0]
    plain = re.sub(r'<a class="mk[^>]*>\d+</a>', "", article)
    plain = re.sub(r"<[^>]+>", "", plain)
    import html as _html

    assert _html.unescape(plain) == result.document.text


def test_findings_table_is_sorted_by_severity_then_position(tmp_path: Path) -> None:
    page = write_one(tmp_path, gac_result())
    rows = re.findall(r'<tr id="f-(\d+)">.*?<span class="sev sev-(\w+)">.*?<td class="where">(\d+):(\d+)</td>', page)
    assert [int(r[0]) for r in rows] == list(range(1, len(rows) + 1))
    rank = {"error": 0, "warning": 1, "suggestion": 2}
    keys = [(rank[sev], int(line), int(col)) for _, sev, line, col in rows]
    assert keys == sorted(keys)
    assert rows[0][1] == "error" and rows[-1][1] == "suggestion"


def test_overlapping_and_nested_findings_split_at_every_boundary() -> None:
    text = "aaa bbb ccc ddd"
    e, w, s = Severity.ERROR, Severity.WARNING, Severity.SUGGESTION

    def nf(n, start, end, sev):
        f = Finding(rule=f"R{n}", source="rules", severity=sev, message=f"m{n}", start=start, end=end)
        return Numbered(n=n, finding=f, start=start, end=end, line=1, column=start + 1)

    numbered = [nf(1, 0, 11, s), nf(2, 4, 7, e), nf(3, 8, 15, w)]  # 2 nested in 1, 3 overlaps 1
    out = highlight_article(text, numbered, [SentenceRisk(1, 0, 15, text, 0.5)])
    marks = re.findall(r'<mark class="hl sev-(\w+) depth-(\d)" data-f="([\d ]+)"[^>]*>([^<]*)</mark>', out)
    assert marks == [
        ("suggestion", "1", "1", "aaa "),
        ("error", "2", "1 2", "bbb"),
        ("suggestion", "1", "1", " "),
        ("warning", "2", "1 3", "ccc"),
        ("warning", "1", "3", " ddd"),
    ]
    assert out.startswith('<span class="sent" id="s-1">') and out.endswith("</span>")
    # markers follow the last character of each finding, in order
    assert [int(m) for m in re.findall(r'id="m-(\d+)"', out)] == [2, 1, 3]
    assert parse(out).errors == []


def test_zero_width_finding_gets_a_marker_and_sentences_anchor_even_when_empty() -> None:
    text = "One two. Three"
    f = Finding(rule="R", source="grammar", severity=Severity.WARNING, message="missing full stop", start=14, end=14)
    out = highlight_article(
        text,
        [Numbered(1, f, 14, 14, 1, 15)],
        [SentenceRisk(1, 0, 8, "One two.", 0.1), SentenceRisk(2, 9, 14, "Three", 0.3), SentenceRisk(3, 14, 14, "", 0.0)],
    )
    assert "<mark" not in out
    assert 'id="m-1"' in out and 'id="s-1"' in out and 'id="s-2"' in out and 'id="s-3"' in out
    assert parse(out).errors == []


def test_risk_chart_has_one_linked_bar_per_sentence(tmp_path: Path) -> None:
    result = gac_result()
    page = write_one(tmp_path, result)
    svg = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    bars = re.findall(r'<a href="#s-(\d+)"[^>]*><title>([^<]*)</title><rect class="hit"[^>]*/><rect class="bar risk-(\w+)"', svg)
    assert [int(b[0]) for b in bars] == list(range(1, len(result.sentences) + 1))
    # every bar's target exists in the article, and colours follow the risk
    for n, title, level in bars:
        assert f'id="s-{n}"' in page
        risk = result.sentences[int(n) - 1].risk
        assert level == ("high" if risk >= 0.6 else "medium" if risk >= 0.3 else "low")
        assert f"risk {risk:.2f}" in title


def test_safe_fixes_diff_section(tmp_path: Path) -> None:
    page = write_one(tmp_path, gac_result())
    section = page.split('<section id="fixed">', 1)[1].split("</section>", 1)[0]
    assert "With safe fixes applied (6 changes)" in section
    assert "<del>joins hands</del><ins>teams up</ins>" in section
    assert "<del>separation of vehicles and electricity</del><ins>battery swapping</ins>" in section
    # unsafe fixes are not applied
    assert "opening a new chapter" not in section


def test_no_safe_fixes_says_so(tmp_path: Path) -> None:
    from test_report_common import file_result

    page = write_one(tmp_path, file_result("a.txt", "Clean text here.\n", [], score=99.0))
    assert "No safe fixes to apply" in page
    assert 'class="badge v-ready">Ready<' in page
    assert "No findings." in page


def test_thresholds_change_the_verdict(tmp_path: Path) -> None:
    run = RunResult(files=[inline_result()], meta=dict(META))  # score 78
    (default,) = summarize_run(run)
    (strict,) = summarize_run(run, Thresholds(ready=90, edits=80))
    (lenient,) = summarize_run(run, Thresholds(ready=75, edits=50, errors_block_ready=False))
    (blocked,) = summarize_run(run, Thresholds(ready=75, edits=50))  # it has an error finding
    assert (default.verdict, strict.verdict, lenient.verdict) == ("needs edits", "needs re-translation", "ready")
    assert blocked.verdict == "needs edits"
    write_reports(run, tmp_path, ["html"], Thresholds(ready=90, edits=80))
    page = (tmp_path / "byd-blade.html").read_text(encoding="utf-8")
    assert "Needs re-translation" in page and "Ready at \u2265 90" in page


def test_index_lists_articles_worst_first_with_links(tmp_path: Path) -> None:
    paths = write_reports(sample_run(), tmp_path, ["html", "md"])
    names = sorted(p.name for p in paths)
    assert names == sorted(
        ["gac-saic-cooperation.html", "gac-saic-cooperation.md", "byd-blade.html", "byd-blade.md",
         "clean.html", "clean.md", "index.html", "index.md"]
    )
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    order = [m for m in re.findall(r'<td class="name">(?:<a href="[^"]+">)?([^<]+)', index)]
    assert order == ["broken.docx", "gac-saic-cooperation.txt", "byd-blade.md", "clean.txt"]
    assert '<a href="gac-saic-cooperation.html">' in index and '<a href="byd-blade.md">md</a>' in index
    assert "cannot decode: not a text file" in index
    assert "4 articles, 1 ready to publish" in index
    assert parse(index).errors == []


def test_inline_article_report(tmp_path: Path) -> None:
    page = write_one(tmp_path, inline_result())
    assert "<del>deepen cooperation</del><ins>work more closely</ins>" in page
    # title + 4 sentences ("... etc." and "Win-win." split by the naive splitter)
    assert page.count('<span class="sent" id="s-') == 5
    assert INLINE_ARTICLE.splitlines()[0] in page


def test_real_pipeline_report(tmp_path: Path) -> None:
    """End to end: the real checkers' findings, whatever stages ran, render in every format."""
    pytest.importorskip("mtcheck.loading", reason="document loader not available yet")
    from mtcheck.pipeline import RunOptions, check_paths
    from test_report_common import GAC

    if not GAC.exists():
        pytest.skip(f"shared example {GAC} absent")
    run = check_paths([str(GAC)], RunOptions(grammar=[], lm="none"))
    (fr,) = run.files
    assert fr.error is None and fr.findings
    paths = write_reports(run, tmp_path, ["html", "md", "json"])
    page = (tmp_path / "gac-saic-cooperation.html").read_text(encoding="utf-8")
    tree = parse(page)
    assert tree.errors == []
    marks = {int(k) for t, a in tree.tags if t == "mark" for k in a["data-f"].split()}
    spans = {i for i, f in enumerate(sorted(fr.findings, key=lambda f: (-int(f.severity), f.start, f.end, f.rule)), 1) if f.end > f.start}
    assert marks == spans
    assert len(paths) == 6
