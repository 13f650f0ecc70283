"""Reports an editor reads before publication: HTML, Markdown and JSON.

``write_reports(run, outdir, formats)`` writes one report per article plus a
batch index in each requested format, and returns the paths written:

* ``html``: ``<slug>.html`` per readable article and ``index.html``;
* ``md``: ``<slug>.md`` per readable article and ``index.md`` (for PR comments);
* ``json``: ``<slug>.json`` per article and ``index.json`` for the whole run,
  both the schema-v1 ``RunResult.to_json()`` (with ``<``, ``>`` and ``&``
  written as ``\\u003c``-style escapes so the files are inert if embedded).

Verdict thresholds are documented in ``docs/reports.md``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

from mtcheck.report.progress import ProgressCallback, progress
from mtcheck.report.summary import (
    NEEDS_EDITS,
    READY,
    RETRANSLATE,
    UNREADABLE,
    UNSCORED,
    ArticleSummary,
    Thresholds,
    summarize,
    unique_slugs,
    verdict,
)
from mtcheck.results import RunResult

FORMATS = ("html", "md", "json")

__all__ = [
    "FORMATS",
    "NEEDS_EDITS",
    "READY",
    "RETRANSLATE",
    "UNREADABLE",
    "UNSCORED",
    "ProgressCallback",
    "Thresholds",
    "parse_formats",
    "progress",
    "summarize_run",
    "verdict",
    "write_reports",
]


def parse_formats(value: str | Sequence[str]) -> list[str]:
    """``"html,md"`` or ``["html", "md"]`` -> validated, de-duplicated list."""
    items = value.split(",") if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        name = item.strip().lower()
        if name == "markdown":
            name = "md"
        if not name:
            continue
        if name not in FORMATS:
            raise ValueError(f"unknown report format {item!r} (expected one of: {', '.join(FORMATS)})")
        if name not in out:
            out.append(name)
    if not out:
        raise ValueError("no report format given")
    return out


def summarize_run(run: RunResult, thresholds: Thresholds = Thresholds()) -> list[ArticleSummary]:
    """One :class:`ArticleSummary` per file, in input order, with unique slugs."""
    slugs = unique_slugs(f.path for f in run.files)
    return [summarize(f, slug, thresholds) for f, slug in zip(run.files, slugs)]


def dumps_inert_json(data: object) -> str:
    """JSON with ``<``, ``>``, ``&`` escaped: same data, safe to paste into HTML."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def write_reports(
    run: RunResult,
    outdir: Path,
    formats: Sequence[str] = ("html",),
    thresholds: Thresholds = Thresholds(),
    show_progress: bool | None = None,
) -> list[Path]:
    """Write per-article reports and an index for every format; return the paths.

    ``show_progress=None`` draws a progress bar only when stderr is a terminal.
    """
    from mtcheck.report.html import render_article, render_index
    from mtcheck.report.markdown import render_article_md, render_index_md

    fmts = parse_formats(formats)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    summaries = summarize_run(run, thresholds)
    written: list[Path] = []

    def write(name: str, content: str) -> None:
        path = outdir / name
        path.write_text(content, encoding="utf-8", newline="\n")
        written.append(path)

    with progress(len(summaries), "writing reports", enabled=show_progress) as step:
        for s in summaries:
            if "json" in fmts:
                write(f"{s.slug}.json", dumps_inert_json(RunResult(files=[s.result], meta=run.meta).to_json()))
            if s.error is None:
                if "html" in fmts:
                    write(f"{s.slug}.html", render_article(s, run.meta, thresholds))
                if "md" in fmts:
                    write(f"{s.slug}.md", render_article_md(s, run.meta, thresholds))
            step(s.path)
    if "html" in fmts:
        write("index.html", render_index(summaries, run.meta, thresholds, fmts))
    if "md" in fmts:
        write("index.md", render_index_md(summaries, run.meta, thresholds, fmts))
    if "json" in fmts:
        write("index.json", dumps_inert_json(run.to_json()))
    return written
