"""Markdown reports for pull-request comments: one per article plus ``index.md``.

GitHub and GitLab render raw HTML inside Markdown, so article text is both
HTML-escaped and Markdown-escaped: a finding on ``<script>`` shows as text and a
``|`` in a message cannot break the table.
"""

from __future__ import annotations

import html
import re
from typing import Any, Mapping, Sequence

from mtcheck.model import SOURCES, Severity
from mtcheck.report.html import meta_rows
from mtcheck.report.summary import READY, ArticleSummary, Thresholds, run_meta

# Inline Markdown that could restyle or link text, or break a table cell; our
# text never starts a line, so block markers (#, -, +, >) need no escaping.
# Backslashes go in before HTML escaping so entities stay intact; ``<``, ``>``,
# ``&`` and ``"`` are left to html.escape, so no tag or attribute can form.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")

#: a PR comment is capped at 65,536 characters; past this many rows, summarise
MAX_ROWS = 200


def md_escape(value: Any, limit: int | None = None) -> str:
    """One line of inert Markdown: HTML-escaped, specials backslashed, no newlines."""
    text = " ".join(str(value).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "\u2026"
    # An apostrophe is inert outside a tag: keep it readable in the raw comment.
    return html.escape(_MD_SPECIAL.sub(r"\\\1", text), quote=True).replace("&#x27;", "'")


def _basename(path: str) -> str:
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or path


def _score(score: float | None) -> str:
    return "\u2013" if score is None else f"{score:.0f}/100"


def _counts_line(s: ArticleSummary) -> str:
    sev = ", ".join(f"{s.total(v)} {v.label}{'s' if s.total(v) != 1 else ''}" for v in reversed(Severity))
    src = ", ".join(f"{name} {s.total(source=name)}" for name in SOURCES)
    return f"{sev} ({src})"


def render_article_md(summary: ArticleSummary, meta: Mapping[str, Any], thresholds: Thresholds, max_rows: int = MAX_ROWS) -> str:
    name = _basename(summary.path)
    lines = [
        f"### mtcheck: {md_escape(name)}",
        "",
        f"**{md_escape(summary.verdict.capitalize())}** \u2014 score **{_score(summary.score)}** "
        f"(ready \u2265 {thresholds.ready:g}{' with no errors' if thresholds.errors_block_ready else ''}, "
        f"needs edits \u2265 {thresholds.edits:g})",
        "",
        f"Findings: {_counts_line(summary)}",
        "",
    ]
    if summary.result.warnings:
        lines += ["> **Warnings:** " + "; ".join(md_escape(w) for w in summary.result.warnings), ""]
    if summary.numbered:
        lines += [
            "| # | Line:col | Rule | Severity | Message | Suggestion |",
            "|---:|---|---|---|---|---|",
        ]
        for nf in summary.numbered[:max_rows]:
            f = nf.finding
            sugg = " / ".join(md_escape(s, 60) if s else "(delete)" for s in f.suggestions[:3])
            lines.append(
                f"| {nf.n} | {nf.line}:{nf.column} | {md_escape(f.rule)} | {f.severity.label} "
                f"| {md_escape(f.message, 240)} | {sugg} |"
            )
        hidden = len(summary.numbered) - max_rows
        if hidden > 0:
            lines += ["", f"\u2026 and {hidden} more findings (see the HTML or JSON report)."]
    else:
        lines.append("No findings.")
    version = meta.get("mtcheck") or meta.get("version")
    lines += ["", f"<sub>mtcheck {md_escape(version or '')} \u00b7 {summary.result.seconds:.1f} s</sub>", ""]
    return "\n".join(lines)


def render_index_md(summaries: Sequence[ArticleSummary], meta: Mapping[str, Any], thresholds: Thresholds, formats: Sequence[str]) -> str:
    ordered = sorted(summaries, key=lambda s: s.sort_key())
    ready = sum(1 for s in ordered if s.verdict == READY)
    lines = [
        f"## mtcheck: {len(ordered)} article{'s' if len(ordered) != 1 else ''}, {ready} ready",
        "",
        f"Worst first. Ready \u2265 {thresholds.ready:g}{' with no errors' if thresholds.errors_block_ready else ''}, needs edits \u2265 {thresholds.edits:g}, below: re-translate.",
        "",
        "| Article | Score | Verdict | Errors | Warnings | Suggestions |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for s in ordered:
        name = md_escape(_basename(s.path))
        if s.error is not None:
            lines.append(f"| {name} | \u2013 | unreadable: {md_escape(s.error, 160)} | | | |")
            continue
        link = f"[{name}]({s.slug}.md)" if "md" in formats else name
        lines.append(
            f"| {link} | {_score(s.score)} | {md_escape(s.verdict)} | {s.total(Severity.ERROR)} "
            f"| {s.total(Severity.WARNING)} | {s.total(Severity.SUGGESTION)} |"
        )
    rows = meta_rows(run_meta(dict(meta), [s.result for s in ordered]))
    if rows:
        lines += ["", "<sub>" + " \u00b7 ".join(f"{md_escape(k)}: {md_escape(v, 120)}" for k, v in rows) + "</sub>"]
    lines.append("")
    return "\n".join(lines)
