"""MQM records -> articles and segment labels, shared by the evaluation and calibration scripts.

An *article* is one system's segments of one document joined by blank lines,
so mtcheck sees the text the way an editor would (paragraph per segment), and
every segment keeps its character span in the article to map findings and
sentence risks back to it.

Target-visible MQM score of a segment: errors an English-only reader can judge
(Fluency/*, Style/*, Terminology/*, Locale convention/*), weighted Major 5,
Minor 1, Minor Fluency/Punctuation 0.1 (Neutral 0), summed per rater and
averaged over the segment's raters. Accuracy errors need the Chinese source
and are left out.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

VISIBLE = ("fluency", "style", "terminology", "locale convention", "locale_convention")


def is_visible(category: str) -> bool:
    return category.lower().replace("_", " ").split("/")[0].strip() in {v.replace("_", " ") for v in VISIBLE}


def weight(err: dict) -> float:
    sev = err["severity"].lower()
    if sev == "major":
        return 5.0
    if sev == "minor":
        return 0.1 if "punctuation" in err["category"].lower() else 1.0
    return 0.0


def is_human(system: str) -> bool:
    return system.startswith(("Human-", "ref."))


@dataclass
class Segment:
    doc_id: str
    seg: int
    system: str
    target: str
    errors: list[dict]
    raters: list[str]
    start: int = 0  # offset of the segment in its article
    end: int = 0

    @property
    def visible_errors(self) -> list[dict]:
        return [e for e in self.errors if e.get("side", "target") == "target" and is_visible(e["category"])]

    def rater_scores(self, lo: int | None = None, hi: int | None = None) -> dict[str, float]:
        """Each rater's weighted target-visible errors (optionally inside [lo, hi)); 0 for a rater who marked none."""
        per = {r: 0.0 for r in self.raters}
        for e in self.visible_errors:
            if lo is not None:
                if e.get("start") is None or not (e["start"] < hi and lo < max(e["end"], e["start"] + 1)):
                    continue
            per[e["rater"]] = per.get(e["rater"], 0.0) + weight(e)
        return per

    def visible_score(self, lo: int | None = None, hi: int | None = None) -> float:
        """Average over raters of the weighted target-visible errors (optionally inside [lo, hi))."""
        if not self.raters:
            return 0.0
        return sum(self.rater_scores(lo, hi).values()) / len(self.raters)

    @property
    def words(self) -> int:
        return len(self.target.split())


@dataclass
class Article:
    name: str
    system: str
    doc_id: str
    text: str
    segments: list[Segment] = field(default_factory=list)


def load_segments(path: str | Path) -> list[Segment]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            raters = sorted(r.get("rater_scores") or {}) or sorted({e["rater"] for e in r["errors"]})
            target = r["target"] or ""
            out.append(Segment(r["doc_id"], int(r["doc_seg_id"]), r["system"], target, r["errors"], raters))
    return out


def build_articles(segments: Iterable[Segment]) -> list[Article]:
    groups: dict[tuple[str, str], list[Segment]] = defaultdict(list)
    for s in segments:
        groups[(s.system, s.doc_id)].append(s)
    articles = []
    for (system, doc_id), segs in sorted(groups.items()):
        segs.sort(key=lambda s: s.seg)
        parts, pos = [], 0
        for s in segs:
            # Newlines inside a segment would split paragraphs differently: flatten them.
            s.target = " ".join(s.target.split())
            s.start, s.end = pos, pos + len(s.target)
            parts.append(s.target)
            pos = s.end + 2
        articles.append(Article(f"{system}__{doc_id}", system, doc_id, "\n\n".join(parts), segs))
    return articles


def first_documents(articles: list[Article], n: int) -> list[Article]:
    """The articles of the first ``n`` document ids in sorted order (all when ``n`` is 0)."""
    if not n:
        return articles
    keep = set(sorted({a.doc_id for a in articles})[:n])
    return [a for a in articles if a.doc_id in keep]


def split_docs(articles: list[Article]) -> dict[str, list[Article]]:
    """Group by document id (the unit of any train/validation split)."""
    out: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        out[a.doc_id].append(a)
    return out
