"""The reports' stylesheet, inlined into every HTML file.

Kept as a Python string (not a package data file) so a report needs nothing but
this package to render, and the file it produces needs nothing at all: it works
opened from disk, printed, or sent as an e-mail attachment.
"""

CSS = """
:root {
  --ink: #1f2328; --muted: #59636e; --line: #d8dee4; --soft: #f6f8fa; --page: #eef1f4;
  --err: #b42318; --err-bg: #fde3e0; --err-line: #d92d20;
  --warn: #8a5300; --warn-bg: #fff0c2; --warn-line: #d99100;
  --sugg: #1b58b8; --sugg-bg: #e0ebfc; --sugg-line: #3b7ddd;
  --ok: #1a7f37; --ok-bg: #dcf5e3;
  --ui: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  --prose: Charter, "Bitstream Charter", "Iowan Old Style", Georgia, Cambria, "Liberation Serif", "DejaVu Serif", "Songti SC", SimSun, "Noto Serif CJK SC", serif;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--page); color: var(--ink); font: 15px/1.5 var(--ui); }
main { max-width: 1040px; margin: 24px auto; background: #fff; border: 1px solid var(--line);
  border-radius: 10px; padding: 28px 36px 36px; box-shadow: 0 1px 3px rgba(31,35,40,.06); }
a { color: #0b57c2; }
h1 { font-size: 26px; line-height: 1.25; margin: 2px 0 2px; overflow-wrap: anywhere; }
h2 { font-size: 17px; margin: 0 0 10px; letter-spacing: .01em; }
section { margin-top: 30px; }
.brand { font-size: 12px; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); font-weight: 600; }
.path { color: var(--muted); font-size: 13px; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
nav.toc { margin-top: 10px; font-size: 13px; }
nav.toc a { margin-right: 14px; text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }

/* Overview: score card, counts, fix-first list */
.overview { display: grid; grid-template-columns: 220px 1fr; gap: 22px; margin-top: 22px; align-items: start; }
.scorecard { border-radius: 10px; padding: 16px 18px; border: 1px solid var(--line); background: var(--soft); text-align: center; }
.scorecard .score { font-size: 46px; font-weight: 700; line-height: 1; font-variant-numeric: tabular-nums; }
.scorecard .score small { font-size: 16px; font-weight: 500; color: var(--muted); }
.badge { display: inline-block; border-radius: 999px; padding: 3px 12px; font-weight: 700; font-size: 13px;
  letter-spacing: .02em; border: 1px solid transparent; white-space: nowrap; }
.scorecard .badge { margin-top: 10px; font-size: 15px; padding: 5px 14px; }
.scorecard .explain { margin-top: 10px; font-size: 12px; color: var(--muted); }
.v-ready { background: var(--ok-bg); color: var(--ok); border-color: #9bd5ab; }
.v-needs-edits { background: var(--warn-bg); color: var(--warn); border-color: #efc566; }
.v-needs-re-translation, .v-unreadable { background: var(--err-bg); color: var(--err); border-color: #f3a59c; }
.v-not-scored { background: var(--soft); color: var(--muted); border-color: var(--line); }
.scorecard.v-ready .score { color: var(--ok); }
.scorecard.v-needs-edits .score { color: var(--warn); }
.scorecard.v-needs-re-translation .score { color: var(--err); }
.scorecard.v-ready { border-top: 5px solid var(--ok); }
.scorecard.v-needs-edits { border-top: 5px solid var(--warn-line); }
.scorecard.v-needs-re-translation { border-top: 5px solid var(--err-line); }
.scorecard.v-ready, .scorecard.v-needs-edits, .scorecard.v-needs-re-translation, .scorecard.v-not-scored { background: var(--soft); color: var(--ink); }

table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600; background: var(--soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.counts td.zero { color: #a3acb6; }
.counts tr.total td { font-weight: 700; border-bottom: 0; }
.fixfirst { margin-top: 14px; }
.fixfirst ol { margin: 6px 0 0; padding-left: 0; list-style: none; }
.fixfirst li { margin: 4px 0; }
.alert { margin-top: 16px; border: 1px solid #efc566; background: #fff8e1; border-radius: 8px; padding: 8px 12px; font-size: 13.5px; }
.alert ul { margin: 4px 0 0; padding-left: 18px; }

/* Severity chips */
.sev { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 12px; font-weight: 700; line-height: 1.6; white-space: nowrap; }
.sev-error.sev { background: var(--err-bg); color: var(--err); }
.sev-warning.sev { background: var(--warn-bg); color: var(--warn); }
.sev-suggestion.sev { background: var(--sugg-bg); color: var(--sugg); }

/* The article with findings highlighted in place */
.article { font: 17px/1.75 var(--prose); white-space: pre-wrap; overflow-wrap: break-word; max-width: 46em;
  padding: 6px 2px; }
.legend { font-size: 13px; color: var(--muted); margin-bottom: 10px; }
.legend .sev { margin-right: 4px; }
mark.hl { color: inherit; border-radius: 2px; padding: 1px 0; border-bottom: 2px solid; }
mark.sev-error { background: var(--err-bg); border-color: var(--err-line); }
mark.sev-warning { background: var(--warn-bg); border-color: var(--warn-line); }
mark.sev-suggestion { background: var(--sugg-bg); border-color: var(--sugg-line); }
mark.depth-2, mark.depth-3 { border-bottom-style: double; border-bottom-width: 4px; }
mark.depth-3 { box-shadow: inset 0 -1px 0 rgba(0,0,0,.25); }
.sent { border-radius: 3px; }
.sent:target { outline: 2px solid #0b57c2; outline-offset: 2px; background: #eef4ff; }
a.mk { position: relative; display: inline-block; font: 700 10.5px/1 var(--ui); vertical-align: super; margin: 0 1px 0 1px;
  padding: 2px 4px; border-radius: 8px; text-decoration: none; color: #fff; white-space: normal; }
a.mk.sev-error { background: var(--err-line); }
a.mk.sev-warning { background: #b56f00; }
a.mk.sev-suggestion { background: var(--sugg-line); }
a.mk:target { outline: 2px solid var(--ink); }
a.mk[data-tip]:hover::after, a.mk[data-tip]:focus::after {
  content: attr(data-tip); position: absolute; left: 0; top: 1.8em; z-index: 10; width: max-content; max-width: 26em;
  white-space: pre-line; background: #24292f; color: #fff; font: 400 13px/1.45 var(--ui); padding: 8px 10px;
  border-radius: 6px; box-shadow: 0 4px 12px rgba(0,0,0,.2); }

/* Risk chart */
.risk-chart { width: 100%; height: auto; display: block; }
.risk-chart .grid { stroke: #e3e7eb; stroke-width: 1; }
.risk-chart .cut { stroke: #b8c0c8; stroke-width: 1; stroke-dasharray: 3 3; }
.risk-chart .axis { fill: var(--muted); font: 10px var(--ui); }
.risk-chart .hit { fill: transparent; }
.risk-chart .bar.risk-low { fill: #7bbf8e; }
.risk-chart .bar.risk-medium { fill: #e5a50a; }
.risk-chart .bar.risk-high { fill: #d92d20; }
.risk-chart a:hover .bar, .risk-chart a:focus .bar { opacity: .75; }
.risk-chart a:hover .hit { fill: rgba(11,87,194,.06); }
.chart-legend { font-size: 12.5px; color: var(--muted); margin-top: 4px; }
.chart-legend .dot { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 12px; vertical-align: -1px; }

/* Findings table */
.findings td.where, .findings td.rule { font-family: var(--mono); font-size: 12px; white-space: nowrap; }
.findings td.rule { white-space: normal; min-width: 9em; }
.findings td.flagged { font-family: var(--prose); font-size: 14.5px; }
.findings td.flagged q { quotes: "\\201C" "\\201D"; }
.findings tr:target td { background: #eef4ff; }
.findings .sugg { margin-top: 3px; color: var(--muted); }
.findings .sugg b { color: var(--ok); font-weight: 600; }
.findings a.back { text-decoration: none; font-weight: 700; }
.fix-safe { color: var(--ok); font-weight: 600; }

/* Diff */
.diff ins { background: #d3f5dc; color: #0f5323; text-decoration: none; border-bottom: 2px solid #3fa65a; padding: 0 1px; }
.diff del { background: #fde3e0; color: #8c1d13; text-decoration: line-through; text-decoration-color: #b42318; padding: 0 1px; margin-right: 2px; }

/* Run metadata */
footer { margin-top: 34px; border-top: 1px solid var(--line); padding-top: 16px; font-size: 13px; color: var(--muted); }
footer dl { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 0; }
footer dt { font-weight: 600; color: var(--ink); }
footer dd { margin: 0; overflow-wrap: anywhere; }

/* Index */
.tally { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 14px; }
.tally .badge { font-size: 14px; padding: 5px 14px; }
.index td.name a { font-weight: 600; overflow-wrap: anywhere; }
.index td.name { min-width: 14em; }
.index td.name .path { font-size: 12px; overflow-wrap: anywhere; }
.index td.by { white-space: nowrap; font-size: 12px; line-height: 1.35; }
.scroll { overflow-x: auto; }
.index th { font-size: 11px; letter-spacing: .02em; }
.index th, .index td { padding: 6px 6px; }
.scorebar { display: inline-block; width: 56px; height: 7px; background: #e7ebef; border-radius: 4px; margin-left: 8px; vertical-align: 1px; overflow: hidden; }
.scorebar span { display: block; height: 100%; border-radius: 4px; }
.scorebar .v-ready { background: #2da44e; } .scorebar .v-needs-edits { background: #d99100; }
.scorebar .v-needs-re-translation { background: #d92d20; }
.formats a { margin-right: 6px; font-size: 12.5px; }
.errortext { color: var(--err); }

@media (max-width: 720px) {
  main { margin: 0; border-radius: 0; padding: 18px; }
  .overview { grid-template-columns: 1fr; }
}
@media print {
  body { background: #fff; font-size: 11pt; }
  main { margin: 0; max-width: none; border: 0; box-shadow: none; padding: 0; }
  nav.toc, a.mk[data-tip]::after { display: none !important; }
  a { color: inherit; text-decoration: none; }
  mark.hl, a.mk, .badge, .sev, .diff ins, .diff del, .risk-chart, .scorebar span {
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section { break-inside: auto; }
  h2 { break-after: avoid; }
  tr, .scorecard { break-inside: avoid; }
  .article { font-size: 11.5pt; max-width: none; }
}
"""
