"""load document -> sentences -> checkers -> findings -> scores.

One :class:`Pipeline` is built per run: rule packs load once, grammar servers
start once, the fluency model loads once, and every file reuses them.
"""

from __future__ import annotations

import datetime as _dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from mtcheck import __version__
from mtcheck.checkers import Checker
from mtcheck.document import Document
from mtcheck.loading import InputError, load_document
from mtcheck.model import CheckResult, Finding
from mtcheck.results import FileResult, RunResult
from mtcheck.rules.engine import RulesChecker
from mtcheck.rules.loader import RuleSet, load_rules
from mtcheck.scoring import Scorer
from mtcheck.selection import Selector
from mtcheck.suppressions import apply_suppressions

STDIN = "-"


@dataclass
class RunOptions:
    rule_dirs: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    #: grammar backends to run: "harper", "languagetool"; empty list = none
    grammar: list[str] = field(default_factory=lambda: ["harper"])
    languagetool_url: str | None = None
    languagetool_path: str | None = None
    language: str = "en"
    picky: bool = False
    disabled_lt_rules: list[str] = field(default_factory=list)
    disabled_lt_categories: list[str] = field(default_factory=list)
    accept_words: list[str] = field(default_factory=list)
    #: fluency model: None = the shipped model, "none" = off, else HF id/dir
    lm: str | None = None
    format: str | None = None
    max_bytes: int = 20_000_000


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Merge findings of different stages that point at the same span with the
    same fix: the rules finding wins (it carries our message), others are noted."""
    findings.sort(key=lambda f: (f.start, f.end, {"rules": 0, "grammar": 1, "fluency": 2}[f.source], -int(f.severity)))
    out: list[Finding] = []
    index: dict[tuple[int, int, str], Finding] = {}
    for f in findings:
        key = (f.start, f.end, f.fix.replacement if f.fix else (f.suggestions[0] if f.suggestions else ""))
        prev = index.get(key)
        if prev is not None and prev.source != f.source:
            prev.meta.setdefault("also", []).append(f.rule)
            continue
        if prev is not None and prev.rule == f.rule:
            continue
        index[key] = f
        out.append(f)
    return out


class _Stage:
    """One group of checkers (rules, grammar backends, fluency model), built on
    first use under a lock so that a stage can be built and run on a worker
    thread while the other stages build and run beside it."""

    def __init__(self, build: Callable[[], list[Checker]]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._checkers: list[Checker] | None = None

    @property
    def built(self) -> list[Checker] | None:
        return self._checkers

    def checkers(self) -> list[Checker]:
        with self._lock:
            if self._checkers is None:
                self._checkers = self._build()
            return self._checkers

    def run(self, doc: Document) -> list[tuple[Checker, CheckResult | Exception]]:
        out: list[tuple[Checker, CheckResult | Exception]] = []
        for checker in self.checkers():
            try:
                out.append((checker, checker.check(doc)))
            except Exception as e:  # keep going with the other stages
                out.append((checker, e))
        return out


class Pipeline:
    """Runs the stages on documents.

    The stages run side by side on threads: Harper and onnxruntime release
    the GIL while they work, so on two cores a check takes about as long as
    its slowest stage instead of the sum, and on the first document the
    Harper dictionary and the model load while the rules load and run. Each
    stage's results are merged in a fixed order, so findings do not depend on
    timing.

    Each worker stage keeps one thread of its own for the whole run: Harper's
    linter must not be used from two threads at once, and its spell checker
    builds per-thread tables on the first long unknown word (0.9 s), which a
    shared pool would pay again on every thread the stage happened to land on.
    """

    def __init__(self, options: RunOptions | None = None, ruleset: RuleSet | None = None) -> None:
        self.options = options or RunOptions()
        self.selector = Selector.from_options(self.options.select, self.options.ignore)
        self._ruleset = ruleset
        self.scorer = Scorer()
        self.warnings: list[str] = []
        self.backends: dict[str, dict] = {}
        self._stages = [
            _Stage(lambda: [RulesChecker(self.ruleset, self.selector)]),
            _Stage(self._grammar_checkers),
            _Stage(self._fluency_checkers),
        ]
        self._pools: list[ThreadPoolExecutor] | None = None

    @property
    def ruleset(self) -> RuleSet:
        """Loaded on first use (a run whose files all come from the cache loads no
        rules). Only the calling thread touches it: the rules stage, the first of
        ``_stages``, always runs there."""
        if self._ruleset is None:
            self._ruleset = load_rules(self.options.rule_dirs)
        return self._ruleset

    @property
    def checkers(self) -> list[Checker]:
        """All checkers, built (in parallel) on first use."""
        futures = [pool.submit(stage.checkers) for pool, stage in zip(self._executors(), self._stages[1:])]
        first = self._stages[0].checkers()
        return first + [c for fut in futures for c in fut.result()]

    def _executors(self) -> list[ThreadPoolExecutor]:
        """One single-thread executor per worker stage (all stages but the first)."""
        if self._pools is None:
            self._pools = [ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"mtcheck-stage{i}")
                           for i in range(1, len(self._stages))]
        return self._pools

    # -- construction (on worker threads: they return what they made and record
    # failures; list.append and dict item assignment are atomic) ------------------
    def _grammar_checkers(self) -> list[Checker]:
        o = self.options
        if not o.grammar:
            return []
        try:
            from mtcheck.checkers.grammar import make_grammar_checkers

            return list(make_grammar_checkers(
                o.grammar, languagetool_url=o.languagetool_url, language=o.language, picky=o.picky,
                disabled_rules=o.disabled_lt_rules, disabled_categories=o.disabled_lt_categories,
                accept_words=o.accept_words, languagetool_path=o.languagetool_path,
            ))
        except Exception as e:  # a broken backend must not stop the other stages
            msg = f"grammar stage unavailable: {e}"
            self.warnings.append(msg)
            self.backends["grammar"] = {"ran": False, "error": str(e)}
            return []

    def _fluency_checkers(self) -> list[Checker]:
        lm = self.options.lm
        if lm is not None and lm.lower() == "none":
            return []
        try:
            from mtcheck.checkers.fluency import FluencyChecker

            return [FluencyChecker(lm)]
        except Exception as e:
            self.warnings.append(f"fluency model unavailable: {e}")
            self.backends["lm"] = {"ran": False, "error": str(e)}
            return []

    # -- checking -------------------------------------------------------------------
    def check_document(self, doc: Document) -> FileResult:
        t0 = time.perf_counter()
        futures = [pool.submit(stage.run, doc) for pool, stage in zip(self._executors(), self._stages[1:])]
        outcomes = self._stages[0].run(doc)
        for fut in futures:
            outcomes.extend(fut.result())
        res = FileResult(path=doc.path, document=doc, backends=dict(self.backends))
        if not doc.sentences:
            res.warnings.append("no prose to check (empty file or only code/markup)")
        findings: list[Finding] = []
        sentence_scores: dict[int, dict[str, float]] = {}
        for checker, cr in outcomes:
            if isinstance(cr, Exception):
                res.warnings.append(f"{checker.name}: {cr}")
                res.backends[checker.name] = {"ran": False, "error": str(cr)}
                continue
            findings.extend(f for f in cr.findings if self.selector.enabled(f.rule))
            for idx, scores in cr.sentence_scores.items():
                sentence_scores.setdefault(idx, {}).update(scores)
            res.backends.update(cr.backends)
            res.warnings.extend(cr.warnings)
        sup = apply_suppressions(doc, _dedupe(findings))
        res.findings = sup.kept + [f for f in sup.problems if self.selector.enabled(f.rule)]
        res.findings.sort(key=Finding.sort_key)
        res.sentences = self.scorer.sentence_results(doc, res.findings, sentence_scores)
        res.score = self.scorer.article_score(res.sentences)
        res.seconds = time.perf_counter() - t0
        return res

    def check_path(self, path: str, data: bytes | None = None) -> FileResult:
        shown = "<stdin>" if path == STDIN else path
        try:
            doc = load_document(shown if data is not None else path, data=data, format=self.options.format,
                                max_bytes=self.options.max_bytes)
        except InputError as e:
            return FileResult(path=shown, document=None, error=str(e))
        return self.check_document(doc)

    def meta(self) -> dict:
        return {
            "mtcheck": __version__,
            "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "rule_packs": sorted({Path(f).name for f in self.ruleset.files}),
            "rules": len(self.ruleset.rules),
            "checkers": [c.name for st in self._stages for c in (st.built or [])],
            "warnings": sorted(self.warnings),  # stages are built on threads: fixed order
        }

    def close(self) -> None:
        for stage in self._stages:
            for c in stage.built or []:
                try:
                    c.close()
                except Exception:
                    pass
        for pool in self._pools or []:
            pool.shutdown(wait=True)
        self._pools = None

    def __enter__(self) -> "Pipeline":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_paths(
    paths: Iterable[str],
    options: RunOptions | None = None,
    progress: Callable[[str], None] | None = None,
    stdin: bytes | None = None,
) -> RunResult:
    """Check files (``-`` reads ``stdin``) with one pipeline; never raises for bad input files."""
    t0 = time.perf_counter()
    with Pipeline(options) as pipe:
        files = []
        for p in paths:
            files.append(pipe.check_path(p, data=stdin if p == STDIN else None))
            if progress:
                progress(p)
        meta = pipe.meta()
    meta["seconds"] = round(time.perf_counter() - t0, 3)
    return RunResult(files=files, meta=meta)

