"""load document -> sentences -> checkers -> findings -> scores.

One :class:`Pipeline` is built per run: rule packs load once, grammar servers
start once, the fluency model loads once, and every file reuses them.
"""

from __future__ import annotations

import datetime as _dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from mtcheck import __version__
from mtcheck.checkers import Checker
from mtcheck.document import Document
from mtcheck.loading import InputError, load_document
from mtcheck.model import Finding
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
    language: str = "en-US"
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


class Pipeline:
    def __init__(self, options: RunOptions | None = None, ruleset: RuleSet | None = None) -> None:
        self.options = options or RunOptions()
        self.selector = Selector.from_options(self.options.select, self.options.ignore)
        self.ruleset = ruleset if ruleset is not None else load_rules(self.options.rule_dirs)
        self.scorer = Scorer()
        self.warnings: list[str] = []
        self.backends: dict[str, dict] = {}
        self._checkers: list[Checker] | None = None

    @property
    def checkers(self) -> list[Checker]:
        """Built on first use: a run whose files all come from the cache loads no model."""
        if self._checkers is None:
            checkers: list[Checker] = [RulesChecker(self.ruleset, self.selector)]
            checkers.extend(self._grammar_checkers())
            checkers.extend(self._fluency_checkers())
            self._checkers = checkers
        return self._checkers

    # -- construction ---------------------------------------------------------------
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
        res = FileResult(path=doc.path, document=doc, backends=dict(self.backends))
        if not doc.sentences:
            res.warnings.append("no prose to check (empty file or only code/markup)")
        findings: list[Finding] = []
        sentence_scores: dict[int, dict[str, float]] = {}
        for checker in self.checkers:
            try:
                cr = checker.check(doc)
            except Exception as e:  # keep going with the other stages
                res.warnings.append(f"{checker.name}: {e}")
                res.backends[checker.name] = {"ran": False, "error": str(e)}
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
            "checkers": [c.name for c in self._checkers] if self._checkers is not None else [],
            "warnings": list(self.warnings),
        }

    def close(self) -> None:
        for c in self._checkers or []:
            try:
                c.close()
            except Exception:
                pass

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

