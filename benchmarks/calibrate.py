"""Retrain the shipped risk model (``src/mtcheck/data/risk/model.json``) on MQM annotations.

    python benchmarks/calibrate.py                  # extract (cached), train on 2020, validate on 2021, write the model
    python benchmarks/calibrate.py --refresh        # re-run the pipeline even if features are cached
    python benchmarks/calibrate.py --docs 10 --out /tmp/model.json   # quick run on a subset

Benchmark dependency: scikit-learn (training only; mtcheck evaluates the
exported trees with numpy). Steps:

1. Every MQM (system, document) pair becomes an article (``mqm_data``); the
   full pipeline checks it in-process and :func:`mtcheck.scoring.sentence_features`
   (the same function the run-time scorer calls) turns its findings and
   sentence scores into feature rows. Rows are cached under ``lm-work/risk-cache``
   (git-ignored) keyed by year and configuration.
2. Sentence label: the share of the segment's raters who marked a
   target-visible error (Fluency, Style, Terminology, Locale convention) of
   weight >= 1 (Major, or a Minor that is not punctuation) overlapping the
   sentence. Sentences of multi-sentence segments with an un-aligned error
   (no offsets) are left out of training.
3. Finding label: the share of raters whose marked target spans (any
   category) overlap the finding -- the chance that a reviewer agrees.
4. Gradient-boosted trees (scikit-learn) trained on 2020 with soft labels
   (each row twice: label 1 with weight p, label 0 with weight 1-p); one
   variant with the language-model features and one without, so a run with
   ``--lm none`` still gets a model. Then exported to JSON and checked for
   parity against scikit-learn's own predictions.
5. ``min_confidence`` (the default view's finding threshold) is the lowest
   threshold whose out-of-fold precision on 2020 reaches ``--target-precision``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mqm_data import Article, Segment, build_articles, first_documents, load_segments, weight  # noqa: E402

from mtcheck.loading import load_document  # noqa: E402
from mtcheck.pipeline import Pipeline, RunOptions  # noqa: E402
from mtcheck.scoring import MODEL_FORMAT, MODEL_PATH, finding_features, sentence_features  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
CACHE = ROOT / "lm-work" / "risk-cache"
LM_FEATURES = ("lm_slor", "lm_max_surprisal", "lm_mean_surprisal", "lm_logprob", "lm_tokens",
               "lm_peak_gap", "lm_logprob_per_word")


# -- extraction -----------------------------------------------------------------------

@dataclass
class SentRow:
    article: str
    doc_id: str
    system: str
    seg: int  # index into the article's segments
    start: int  # in the segment
    end: int
    feats: dict[str, float]


@dataclass
class FindRow:
    article: str
    doc_id: str
    system: str
    seg: int
    start: int
    end: int
    rule: str
    source: str
    severity: int
    feats: dict[str, float]


@dataclass
class Extracted:
    sentences: list[SentRow] = field(default_factory=list)
    findings: list[FindRow] = field(default_factory=list)
    backends: set[str] = field(default_factory=set)


def _seg_of(art: Article, offset: int) -> int | None:
    for i, s in enumerate(art.segments):
        if s.start <= offset < s.end + 1:
            return i
    return None


def extract(articles: Sequence[Article], options: RunOptions, progress: bool = True) -> Extracted:
    """Run the pipeline on every article and keep the feature rows (no labels)."""
    out = Extracted()
    t0 = time.perf_counter()
    with Pipeline(options) as pipe:
        for k, art in enumerate(articles):
            doc = load_document(art.name + ".txt", data=art.text.encode("utf-8"), format="text")
            res = pipe.check_document(doc)
            out.backends.update(n for n, b in res.backends.items() if b.get("ran", True))
            scores = {s.index: sr.scores for s, sr in zip(doc.sentences, res.sentences)}
            feats = sentence_features(doc, res.findings, scores)
            for s, f in zip(doc.sentences, feats):
                i = _seg_of(art, s.start)
                if i is None:
                    continue
                seg = art.segments[i]
                out.sentences.append(SentRow(art.name, art.doc_id, art.system, i, s.start - seg.start,
                                             s.end - seg.start, f))
            index = {s.index: j for j, s in enumerate(doc.sentences)}
            for fd in res.findings:
                i = _seg_of(art, fd.start)
                s = doc.sentence_at(fd.start)
                if i is None:
                    continue
                seg = art.segments[i]
                out.findings.append(FindRow(art.name, art.doc_id, art.system, i, fd.start - seg.start,
                                            fd.end - seg.start, fd.rule, fd.source, int(fd.severity),
                                            finding_features(fd, feats[index[s.index]] if s else None)))
            if progress and (k + 1) % 100 == 0:
                print(f"  {k + 1}/{len(articles)} articles, {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    return out


def options_key(options: RunOptions) -> str:
    return hashlib.sha1(repr(sorted(vars(options).items())).encode()).hexdigest()[:10]


class _Unpickler(pickle.Unpickler):
    """Cache files written when this script ran as ``__main__`` load when it is imported too."""

    def find_class(self, module: str, name: str) -> Any:
        if module in ("__main__", "calibrate") and name in ("Extracted", "SentRow", "FindRow"):
            return globals()[name]
        return super().find_class(module, name)


def cached_extract(year: str, articles: Sequence[Article], options: RunOptions, tag: str,
                   refresh: bool = False) -> Extracted:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{year}-{tag}-{options_key(options)}-{len(articles)}.pkl"
    if path.exists() and not refresh:
        with open(path, "rb") as fh:
            return _Unpickler(fh).load()
    print(f"extracting {year} ({len(articles)} articles) -> {path.name}", file=sys.stderr)
    ex = extract(articles, options)
    with open(path, "wb") as fh:
        pickle.dump(ex, fh)
    return ex


# -- labels ---------------------------------------------------------------------------

def _overlaps(a: int, b: int, s: int, e: int) -> bool:
    """Same overlap test as mqm_eval (a zero-width finding counts as one character)."""
    return a < e and s < max(b, a + 1)


def sentence_label(seg: Segment, start: int, end: int, n_sentences: int) -> float | None:
    """Share of raters with a target-visible error of weight >= 1 in [start, end); None = unknown."""
    if not seg.raters:
        return None
    hit = set()
    for e in seg.visible_errors:
        if weight(e) < 1.0:
            continue
        if e.get("start") is None:
            if n_sentences > 1:
                return None
            hit.add(e["rater"])
        elif _overlaps(start, end, e["start"], e["end"]):
            hit.add(e["rater"])
    return len(hit) / len(seg.raters)


def finding_label(seg: Segment, start: int, end: int) -> float:
    """Share of raters whose marked target spans (any category) overlap the finding."""
    if not seg.raters:
        return 0.0
    hit = {e["rater"] for e in seg.errors
           if e.get("start") is not None and e.get("side", "target") == "target"
           and _overlaps(start, end, e["start"], e["end"])}
    return len(hit) / len(seg.raters)


def labelled(ex: Extracted, articles: Sequence[Article]) -> tuple[list[SentRow], np.ndarray, list[FindRow], np.ndarray]:
    by_name = {a.name: a for a in articles}
    counts: dict[tuple[str, int], int] = {}
    for r in ex.sentences:
        counts[(r.article, r.seg)] = counts.get((r.article, r.seg), 0) + 1
    srows, sy = [], []
    for r in ex.sentences:
        y = sentence_label(by_name[r.article].segments[r.seg], r.start, r.end, counts[(r.article, r.seg)])
        if y is not None:
            srows.append(r)
            sy.append(y)
    fy = [finding_label(by_name[r.article].segments[r.seg], r.start, r.end) for r in ex.findings]
    return srows, np.array(sy), list(ex.findings), np.array(fy)


# -- training and export ----------------------------------------------------------------

def feature_names(rows: Iterable[dict[str, float]], min_count: int = 30, drop: Iterable[str] = ()) -> list[str]:
    """Features present (non-zero) in at least ``min_count`` rows; rare rule families carry no signal."""
    counts: dict[str, int] = {}
    for r in rows:
        for k, v in r.items():
            if v:
                counts[k] = counts.get(k, 0) + 1
    drop = set(drop)
    return sorted(k for k, c in counts.items() if c >= min_count and k not in drop)


def matrix(rows: Sequence[dict[str, float]], names: Sequence[str]) -> np.ndarray:
    return np.array([[r.get(n, 0.0) for n in names] for r in rows], dtype=np.float32).reshape(len(rows), len(names))


@dataclass
class GBParams:
    n_estimators: int = 200
    max_depth: int = 3
    learning_rate: float = 0.05
    min_samples_leaf: int = 80
    subsample: float = 0.8


def fit_soft(X: np.ndarray, y: np.ndarray, params: GBParams, seed: int = 0) -> Any:
    """Log-loss boosting on soft labels: every row twice, weighted p (label 1) and 1-p (label 0)."""
    from sklearn.ensemble import GradientBoostingClassifier

    XX = np.vstack([X, X])
    yy = np.concatenate([np.ones(len(y)), np.zeros(len(y))])
    ww = np.concatenate([y, 1.0 - y])
    keep = ww > 0
    clf = GradientBoostingClassifier(n_estimators=params.n_estimators, max_depth=params.max_depth,
                                     learning_rate=params.learning_rate, min_samples_leaf=params.min_samples_leaf,
                                     subsample=params.subsample, random_state=seed)
    clf.fit(XX[keep], yy[keep], sample_weight=ww[keep])
    return clf


def export(clf: Any, names: Sequence[str], requires: Sequence[str], X_check: np.ndarray) -> dict[str, Any]:
    """scikit-learn trees -> the JSON layout of :class:`mtcheck.scoring.TreeEnsemble`, parity-checked."""
    from mtcheck.scoring import TreeEnsemble

    trees = []
    for est in clf.estimators_[:, 0]:
        t = est.tree_
        trees.append({
            "feature": [int(f) if l >= 0 else -1 for f, l in zip(t.feature, t.children_left)],
            "threshold": [float(np.float32(x)) for x in t.threshold],
            "left": [max(int(x), 0) for x in t.children_left],
            "right": [max(int(x), 0) for x in t.children_right],
            "value": [round(float(v), 7) for v in t.value[:, 0, 0]],
        })
    lr = float(clf.learning_rate)
    x0 = X_check[:1]
    init = float(clf.decision_function(x0)[0] - lr * sum(e.predict(x0)[0] for e in clf.estimators_[:, 0]))
    d = {"features": list(names), "init": init, "learning_rate": lr, "depth": int(clf.max_depth),
         "requires": list(requires), "trees": trees}
    ens = TreeEnsemble.from_json(d)
    ours = 1 / (1 + np.exp(-ens.log_odds(X_check)))
    theirs = clf.predict_proba(X_check)[:, 1]
    err = float(np.abs(ours - theirs).max()) if len(X_check) else 0.0
    if err > 1e-4:
        raise AssertionError(f"exported model disagrees with scikit-learn (max |dp| = {err:.2g})")
    return d


def oof_predict(rows: Sequence[dict[str, float]], y: np.ndarray, groups: Sequence[str], names: Sequence[str],
                params: GBParams, folds: int = 4) -> np.ndarray:
    """Out-of-fold predictions with folds split by document."""
    docs = sorted(set(groups))
    rng = np.random.default_rng(0)
    rng.shuffle(docs)
    fold_of = {d: i % folds for i, d in enumerate(docs)}
    fid = np.array([fold_of[g] for g in groups])
    X = matrix(rows, names)
    out = np.zeros(len(rows))
    for k in range(folds):
        tr, te = fid != k, fid == k
        clf = fit_soft(X[tr], y[tr], params)
        out[te] = clf.predict_proba(X[te])[:, 1]
    return out


def precision_threshold(conf: np.ndarray, y: np.ndarray, always: np.ndarray, target: float) -> float:
    """Lowest confidence threshold whose shown findings (plus the always-shown) reach ``target`` precision."""
    best = 1.0
    for t in np.unique(np.round(conf, 3))[::-1]:
        shown = (conf >= t) | always
        if shown.sum() >= 20 and y[shown].mean() >= target:
            best = float(t)
    return best


#: candidates for ``--tune`` (the signal is weak: shallow, short ensembles overfit least)
TUNE_GRID = (
    GBParams(n_estimators=100, max_depth=2),
    GBParams(n_estimators=200, max_depth=2),
    GBParams(n_estimators=300, max_depth=1, learning_rate=0.1),
    GBParams(n_estimators=200, max_depth=3),
)


def segment_tau(rows: Sequence[SentRow], pred: np.ndarray, articles: Sequence[Article],
                rater: int | None = None) -> float:
    """Kendall tau-b between each segment's highest sentence risk and its target-visible
    MQM score: averaged over the segment's raters, or only the ``rater``-th one (in
    sorted order; segments with fewer raters are left out)."""
    from scipy.stats import kendalltau

    by_name = {a.name: a for a in articles}
    seg: dict[tuple[str, int], float] = {}
    for r, p in zip(rows, pred):
        seg[(r.article, r.seg)] = max(seg.get((r.article, r.seg), -1.0), float(p))
    risks, scores = [], []
    for k in sorted(seg):
        s = by_name[k[0]].segments[k[1]]
        if rater is None:
            scores.append(s.visible_score())
        elif len(s.raters) > rater:
            scores.append(s.rater_scores()[sorted(s.raters)[rater]])
        else:
            continue
        risks.append(seg[k])
    return float(kendalltau(risks, scores).statistic)


def tune(train_ex: Extracted, train_articles: Sequence[Article], with_lm: bool) -> GBParams:
    """Pick the boosting parameters by out-of-fold segment tau on the training year
    (folds split by document), so the validation year stays unseen."""
    srows, sy, _, _ = labelled(train_ex, train_articles)
    feats = [r.feats for r in srows]
    names = feature_names(feats, drop=() if with_lm else LM_FEATURES)
    best, best_tau, best_oof = TUNE_GRID[0], -1.0, np.zeros(0)
    for params in TUNE_GRID:
        oof = oof_predict(feats, sy, [r.doc_id for r in srows], names, params)
        tau = segment_tau(srows, oof, train_articles)
        print(f"  tune: {vars(params)} -> out-of-fold segment tau {tau:.3f}", file=sys.stderr)
        if tau > best_tau:
            best, best_tau, best_oof = params, tau, oof
    # the same predictions against one rater at a time: what a validation year with
    # a single rater per segment (2021) can show at best for this model
    single = [segment_tau(srows, best_oof, train_articles, rater=i) for i in range(3)]
    print(f"  out-of-fold segment tau of {vars(best)}: {best_tau:.3f} against the mean of the raters, "
          f"{', '.join(f'{t:.3f}' for t in single)} against single raters", file=sys.stderr)
    return best


def train(train_ex: Extracted, train_articles: Sequence[Article], params: GBParams,
          target_precision: float, with_lm: bool) -> dict[str, Any]:
    srows, sy, frows, fy = labelled(train_ex, train_articles)
    sfeat = [r.feats for r in srows]
    ffeat = [r.feats for r in frows]
    variants: list[tuple[list[str], bool]] = []
    if with_lm:
        variants.append((["lm_slor"], True))
    variants.append(([], False))
    model: dict[str, Any] = {"format": MODEL_FORMAT, "sentence": [], "finding": []}
    for requires, lm in variants:
        drop = () if lm else LM_FEATURES
        names = feature_names(sfeat, drop=drop)
        clf = fit_soft(matrix(sfeat, names), sy, params)
        model["sentence"].append(export(clf, names, requires, matrix(sfeat[:2000], names)))
        fdrop = () if lm else tuple("s:" + n for n in LM_FEATURES) + ("f_surprisal",)
        fnames = feature_names(ffeat, min_count=20, drop=fdrop)
        fclf = fit_soft(matrix(ffeat, fnames), fy, params)
        model["finding"].append(export(fclf, fnames, ["s:" + r for r in requires], matrix(ffeat[:2000], fnames)))
        if lm == with_lm:  # threshold from the most capable variant, out of fold
            oof = oof_predict(ffeat, fy, [r.doc_id for r in frows], fnames, params)
            always = np.array([r.severity >= 3 for r in frows])
            model["min_confidence"] = precision_threshold(oof, fy, always, target_precision)
    model["info"] = {
        "trained_on": "WMT 2020 zh-en MQM (Freitag et al. 2021), all documents",
        "sentences": len(srows), "findings": len(frows),
        "sentence_label": "share of raters marking a target-visible error of weight >= 1 in the sentence",
        "finding_label": "share of raters whose target spans overlap the finding",
        "params": vars(params), "target_precision": target_precision,
        "backends": sorted(train_ex.backends),
    }
    return model


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--docs", type=int, default=0, help="only the first N documents of each year (0 = all)")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--refresh", action="store_true", help="re-extract features even if cached")
    ap.add_argument("--lm", default=None, help="fluency model (default: shipped; 'none' = off)")
    ap.add_argument("--grammar", default="harper", help="grammar backends for the features (default harper)")
    ap.add_argument("--target-precision", type=float, default=0.6)
    ap.add_argument("--trees", type=int, default=GBParams.n_estimators)
    ap.add_argument("--depth", type=int, default=GBParams.max_depth)
    ap.add_argument("--tune", action="store_true",
                    help="choose trees/depth by out-of-fold segment tau on 2020 (overrides --trees/--depth)")
    args = ap.parse_args(argv)
    grammar = [] if args.grammar == "none" else args.grammar.split(",")
    options = RunOptions(grammar=grammar, lm=args.lm)
    years = {}
    for year in ("2020", "2021"):
        path = args.shared / "data" / "mqm" / f"mqm_zhen_{year}.jsonl"
        if not path.exists():
            print(f"MQM data not found at {path}", file=sys.stderr)
            return 2
        arts = first_documents(build_articles(load_segments(path)), args.docs)
        years[year] = (arts, cached_extract(year, arts, options, f"{args.grammar}-{args.lm}", args.refresh))
    arts20, ex20 = years["2020"]
    with_lm = any("lm_slor" in r.feats for r in ex20.sentences[:50])
    params = tune(ex20, arts20, with_lm) if args.tune else GBParams(n_estimators=args.trees, max_depth=args.depth)
    model = train(ex20, arts20, params, args.target_precision, with_lm)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB): sentence variants "
          f"{[m['requires'] for m in model['sentence']]}, min_confidence {model['min_confidence']:.3f}")
    summarize(model, years["2021"])
    return 0


def summarize(model: dict[str, Any], validation: tuple[list[Article], Extracted]) -> None:
    """Quick sentence-level check on the validation year (the full figures come from mqm_eval.py)."""
    from mtcheck.scoring import TreeEnsemble

    arts, ex = validation
    srows, sy, frows, fy = labelled(ex, arts)
    for d in model["sentence"]:
        ens = TreeEnsemble.from_json(d)
        if not ens.applies([r.feats for r in srows]):
            continue
        p = ens.predict([r.feats for r in srows])
        from mqm_eval import kendall_tau_b

        print(f"2021 sentences (requires {d['requires']}): mean risk {p.mean():.3f}, label rate {sy.mean():.3f}, "
              f"Brier {np.mean((p - sy) ** 2):.4f}")
        seg_r: dict[tuple[str, int], float] = {}
        for r, pr in zip(srows, p):
            seg_r[(r.article, r.seg)] = max(seg_r.get((r.article, r.seg), 0.0), pr)
        by_name = {a.name: a for a in arts}
        keys = sorted(seg_r)
        tau = kendall_tau_b(np.array([seg_r[k] for k in keys]),
                            np.array([by_name[k[0]].segments[k[1]].visible_score() for k in keys]))
        print(f"  segment tau-b {tau:.3f} over {len(keys)} segments")


if __name__ == "__main__":
    raise SystemExit(main())
