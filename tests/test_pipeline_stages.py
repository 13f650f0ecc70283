"""The pipeline's stages run side by side on threads: results must not depend on
timing, a failing stage must not take the others down, and a broken rule file
must still stop the run."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from mtcheck.loading import load_document
from mtcheck.model import CheckResult
from mtcheck.pipeline import Pipeline, RunOptions
from mtcheck.rules.loader import RuleError

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "corpus" / "auto-chip-partnership.txt"


def _doc():
    return load_document(str(ARTICLE), data=ARTICLE.read_bytes())


def _summary(res) -> str:
    data = res.to_json()
    data.pop("seconds", None)
    return json.dumps(data, sort_keys=True)


def test_stages_run_on_worker_threads_and_results_are_stable():
    with Pipeline(RunOptions()) as pipe:
        first = pipe.check_document(_doc())
        threads = {t.name for t in threading.enumerate()}
        again = [pipe.check_document(_doc()) for _ in range(3)]
        names = [c.name for c in pipe.checkers]
    assert names == ["rules", "harper", "lm"]  # fixed order, whatever finished first
    assert any(n.startswith("mtcheck-stage") for n in threads)
    assert {f.source for f in first.findings} == {"rules", "grammar", "fluency"}
    assert all(_summary(r) == _summary(first) for r in again)
    with Pipeline(RunOptions()) as other:
        assert _summary(other.check_document(_doc())) == _summary(first)


class _Broken:
    source = "grammar"
    name = "broken"

    def check(self, doc):  # noqa: ARG002
        raise RuntimeError("backend fell over")

    def close(self) -> None:
        pass


class _Fine(_Broken):
    name = "fine"

    def check(self, doc):  # noqa: ARG002
        return CheckResult(backends={"fine": {"ran": True}})


def test_a_failing_stage_becomes_a_warning_and_the_others_still_report(monkeypatch):
    monkeypatch.setattr(Pipeline, "_grammar_checkers", lambda self: [_Broken(), _Fine()])
    with Pipeline(RunOptions(lm="none")) as pipe:
        res = pipe.check_document(_doc())
    assert res.backends["broken"] == {"ran": False, "error": "backend fell over"}
    assert res.backends["fine"]["ran"] is True
    assert any("broken: backend fell over" in w for w in res.warnings)
    assert any(f.source == "rules" for f in res.findings)


def test_a_broken_rule_file_still_stops_the_run(tmp_path: Path):
    (tmp_path / "bad.yaml").write_text("rules:\n  - id: X.Y\n    kind: nonsense\n", encoding="utf-8")
    with Pipeline(RunOptions(rule_dirs=[str(tmp_path)], grammar=[], lm="none")) as pipe:
        with pytest.raises(RuleError):
            pipe.check_document(_doc())


class _ThreadRecorder(_Broken):
    name = "recorder"

    def __init__(self) -> None:
        self.threads: set[str] = set()

    def check(self, doc):  # noqa: ARG002
        self.threads.add(threading.current_thread().name)
        return CheckResult()


def test_each_stage_keeps_one_thread_across_documents(monkeypatch):
    """Harper's linter is not thread-safe and builds per-thread spelling tables:
    a stage must not wander between threads from one document to the next."""
    grammar, fluency = _ThreadRecorder(), _ThreadRecorder()
    monkeypatch.setattr(Pipeline, "_grammar_checkers", lambda self: [grammar])
    monkeypatch.setattr(Pipeline, "_fluency_checkers", lambda self: [fluency])
    with Pipeline(RunOptions()) as pipe:
        for _ in range(6):
            pipe.check_document(_doc())
    assert len(grammar.threads) == 1 and len(fluency.threads) == 1
    assert grammar.threads != fluency.threads
    assert all(t.startswith("mtcheck-stage") for t in grammar.threads | fluency.threads)
