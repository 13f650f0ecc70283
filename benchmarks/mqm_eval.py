"""How well mtcheck agrees with professional MQM annotations (WMT zh-en).

    python benchmarks/mqm_eval.py                      # 2021 validation set, full pipeline + Harper alone
    python benchmarks/mqm_eval.py --year 2020 --docs 20
    python benchmarks/mqm_eval.py --languagetool-url http://localhost:8081

Turns MQM records into articles (one system's segments of a document joined by
blank lines), runs mtcheck on them and reads its JSON output, maps findings
and sentence risks back to segments, and prints, per configuration:

* Kendall tau-b and Pearson r between segment risk (the highest sentence risk
  in the segment) and the segment's target-visible MQM score;
* span precision (share of findings overlapping any rater-marked span) and the
  recall of Major target-visible spans;
* findings per 100 words on human translations and on machine translations.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mqm_data import Article, build_articles, first_documents, is_human, load_segments  # noqa: E402

from mtcheck.loading import load_document  # noqa: E402
from mtcheck.pipeline import Pipeline, RunOptions  # noqa: E402
from mtcheck.results import FileResult  # noqa: E402
from mtcheck.scoring import shown_findings  # noqa: E402

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


def kendall_tau_b(x: np.ndarray, y: np.ndarray) -> float:
    """Kendall's tau-b (ties in either variable handled), O(n^2) in vectorised chunks."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n = len(x)
    conc = disc = tx = ty = 0
    for i in range(n - 1):
        dx = np.sign(x[i + 1:] - x[i])
        dy = np.sign(y[i + 1:] - y[i])
        prod = dx * dy
        conc += int((prod > 0).sum())
        disc += int((prod < 0).sum())
        tx += int(((dx == 0) & (dy != 0)).sum())
        ty += int(((dy == 0) & (dx != 0)).sum())
    denom = math.sqrt((conc + disc + tx) * (conc + disc + ty))
    return (conc - disc) / denom if denom else float("nan")


def pearson(x, y) -> float:
    x, y = np.asarray(x, float), np.asarray(y, float)
    if x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def check_all(articles: list[Article], options: RunOptions) -> tuple[list[tuple[Article, FileResult]], float, float | None]:
    """Check every article in-process; returns the results, the seconds taken and the model's min_confidence."""
    out = []
    t0 = time.perf_counter()
    with Pipeline(options) as pipe:
        for art in articles:
            doc = load_document(art.name + ".txt", data=art.text.encode("utf-8"), format="text")
            out.append((art, pipe.check_document(doc)))
        min_conf = pipe.scorer.model.min_confidence if pipe.scorer.model is not None else None
    return out, time.perf_counter() - t0, min_conf


def whole_sentence(f, sentences) -> bool:
    """A finding that covers (nearly) its whole sentence, such as HARPER.LongSentences:
    it overlaps any rater span in that sentence by construction, so it says
    little about where the error is."""
    for s in sentences:
        if s.start <= f.start < s.end:
            return (min(f.end, s.end) - f.start) >= 0.8 * max(s.end - s.start, 1)
    return False


def rater_rates(articles: list[Article]) -> dict[str, float]:
    """The raters' own target-visible errors per 100 words (averaged over raters), human vs MT."""
    words = {"human": 0, "mt": 0}
    errors = {"human": 0.0, "mt": 0.0}
    for art in articles:
        kind = "human" if is_human(art.system) else "mt"
        for seg in art.segments:
            words[kind] += seg.words
            errors[kind] += len(seg.visible_errors) / max(len(seg.raters), 1)
    return {k: 100 * errors[k] / max(words[k], 1) for k in words}


def rater_agreement(path: Path) -> tuple[float, float, int] | None:
    """How well professional raters agree with each other on segment scores, where a
    year has several raters per segment: tau-b of one rater's target-visible
    score against the mean of the others, and of two raters against each other.
    This bounds what any checker can reach against a single rater's labels."""
    if not path.exists():
        return None
    one, rest, second = [], [], []
    for seg in load_segments(path):
        if len(seg.raters) < 2:
            continue
        per = seg.rater_scores()
        raters = sorted(seg.raters)
        one.append(per[raters[0]])
        second.append(per[raters[1]])
        rest.append(sum(per[r] for r in raters[1:]) / (len(raters) - 1))
    if not one:
        return None
    return kendall_tau_b(np.array(one), np.array(rest)), kendall_tau_b(np.array(one), np.array(second)), len(one)


def metrics(results: list[tuple[Article, FileResult]], seconds: float, select_prefix: str | None = None,
            min_confidence: float | None = None, narrow: bool = False, filter_rules: bool = False) -> dict:
    """Per-segment risks and finding overlaps of checked articles.

    ``min_confidence``: count only the findings mtcheck shows by default
    (:func:`mtcheck.scoring.shown_findings`); None counts every finding.
    ``select_prefix``: a single backend alone; it has no risk model, so its
    segment risk is its number of findings in the segment.
    ``narrow``: leave out findings that cover their whole sentence (:func:`whole_sentence`).
    ``filter_rules``: apply the confidence threshold to rule findings too.
    """
    risks, scores = [], []
    n_findings = n_on_span = 0
    major_total = major_hit = 0
    words = {"human": 0, "mt": 0}
    flags = {"human": 0, "mt": 0}
    total_words = 0
    for art, data in results:
        shown = shown_findings(data.findings, min_confidence, always_rules=not filter_rules)
        findings = [f for f in shown if (select_prefix is None or f.rule.startswith(select_prefix))
                    and not (narrow and whole_sentence(f, data.sentences))]
        kind = "human" if is_human(art.system) else "mt"
        for seg in art.segments:
            total_words += seg.words
            words[kind] += seg.words
            in_seg = [f for f in findings if seg.start <= f.start < seg.end + 1]
            flags[kind] += len(in_seg)
            spans = [(e["start"], e["end"]) for e in seg.errors
                     if e.get("start") is not None and e.get("side", "target") == "target"]
            for f in in_seg:
                a, b = f.start - seg.start, f.end - seg.start
                n_findings += 1
                if any(a < e and s < max(b, a + 1) for s, e in spans):
                    n_on_span += 1
            for e in seg.visible_errors:
                if e["severity"].lower() != "major" or e.get("start") is None:
                    continue
                major_total += 1
                if any(f.start - seg.start < e["end"] and e["start"] < max(f.end - seg.start, f.start - seg.start + 1)
                       for f in in_seg):
                    major_hit += 1
            if select_prefix is not None:
                risk = float(len(in_seg))
            else:
                sent_risks = [s.risk for s in data.sentences if seg.start <= s.start < seg.end + 1]
                risk = max(sent_risks) if sent_risks else 0.0
            risks.append(risk)
            scores.append(seg.visible_score())
    return {
        "tau": kendall_tau_b(np.array(risks), np.array(scores)),
        "pearson": pearson(risks, scores),
        "precision": n_on_span / n_findings if n_findings else float("nan"),
        "major_recall": major_hit / major_total if major_total else float("nan"),
        "flags_human": 100 * flags["human"] / max(words["human"], 1),
        "flags_mt": 100 * flags["mt"] / max(words["mt"], 1),
        "findings": n_findings,
        "segments": len(risks),
        "words_per_s": total_words / seconds if seconds else float("nan"),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--year", choices=["2020", "2021"], default="2021")
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--docs", type=int, default=0, help="only the first N documents (0 = all)")
    ap.add_argument("--languagetool-url", default=None)
    ap.add_argument("--no-baselines", action="store_true", help="only the full pipeline")
    ap.add_argument("--lm", default=None, help="fluency model for the full pipeline (default shipped; 'none' = off)")
    args = ap.parse_args(argv)
    path = args.shared / "data" / "mqm" / f"mqm_zhen_{args.year}.jsonl"
    if not path.exists():
        print(f"MQM data not found at {path}", file=sys.stderr)
        return 2
    articles = first_documents(build_articles(load_segments(path)), args.docs)
    full = RunOptions(lm=args.lm)
    stages = "rules+harper" + ("" if args.lm == "none" else "+lm")
    print(f"MQM zh-en {args.year}: {len(articles)} articles, "
          f"{sum(len(a.segments) for a in articles)} segments, {len({a.doc_id for a in articles})} documents")
    header = f"{'configuration':<34} {'tau_b':>6} {'r':>6} {'span P':>7} {'Major R':>8} {'/100w human':>11} {'/100w MT':>9} {'words/s':>8}"
    print(header)

    def row(name: str, m: dict) -> None:
        print(f"{name:<34} {m['tau']:>6.3f} {m['pearson']:>6.3f} {m['precision']:>7.3f} {m['major_recall']:>8.3f} "
              f"{m['flags_human']:>11.2f} {m['flags_mt']:>9.2f} {m['words_per_s']:>8.0f}", flush=True)

    results, secs, min_conf = check_all(articles, full)
    row(f"mtcheck ({stages})", metrics(results, secs, None, min_conf))
    row("  same, no whole-sentence finding", metrics(results, secs, None, min_conf, narrow=True))
    if min_conf is not None:
        row("  same, rule findings filtered too", metrics(results, secs, None, min_conf, filter_rules=True))
        row("  same, all findings shown", metrics(results, secs, None, None))
    if not args.no_baselines:
        results, secs, _ = check_all(articles, RunOptions(grammar=["harper"], lm="none", select=["HARPER"]))
        row("Harper alone", metrics(results, secs, "HARPER"))
        row("  same, no whole-sentence finding", metrics(results, secs, "HARPER", narrow=True))
        if args.languagetool_url:
            results, secs, _ = check_all(articles, RunOptions(grammar=["languagetool"], lm="none", select=["LT"],
                                                              languagetool_url=args.languagetool_url))
            row("LanguageTool alone", metrics(results, secs, "LT"))
    rates = rater_rates(articles)
    print(f"raters' own target-visible errors per 100 words: human {rates['human']:.2f}, MT {rates['mt']:.2f}")
    raters = Counter(len(s.raters) for a in articles for s in a.segments).most_common(1)[0][0]
    agreement = rater_agreement(args.shared / "data" / "mqm" / "mqm_zhen_2020.jsonl")
    if agreement is not None:
        print(f"rater agreement on MQM 2020 ({agreement[2]} segments with several raters): one rater vs the mean "
              f"of the others tau-b {agreement[0]:.3f}, two raters {agreement[1]:.3f}; "
              f"{args.year} has {raters} rater(s) per segment")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
