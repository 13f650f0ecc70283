"""Per-sentence risk chart as inline SVG (no script, no external assets).

One bar per sentence, height and colour by risk, each bar a link to ``#s-N`` so
an editor can jump from the tallest bar straight to the sentence. The chart has
a fixed coordinate system and scales with ``viewBox``, so it prints and e-mails
the same as it shows on screen.
"""

from __future__ import annotations

import html
from typing import Sequence

from mtcheck.report.summary import SentenceRisk

#: risk at or above these is shown as high / medium
HIGH_RISK = 0.6
MEDIUM_RISK = 0.3


def risk_level(risk: float) -> str:
    """"high", "medium" or "low": the CSS class and the legend label."""
    if risk >= HIGH_RISK:
        return "high"
    if risk >= MEDIUM_RISK:
        return "medium"
    return "low"


def _excerpt(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def risk_chart_svg(sentences: Sequence[SentenceRisk], width: int = 880, height: int = 150) -> str:
    """Render the chart; every piece of article text is escaped (``<title>`` included)."""
    if not sentences:
        return '<p class="muted">No sentences to chart.</p>'
    esc = lambda s: html.escape(s, quote=True)  # noqa: E731
    left, right, top, bottom = 34, 6, 8, 22
    plot_w = width - left - right
    plot_h = height - top - bottom
    n = len(sentences)
    slot = plot_w / n
    gap = min(4.0, slot * 0.25)
    bar_w = max(slot - gap, 1.0)
    parts = [
        f'<svg class="risk-chart" role="img" viewBox="0 0 {width} {height}" '
        f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg" '
        f'xmlns:xlink="http://www.w3.org/1999/xlink" aria-labelledby="chart-title">',
        f'<title id="chart-title">Risk per sentence ({n} sentences); each bar links to its sentence</title>',
    ]
    # Grid lines at 0, 0.5 and 1 with labels, and the two risk cut-offs dashed.
    for value, label in ((0.0, "0"), (0.5, "0.5"), (1.0, "1")):
        y = top + plot_h * (1 - value)
        parts.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}"/>')
        parts.append(f'<text class="axis" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    for value in (MEDIUM_RISK, HIGH_RISK):
        y = top + plot_h * (1 - value)
        parts.append(f'<line class="cut" x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}"/>')
    for i, s in enumerate(sentences):
        x = left + i * slot + gap / 2
        h = max(plot_h * s.risk, 2.0)  # a sliver even at zero, so every sentence has a target
        y = top + plot_h - h
        level = risk_level(s.risk)
        label = f"Sentence {s.n}: risk {s.risk:.2f} ({level}){' (estimated)' if s.estimated else ''} \u2014 {_excerpt(s.text)}"
        parts.append(
            f'<a href="#s-{s.n}" xlink:href="#s-{s.n}" class="bar-link">'
            f"<title>{esc(label)}</title>"
            f'<rect class="hit" x="{left + i * slot:.1f}" y="{top}" width="{slot:.1f}" height="{plot_h}"/>'
            f'<rect class="bar risk-{level}" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" rx="1.5"/>'
            "</a>"
        )
    # Sentence numbers under the bars: every one when they fit, else every k-th.
    step = max(1, round(22 / slot + 0.49))
    for i, s in enumerate(sentences):
        if i % step == 0 or i == n - 1 and n > 1 and (n - 1) % step > step // 2:
            cx = left + i * slot + slot / 2
            parts.append(f'<text class="axis" x="{cx:.1f}" y="{height - 6}" text-anchor="middle">{s.n}</text>')
    parts.append("</svg>")
    return "".join(parts)
