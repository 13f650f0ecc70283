"""Self-contained HTML reports: one page per article and a batch index.

Every page inlines its CSS and SVG, needs no JavaScript, and carries a
Content-Security-Policy that forbids scripts outright, so a report can be
opened from disk or an e-mail attachment and can never run code, whatever the
article, file name or finding message contains. All such text goes through
:func:`esc` (``html.escape(..., quote=True)``), in attributes and SVG too.
"""

from __future__ import annotations

import html
from collections import defaultdict
from typing import Any, Mapping, Sequence

from mtcheck.model import SOURCES, Finding, Severity
from mtcheck.report.chart import HIGH_RISK, MEDIUM_RISK, risk_chart_svg
from mtcheck.report.diff import apply_safe_fixes, diff_html
from mtcheck.report.style import CSS
from mtcheck.report.summary import (
    READY,
    ArticleSummary,
    Numbered,
    SentenceRisk,
    Thresholds,
    describe,
    run_meta,
    verdict_slug,
)

# No scripts, no fetches: styles and data: images only.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
_SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:")


def esc(value: Any) -> str:
    """Escape any value for HTML text *and* attribute context."""
    return html.escape(str(value), quote=True)


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="color-scheme" content="light">'
        '<meta name="generator" content="mtcheck">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head>\n"
        f"<body><main>{body}</main></body></html>\n"
    )


def _basename(path: str) -> str:
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or path


def safe_link(url: str | None) -> str | None:
    """Only plain web/mail links survive: no ``javascript:`` or ``data:`` URLs."""
    if not url:
        return None
    return url if url.strip().lower().startswith(_SAFE_LINK_SCHEMES) else None


def _suggestion_text(s: str) -> str:
    return s if s else "(delete)"


def finding_tip(nf: Numbered) -> str:
    """Plain-text description of a finding for ``title``/tooltip attributes."""
    f = nf.finding
    tip = f"#{nf.n} {f.severity.label} \u00b7 {f.rule}\n{f.message}"
    if f.suggestions:
        tip += "\nSuggestion: " + " / ".join(_suggestion_text(s) for s in f.suggestions[:5])
    return tip


def _max_severity(items: Sequence[Numbered]) -> Severity:
    return max(nf.finding.severity for nf in items)


def highlight_article(text: str, numbered: Sequence[Numbered], sentences: Sequence[SentenceRisk]) -> str:
    """The whole article as escaped HTML, every finding highlighted in place.

    Findings may nest or overlap, and may cross sentence boundaries, so the text
    is split at every finding and sentence boundary: each piece becomes at most
    one ``<mark>`` carrying all the findings covering it (coloured by the most
    severe, underlined double when several overlap), pieces of a sentence sit in
    ``<span class="sent" id="s-N">`` for the chart's links, and a numbered marker
    linking to the findings table follows each finding's last character.
    """
    size = len(text)
    bounds = {0, size}
    ends: dict[int, list[Numbered]] = defaultdict(list)
    for nf in numbered:
        bounds.update((nf.start, nf.end))
        ends[nf.end].append(nf)
    starts: dict[int, list[SentenceRisk]] = defaultdict(list)
    for s in sentences:
        bounds.update((s.start, s.end))
        starts[s.start].append(s)
    points = sorted(b for b in bounds if 0 <= b <= size)
    spans = [nf for nf in numbered if nf.end > nf.start]
    out: list[str] = []
    open_sentence: SentenceRisk | None = None
    for i, x in enumerate(points):
        for nf in sorted(ends.get(x, ()), key=lambda nf: nf.n):
            out.append(_marker(nf))
        if open_sentence is not None and open_sentence.end <= x:
            out.append("</span>")
            open_sentence = None
        for s in starts.get(x, ()):
            if s.end > s.start and open_sentence is None:
                out.append(f'<span class="sent" id="s-{s.n}">')
                open_sentence = s
            else:  # an empty sentence still needs its anchor
                out.append(f'<span class="sent" id="s-{s.n}"></span>')
        if i + 1 == len(points):
            break
        y = points[i + 1]
        piece = esc(text[x:y])
        active = [nf for nf in spans if nf.start <= x and nf.end >= y]
        if not active:
            out.append(piece)
            continue
        sev = _max_severity(active).label
        depth = min(len(active), 3)
        tip = "\n\n".join(finding_tip(nf) for nf in sorted(active, key=lambda nf: nf.n))
        ids = " ".join(str(nf.n) for nf in sorted(active, key=lambda nf: nf.n))
        out.append(f'<mark class="hl sev-{sev} depth-{depth}" data-f="{ids}" title="{esc(tip)}">{piece}</mark>')
    if open_sentence is not None:
        out.append("</span>")
    return "".join(out)


def _marker(nf: Numbered) -> str:
    sev = nf.finding.severity.label
    tip = esc(finding_tip(nf))
    return f'<a class="mk sev-{sev}" id="m-{nf.n}" href="#f-{nf.n}" title="{tip}" data-tip="{tip}">{nf.n}</a>'


def _sev_chip(severity: Severity) -> str:
    return f'<span class="sev sev-{severity.label}">{severity.label}</span>'


def _badge(label: str, extra: str = "") -> str:
    return f'<span class="badge v-{verdict_slug(label)}{extra}">{esc(label.capitalize())}</span>'


def _score_text(score: float | None) -> str:
    return "\u2013" if score is None else f"{score:.0f}"


def _meta_warnings(meta: Mapping[str, Any]) -> list[str]:
    value = meta.get("warnings") or []
    return [str(w) for w in value] if isinstance(value, (list, tuple)) else [str(value)]


def _warnings_alert(warnings: Sequence[str]) -> str:
    """A visible box for stages that did not run: fewer findings must not look like a cleaner article."""
    unique = list(dict.fromkeys(w for w in warnings if w))
    if not unique:
        return ""
    items = "".join(f"<li>{esc(w)}</li>" for w in unique)
    return f'<div class="alert"><b>Warnings for this run</b> (some checks may be missing):<ul>{items}</ul></div>'


def _counts_table(summary: ArticleSummary, meta: Mapping[str, Any]) -> str:
    sevs = list(reversed(Severity))
    head = "".join(f'<th class="num">{esc(s.label)}</th>' for s in sevs)
    rows = []
    sources = list(SOURCES) + [s for s in summary.counts if s not in SOURCES]
    for src in sources:
        cells = []
        for s in sevs:
            k = summary.counts.get(src, {}).get(s.label, 0)
            cells.append(f'<td class="num{" zero" if k == 0 else ""}">{k}</td>')
        total = summary.total(source=src)
        cells.append(f'<td class="num{" zero" if total == 0 else ""}">{total}</td>')
        ran = _source_ran(summary, src, meta)
        note = "" if ran is None else ("" if ran else ' <span class="muted">(not run)</span>')
        rows.append(f"<tr><td>{esc(src)}{note}</td>{''.join(cells)}</tr>")
    totals = "".join(f'<td class="num">{summary.total(severity=s)}</td>' for s in sevs)
    rows.append(f'<tr class="total"><td>All</td>{totals}<td class="num">{summary.total()}</td></tr>')
    return (
        '<table class="counts"><thead><tr><th>Source</th>'
        f'{head}<th class="num">total</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


#: backend name (FileResult.backends key) -> the finding source it feeds
BACKEND_SOURCE = {"rules": "rules", "harper": "grammar", "languagetool": "grammar", "grammar": "grammar",
                  "lm": "fluency", "fluency": "fluency"}


def _source_ran(summary: ArticleSummary, source: str, meta: Mapping[str, Any]) -> bool | None:
    """Whether any backend of this source ran; None when neither the file's
    backends nor the run's ``checkers`` list say anything about it."""
    found = None
    for name, info in (summary.result.backends or {}).items():
        if not isinstance(info, Mapping):
            continue
        if info.get("source", BACKEND_SOURCE.get(name, name)) != source:
            continue
        found = bool(info.get("ran", True)) or bool(found)
    if found is None and isinstance(meta.get("checkers"), (list, tuple)):
        found = any(BACKEND_SOURCE.get(str(c), str(c)) == source for c in meta["checkers"])
    return found


def _flagged(text: str, nf: Numbered) -> str:
    flagged = nf.finding.text or text[nf.start : nf.end]
    flagged = " ".join(flagged.split())
    if len(flagged) > 90:
        flagged = flagged[:89] + "\u2026"
    return f"<q>{esc(flagged)}</q>" if flagged else '<span class="muted">(position)</span>'


def _rule_cell(f: Finding) -> str:
    link = safe_link(f.link)
    if link:
        return f'<a href="{esc(link)}" rel="noopener noreferrer">{_breakable(f.rule)}</a>'
    return _breakable(f.rule)


def _breakable(rule: str) -> str:
    """Rule ids wrap at their dots, never mid-word."""
    return ".<wbr>".join(esc(part) for part in rule.split("."))


def _fix_cell(f: Finding) -> str:
    if f.fix is None:
        return ""
    cls = "fix-safe" if f.fix.applicability.value == "safe" else "muted"
    return f'<span class="{cls}">{esc(f.fix.applicability.value)}</span>'


def findings_table(text: str, numbered: Sequence[Numbered]) -> str:
    if not numbered:
        return '<p class="muted">No findings.</p>'
    rows = []
    for nf in numbered:
        f = nf.finding
        sugg = ""
        if f.suggestions:
            sugg = '<div class="sugg">\u2192 ' + " / ".join(f"<b>{esc(_suggestion_text(s))}</b>" for s in f.suggestions[:5]) + "</div>"
        rows.append(
            f'<tr id="f-{nf.n}"><td class="num"><a class="back" href="#m-{nf.n}" title="Show in the article">{nf.n}</a></td>'
            f"<td>{_sev_chip(f.severity)}</td>"
            f'<td class="where">{nf.line}:{nf.column}</td>'
            f"<td>{esc(f.source)}</td>"
            f'<td class="rule">{_rule_cell(f)}</td>'
            f'<td class="flagged">{_flagged(text, nf)}</td>'
            f"<td>{esc(f.message)}{sugg}</td>"
            f"<td>{_fix_cell(f)}</td></tr>"
        )
    return (
        '<table class="findings"><thead><tr><th class="num">#</th><th>Severity</th><th>Line:col</th>'
        "<th>Source</th><th>Rule</th><th>Text</th><th>Message and suggestion</th><th>Fix</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _fix_first(numbered: Sequence[Numbered], limit: int = 3) -> str:
    top = [nf for nf in numbered if nf.finding.severity >= Severity.WARNING][:limit] or list(numbered[:limit])
    if not top:
        return '<p class="muted">Nothing to fix.</p>'
    items = "".join(
        f'<li><a class="mk sev-{nf.finding.severity.label}" href="#m-{nf.n}">{nf.n}</a> '
        f"{esc(nf.finding.message)} <span class=\"muted\">(line {nf.line})</span></li>"
        for nf in top
    )
    return f"<ol>{items}</ol>"


_META_LABELS = {
    "mtcheck": "mtcheck version",
    "version": "mtcheck version",
    "backends": "Backends",
    "checkers": "Checkers",
    "model": "Fluency model",
    "lm": "Fluency model",
    "rule_packs": "Rule packs",
    "rules": "Rules loaded",
    "date": "Date",
    "seconds": "Time taken",
    "warnings": "Warnings",
}


def meta_rows(meta: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Run metadata as (label, plain text) rows, the well-known keys first."""
    rows: list[tuple[str, str]] = []
    seen_labels: set[str] = set()
    keys = [k for k in _META_LABELS if k in meta] + [k for k in meta if k not in _META_LABELS]
    for key in keys:
        value = meta[key]
        if value is None or value == [] or value == {} or value == "":
            continue  # "Warnings: -" says nothing
        label = _META_LABELS.get(key, str(key).replace("_", " ").capitalize())
        if label in seen_labels:
            label = str(key).replace("_", " ").capitalize()
        seen_labels.add(label)
        if label == "Time taken" and isinstance(value, (int, float)):
            text = f"{value:.2f} s"
        else:
            text = describe(value)
        rows.append((label, text or "\u2013"))
    return rows


def _meta_block(meta: Mapping[str, Any], extra: Sequence[tuple[str, str]] = ()) -> str:
    rows = meta_rows(meta) + list(extra)
    if not rows:
        return ""
    items = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    return f"<dl>{items}</dl>"


def _chart_legend(sentences: Sequence[SentenceRisk]) -> str:
    estimated = any(s.estimated for s in sentences)
    note = " Risks estimated from the findings (no fluency score for this run)." if estimated else ""
    return (
        '<div class="chart-legend">Risk:'
        f'<span class="dot" style="background:#7bbf8e"></span>low (&lt; {MEDIUM_RISK:g})'
        f'<span class="dot" style="background:#e5a50a"></span>medium'
        f'<span class="dot" style="background:#d92d20"></span>high (\u2265 {HIGH_RISK:g})'
        f" \u00b7 click a bar to jump to its sentence.{esc(note)}</div>"
    )


def render_article(summary: ArticleSummary, meta: Mapping[str, Any], thresholds: Thresholds) -> str:
    """The full HTML report for one readable article."""
    fr = summary.result
    assert fr.document is not None
    text = fr.document.text
    name = _basename(summary.path)
    label = summary.verdict
    vslug = verdict_slug(label)
    findings = [nf.finding for nf in summary.numbered]
    _fixed, applied = apply_safe_fixes(text, findings)

    parts: list[str] = [
        '<header><div class="brand">mtcheck report</div>',
        f"<h1>{esc(name)}</h1>",
        f'<div class="path">{esc(summary.path)}</div>',
        '<nav class="toc"><a href="index.html">\u2190 All articles</a><a href="#risk">Risk chart</a>'
        '<a href="#article">Article</a><a href="#findings">Findings</a><a href="#fixed">Safe fixes</a>'
        '<a href="#run">Run details</a></nav></header>',
        '<div class="overview">',
        f'<div class="scorecard v-{vslug}"><div class="score">{_score_text(summary.score)}<small>/100</small></div>',
        _badge(label),
        f'<div class="explain">Ready at \u2265 {thresholds.ready:g}{" with no errors" if thresholds.errors_block_ready else ""}'
        f"<br>Needs edits at \u2265 {thresholds.edits:g}"
        f"<br>Re-translate below {thresholds.edits:g}</div></div>",
        f'<div><h2>Findings by source and severity</h2>{_counts_table(summary, meta)}',
        f'<div class="fixfirst"><h2>Fix first</h2>{_fix_first(summary.numbered)}</div></div>',
        "</div>",
    ]
    parts.append(_warnings_alert(list(fr.warnings) + _meta_warnings(meta)))
    parts.append(
        f'<section id="risk"><h2>Risk per sentence</h2>{risk_chart_svg(summary.sentences)}'
        f"{_chart_legend(summary.sentences) if summary.sentences else ''}</section>"
    )
    legend = (
        '<div class="legend">Highlights: '
        + " ".join(_sev_chip(s) for s in reversed(Severity))
        + " \u00b7 hover a highlight or number for the message; click a number for the table row.</div>"
    )
    parts.append(
        f'<section id="article"><h2>Article</h2>{legend}'
        f'<div class="article">{highlight_article(text, summary.numbered, summary.sentences)}</div></section>'
    )
    parts.append(
        f'<section id="findings"><h2>Findings ({len(summary.numbered)}), most severe first</h2>'
        f"{findings_table(text, summary.numbered)}</section>"
    )
    if applied:
        fixed_html = f'<div class="article diff">{diff_html(text, applied)}</div>'
        head = f"With safe fixes applied ({len(applied)} change{'s' if len(applied) != 1 else ''})"
        hint = '<p class="legend">Deleted text is struck through, inserted text underlined green. <code>mtcheck check --fix</code> applies these changes.</p>'
    else:
        fixed_html = ""
        head = "With safe fixes applied"
        hint = '<p class="muted">No safe fixes to apply: every change needs an editor\u2019s judgement.</p>'
    parts.append(f'<section id="fixed"><h2>{head}</h2>{hint}{fixed_html}</section>')
    doc = fr.document
    shown = run_meta(dict(meta), [fr])
    extra = [("File format", f"{doc.format}, {doc.encoding}{' with BOM' if doc.bom else ''}")]
    if fr.backends and shown.get("backends") != fr.backends:
        extra.append(("Article backends", describe(fr.backends)))
    extra.append(("Article checked in", f"{fr.seconds:.2f} s"))
    parts.append(f'<footer id="run"><h2>Run details</h2>{_meta_block(shown, extra)}</footer>')
    title = f"{name}: {_score_text(summary.score)}/100, {label} \u2013 mtcheck"
    return _page(title, "".join(parts))


def render_index(
    summaries: Sequence[ArticleSummary],
    meta: Mapping[str, Any],
    thresholds: Thresholds,
    formats: Sequence[str],
) -> str:
    """The batch index: every article, worst first, with verdict, counts and links."""
    ordered = sorted(summaries, key=lambda s: s.sort_key())
    tally: dict[str, int] = defaultdict(int)
    for s in ordered:
        tally[s.verdict] += 1
    chips = "".join(
        f'<span class="badge v-{verdict_slug(v)}">{k} {esc(v)}</span>' for v, k in tally.items() if k
    )
    rows = []
    for i, s in enumerate(ordered, start=1):
        name = _basename(s.path)
        if s.error is not None:
            rows.append(
                f'<tr><td class="num">{i}</td><td class="name">{esc(name)}<div class="path">{esc(s.path)}</div></td>'
                f'<td class="num">\u2013</td><td>{_badge(s.verdict)}</td>'
                f'<td colspan="5" class="errortext">{esc(s.error)}</td></tr>'
            )
            continue
        links = [f'<a href="{esc(s.slug)}.{ext}">{ext}</a>' for ext in formats if ext != "html"]
        main_link = f"{esc(s.slug)}.html" if "html" in formats else f"{esc(s.slug)}.{formats[0]}"
        vslug = verdict_slug(s.verdict)
        bar = ""
        if s.score is not None:
            bar = f'<span class="scorebar"><span class="v-{vslug}" style="width:{max(0.0, min(100.0, s.score)):.0f}%"></span></span>'
        by_source = "<br>".join(f"{esc(src)} {s.total(source=src)}" for src in SOURCES)
        rows.append(
            f'<tr><td class="num">{i}</td><td class="name"><a href="{main_link}">{esc(name)}</a>'
            f'<div class="path">{esc(s.path)}</div>'
            + (f'<div class="formats">{"".join(links)}</div>' if links else "")
            + f'</td><td class="num">{_score_text(s.score)}{bar}</td><td>{_badge(s.verdict)}</td>'
            f'<td class="num">{s.total(Severity.ERROR)}</td><td class="num">{s.total(Severity.WARNING)}</td>'
            f'<td class="num">{s.total(Severity.SUGGESTION)}</td><td class="muted by">{by_source}</td>'
            f'<td class="num">{s.result.seconds:.1f} s</td></tr>'
        )
    table = (
        '<table class="index"><thead><tr><th class="num">#</th><th>Article</th><th class="num">Score</th>'
        '<th>Verdict</th><th class="num">Errors</th><th class="num">Warnings</th><th class="num">Suggestions</th>'
        '<th>By source</th><th class="num">Time</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        if rows
        else '<p class="muted">No articles.</p>'
    )
    ready = tally.get(READY, 0)
    body = (
        '<header><div class="brand">mtcheck report</div>'
        f"<h1>{len(ordered)} article{'s' if len(ordered) != 1 else ''}, {ready} ready to publish</h1>"
        f'<div class="path">Worst first. Ready \u2265 {thresholds.ready:g}{" with no errors" if thresholds.errors_block_ready else ""}, needs edits \u2265 {thresholds.edits:g}, '
        f"below: re-translate.</div>"
        f'<div class="tally">{chips}</div></header>'
        f"{_warnings_alert(_meta_warnings(meta))}"
        f'<section id="articles"><h2>Articles</h2><div class="scroll">{table}</div></section>'
        f'<footer id="run"><h2>Run details</h2>{_meta_block(run_meta(dict(meta), [s.result for s in ordered]))}</footer>'
    )
    return _page(f"mtcheck: {len(ordered)} articles, {ready} ready", body)
