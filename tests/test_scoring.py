"""The risk scorer: feature extraction, numpy tree evaluation, the shipped model and the baseline fallback."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from mtcheck.loading import load_document
from mtcheck.model import Finding, Severity
from mtcheck.scoring import (
    MODEL_PATH,
    RiskModel,
    Scorer,
    TreeEnsemble,
    load_shipped_model,
    rule_family,
    sentence_features,
    shown_findings,
)

ROOT = Path(__file__).resolve().parents[1]
CLEAN = "The company opened a new plant in Ohio on Monday."
BROKEN = "Under the witness of leaders, the two sides joined hands ， creating a new situation of win-win cooperation"


def doc_of(text: str):
    return load_document("t.txt", data=text.encode("utf-8"), format="text")


def finding(rule: str, start: int, end: int, severity: Severity = Severity.WARNING, source: str = "rules") -> Finding:
    return Finding(rule=rule, source=source, severity=severity, message="m", start=start, end=end)


# -- features ---------------------------------------------------------------------------

def test_rule_family_groups_rules():
    assert rule_family("MT.Terms.JoinHands") == "MT.Terms"
    assert rule_family("HARPER.SpellCheck") == "HARPER.SpellCheck"
    assert rule_family("LT.MORFOLOGIK_RULE_EN_US") == "LT"


def test_sentence_features_count_findings_text_and_lm_scores():
    text = CLEAN + "\n\n" + BROKEN + "\n"
    doc = doc_of(text)
    assert len(doc.sentences) == 2
    b = doc.sentences[1].start
    fs = [finding("MT.Terms.JoinHands", b + 40, b + 50), finding("HARPER.Spaces", b + 51, b + 53, source="grammar")]
    feats = sentence_features(doc, fs, {1: {"fluency": -1.5, "max_surprisal": 20.0, "mean_surprisal": 8.0}})
    assert feats[0]["words"] == 10 and feats[0]["n_rules"] == 0 and "lm_slor" not in feats[0]
    assert feats[1]["fam:MT.Terms"] == 1 and feats[1]["fam:HARPER.Spaces"] == 1
    assert feats[1]["n_rules"] == 1 and feats[1]["n_grammar"] == 1 and feats[1]["n_warning"] == 2
    assert feats[1]["fullwidth_punct"] == 1 and feats[1]["no_end_punct"] == 1
    assert feats[1]["lm_slor"] == -1.5 and feats[1]["lm_peak_gap"] == 12.0


# -- the numpy tree ensemble ------------------------------------------------------------

def tiny_model() -> dict:
    # one stump on "words" (<= 10 -> -1, else +1) and one on "n_rules" (<= 0.5 -> 0, else +2)
    return {"features": ["words", "n_rules"], "init": 0.5, "learning_rate": 0.5, "depth": 1, "requires": [],
            "trees": [
                {"feature": [0, -1, -1], "threshold": [10.0, 0, 0], "left": [1, 0, 0], "right": [2, 0, 0],
                 "value": [0, -1.0, 1.0]},
                {"feature": [1, -1, -1], "threshold": [0.5, 0, 0], "left": [1, 0, 0], "right": [2, 0, 0],
                 "value": [0, 0.0, 2.0]},
            ]}


def test_tree_ensemble_follows_splits():
    ens = TreeEnsemble.from_json(tiny_model())
    rows = [{"words": 5}, {"words": 10, "n_rules": 1}, {"words": 30}, {"words": 30, "n_rules": 2}]
    logit = ens.log_odds(ens.matrix(rows))
    assert np.allclose(logit, [0.0, 1.0, 1.0, 2.0])
    assert np.allclose(ens.predict(rows), 1 / (1 + np.exp(-logit)))


def test_variant_requires_its_features():
    d = tiny_model()
    d["requires"] = ["lm_slor"]
    with_lm = TreeEnsemble.from_json(d)
    without = TreeEnsemble.from_json(tiny_model())
    assert RiskModel.pick([with_lm, without], [{"words": 3}]) is without
    assert RiskModel.pick([with_lm, without], [{"words": 3, "lm_slor": 1.0}]) is with_lm


def test_export_matches_scikit_learn():
    pytest.importorskip("sklearn")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from calibrate import GBParams, export, fit_soft

    rng = np.random.default_rng(1)
    X = rng.normal(size=(400, 3)).astype(np.float32)
    y = 1 / (1 + np.exp(-(X[:, 0] - 0.5 * X[:, 2])))  # soft labels
    clf = fit_soft(X, y, GBParams(n_estimators=20, min_samples_leaf=10))
    d = export(clf, ["a", "b", "c"], [], X)  # raises if numpy and scikit-learn disagree
    ens = TreeEnsemble.from_json(json.loads(json.dumps(d)))
    p = ens.predict([dict(zip("abc", map(float, x))) for x in X])
    assert np.abs(p - clf.predict_proba(X)[:, 1]).max() < 1e-4
    assert np.corrcoef(p, y)[0, 1] > 0.8  # it learned the soft labels


# -- scorer -----------------------------------------------------------------------------

def test_baseline_when_model_missing(monkeypatch, tmp_path):
    monkeypatch.setattr("mtcheck.scoring.MODEL_PATH", tmp_path / "absent.json")
    assert load_shipped_model() is None
    doc = doc_of(CLEAN + "\n\n" + BROKEN + "\n")
    b = doc.sentences[1].start
    scorer = Scorer(model=None)
    res = scorer.sentence_results(doc, [finding("MT.Terms.X", b, b + 5, Severity.ERROR)], {})
    assert res[0].risk == 0.0
    assert res[1].risk == pytest.approx(0.75)
    assert 0 < scorer.article_score(res) < 100


def test_shown_findings_view():
    lo = finding("LM.Surprisal", 0, 3, Severity.SUGGESTION, source="fluency")
    lo.meta["confidence"] = 0.1
    hi = finding("MT.Terms.X", 0, 3)
    hi.meta["confidence"] = 0.9
    err = finding("MT.Script.Cjk", 0, 3, Severity.ERROR)
    err.meta["confidence"] = 0.05
    unknown = finding("MT.Other", 0, 3)
    assert shown_findings([lo, hi, err, unknown], 0.5) == [hi, err, unknown]
    assert shown_findings([lo, hi, err, unknown], None) == [lo, hi, err, unknown]


needs_model = pytest.mark.skipif(not MODEL_PATH.exists(), reason="no shipped risk model (run benchmarks/calibrate.py)")


@needs_model
def test_shipped_model_scores_real_text():
    model = load_shipped_model()
    assert model is not None and model.sentence and model.finding
    assert 0.0 < model.min_confidence < 1.0
    from mtcheck.pipeline import Pipeline, RunOptions

    text = (ROOT / ".." / "shared" / "examples" / "gac-saic-cooperation.txt")
    body = text.read_text(encoding="utf-8") if text.exists() else BROKEN + "\n"
    with Pipeline(RunOptions(grammar=[], lm="none")) as pipe:
        mt = pipe.check_document(doc_of(body))
        clean = pipe.check_document(doc_of(CLEAN + "\n"))
    assert all(0.0 <= s.risk <= 1.0 for s in mt.sentences)
    assert max(s.risk for s in mt.sentences) > clean.sentences[0].risk
    assert mt.score < clean.score
    # every finding got a confidence from the same model
    assert mt.findings and all(0.0 <= f.meta["confidence"] <= 1.0 for f in mt.findings)


@needs_model
def test_model_file_is_small_json():
    assert MODEL_PATH.stat().st_size < 1_000_000
    d = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert d["format"] == 1 and d["info"]["trained_on"].startswith("WMT 2020")
