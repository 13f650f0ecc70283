"""A whole run: configuration per file, one pipeline per configuration, cache, parallel jobs.

The CLI and the report command both go through :class:`Runner`, so a file is
checked the same way (same config, same suppressions, same cache) whichever
command an editor runs.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import json
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Sequence

from mtcheck import __version__
from mtcheck.cache import ResultCache, default_cache_dir, fingerprint_files, restore_result
from mtcheck.config import Config, find_config, load_config_file
from mtcheck.loading import InputError, load_document
from mtcheck.model import Finding, Severity
from mtcheck.pipeline import STDIN, Pipeline, RunOptions
from mtcheck.results import FileResult, RunResult
from mtcheck.rules.loader import builtin_rules_dir
from mtcheck.selection import Selector


@dataclass
class Overrides:
    """Settings given on the command line; ``None`` means "not given, use the config"."""

    select: list[str] | None = None
    ignore: list[str] | None = None
    rule_dirs: list[str] = field(default_factory=list)
    grammar: list[str] | None = None
    languagetool_url: str | None = None
    languagetool_path: str | None = None
    lt_disabled_rules: list[str] = field(default_factory=list)
    lt_disabled_categories: list[str] = field(default_factory=list)
    language: str | None = None
    picky: bool | None = None
    lm: str | None = None
    format: str | None = None
    fail_on: Severity | None = None
    min_severity: Severity | None = None
    min_confidence: float | None = None
    accept: list[str] = field(default_factory=list)


def _read_vocab(files: Sequence[str]) -> list[str]:
    words: list[str] = []
    for f in files:
        for line in Path(f).read_text(encoding="utf-8").splitlines():
            w = line.split("#", 1)[0].strip()
            if w:
                words.append(w)
    return words


def options_for(cfg: Config, o: Overrides) -> RunOptions:
    return RunOptions(
        rule_dirs=[*cfg.rules, *o.rule_dirs],
        select=o.select if o.select is not None else list(cfg.select),
        ignore=o.ignore if o.ignore is not None else list(cfg.ignore),
        grammar=o.grammar if o.grammar is not None else (cfg.grammar if cfg.grammar is not None else ["harper"]),
        languagetool_url=o.languagetool_url or cfg.languagetool_url,
        languagetool_path=o.languagetool_path or cfg.languagetool_path,
        disabled_lt_rules=[*cfg.lt_disabled_rules, *o.lt_disabled_rules],
        disabled_lt_categories=[*cfg.lt_disabled_categories, *o.lt_disabled_categories],
        language=o.language or cfg.language or "en",
        picky=o.picky if o.picky is not None else bool(cfg.picky),
        lm=o.lm if o.lm is not None else cfg.lm,
        format=o.format,
        accept_words=[*cfg.accept, *_read_vocab(cfg.vocab), *o.accept],
    )


def _model_fingerprint(lm: str | None) -> str:
    if lm is not None and lm.lower() == "none":
        return "none"
    if lm is not None:
        p = Path(lm)
        return f"{lm}:{fingerprint_files(sorted(p.glob('*.json'))) if p.is_dir() else ''}"
    shipped = Path(__file__).resolve().parent / "data" / "lm"
    parts = [f"{f.name}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in sorted(shipped.glob("*")) if f.is_file()]
    return "shipped:" + ",".join(parts)


def _code_fingerprint() -> str:
    """Sizes and mtimes of mtcheck's own modules: a code change (structural checks,
    word lists, scoring) must invalidate cached results even within one version."""
    pkg = Path(__file__).resolve().parent
    parts = [f"{f.relative_to(pkg)}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in sorted(pkg.rglob("*.py"))]
    return ",".join(parts)


def _backend_versions() -> str:
    out = []
    for dist in ("harper-py", "language-tool-python", "onnxruntime"):
        try:
            out.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            out.append(f"{dist}=-")
    return ",".join(out)


# Worker-process state for --jobs: one pipeline per options fingerprint.
_WORKER_PIPELINES: dict[str, Pipeline] = {}


def _worker_check(args: tuple[str, str, bytes | None]) -> FileResult:
    opts_json, path, data = args
    pipe = _WORKER_PIPELINES.get(opts_json)
    if pipe is None:
        pipe = _WORKER_PIPELINES[opts_json] = Pipeline(RunOptions(**json.loads(opts_json)))
    return pipe.check_path(path, data=data)


class Runner:
    def __init__(
        self,
        overrides: Overrides | None = None,
        config_file: str | None = None,
        use_cache: bool = True,
        cache_dir: str | None = None,
        jobs: int = 1,
    ) -> None:
        self.overrides = overrides or Overrides()
        self.fixed_config = load_config_file(Path(config_file)) if config_file else None
        if config_file and self.fixed_config is None:
            self.fixed_config = Config(path=Path(config_file))
        self.use_cache = use_cache
        self.cache_dir = cache_dir
        self.jobs = max(1, jobs)
        self._configs: dict[Path, Config] = {}
        self._pipelines: dict[str, Pipeline] = {}
        self._caches: dict[str, ResultCache] = {}
        # id(config) -> (options, JSON key); configs live in self._configs for the run
        self._options_memo: dict[int, tuple[RunOptions, str]] = {}
        self.warnings: list[str] = []

    # -- configuration --------------------------------------------------------------
    def config_for(self, path: str) -> Config:
        if self.fixed_config is not None:
            return self.fixed_config
        start = Path.cwd() if path == STDIN else Path(path).resolve().parent
        if start not in self._configs:
            self._configs[start] = find_config(start)
        return self._configs[start]

    def _options(self, cfg: Config) -> tuple[RunOptions, str]:
        """The run options for a configuration and their JSON key, built once per
        configuration (vocabulary files are read here, not once per file)."""
        key = id(cfg)
        if key not in self._options_memo:
            opts = options_for(cfg, self.overrides)
            self._options_memo[key] = (opts, json.dumps(dataclasses.asdict(opts), sort_keys=True))
        return self._options_memo[key]

    def options_json(self, cfg: Config) -> str:
        return self._options(cfg)[1]

    def pipeline_for(self, cfg: Config) -> Pipeline:
        opts, key = self._options(cfg)
        if key not in self._pipelines:
            self._pipelines[key] = Pipeline(opts)
        return self._pipelines[key]

    def cache_for(self, cfg: Config) -> ResultCache:
        opts, key = self._options(cfg)
        if key not in self._caches:
            rule_files = [*builtin_rules_dir().glob("*.y*ml")]
            for d in opts.rule_dirs:
                p = Path(d)
                rule_files.extend(p.glob("*.y*ml") if p.is_dir() else [p])
            salt = "|".join([key, fingerprint_files(rule_files), _code_fingerprint(), _model_fingerprint(opts.lm),
                             _backend_versions()])
            directory = Path(self.cache_dir) if self.cache_dir else default_cache_dir(cfg.root)
            self._caches[key] = ResultCache(directory, salt)
        return self._caches[key]

    def fail_on(self, cfg: Config) -> Severity:
        return self.overrides.fail_on or cfg.fail_on

    def min_severity(self, cfg: Config) -> Severity:
        return self.overrides.min_severity or cfg.min_severity

    def min_confidence(self, cfg: Config) -> float | None:
        """The confidence view's threshold: the option, the configuration, else the
        shipped risk model's own (None when no model ships: every finding is shown)."""
        if self.overrides.min_confidence is not None:
            return self.overrides.min_confidence
        if cfg.min_confidence is not None:
            return cfg.min_confidence
        return self._model_min_confidence

    @functools.cached_property
    def _model_min_confidence(self) -> float | None:
        """Read once, and only when no option or configuration sets the threshold."""
        from mtcheck.scoring import model_min_confidence

        return model_min_confidence()

    def confident_findings(self, fr: FileResult) -> list[Finding]:
        """The findings of ``fr`` that the confidence view of its configuration keeps:
        what is shown, can fail the run and gets fixed."""
        from mtcheck.scoring import shown_findings

        cfg = self.config_for(STDIN if fr.path == "<stdin>" else fr.path)
        return shown_findings(fr.findings, self.min_confidence(cfg))

    # -- running --------------------------------------------------------------------
    def run(self, paths: Sequence[str], stdin: bytes | None = None,
            progress: Callable[[str], None] | None = None) -> RunResult:
        t0 = time.perf_counter()
        results: list[FileResult | None] = [None] * len(paths)
        misses: list[tuple[int, Config, str, bytes | None, str | None]] = []
        for i, path in enumerate(paths):
            cfg = self.config_for(path)
            data = stdin if path == STDIN else None
            if data is None:
                try:
                    data = Path(path).read_bytes() if Path(path).is_file() else None
                except OSError:
                    data = None  # load_document reports why, in its own words
            key = None
            if self.use_cache and data is not None and path != STDIN:
                cache = self.cache_for(cfg)
                key = cache.key(data, path)
                hit = cache.get(key)
                if hit is not None:
                    results[i] = self._from_cache(path, data, hit)
                    if progress:
                        progress(path)
                    continue
            misses.append((i, cfg, path, data, key))
        if self.jobs > 1 and len(misses) > 1:
            work = [(self.options_json(cfg), p, d) for _, cfg, p, d, _ in misses]
            # spawn, not fork: a pipeline's stage threads (and the locks that
            # Harper and onnxruntime hold in them) must not be copied mid-use
            with ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
                for (i, cfg, path, data, key), fr in zip(misses, pool.map(_worker_check, work)):
                    results[i] = self._finish(fr, cfg, key)
                    if progress:
                        progress(path)
        else:
            for i, cfg, path, data, key in misses:
                pipe = self.pipeline_for(cfg)
                if path == STDIN:
                    fr = pipe.check_path(STDIN, data=data or b"")
                elif data is not None:
                    fr = pipe.check_path(path, data=data)
                else:
                    fr = pipe.check_path(path)
                results[i] = self._finish(fr, cfg, key)
                if progress:
                    progress(path)
        done = [r for r in results if r is not None]
        for fr, path in zip(done, paths):
            self._per_file_ignores(fr, self.config_for(path))
        return RunResult(files=done, meta=self.meta(time.perf_counter() - t0))

    def _finish(self, fr: FileResult, cfg: Config, key: str | None) -> FileResult:
        if key is not None and fr.error is None:
            self.cache_for(cfg).put(key, fr)
        return fr

    def _from_cache(self, path: str, data: bytes, entry: dict[str, Any]) -> FileResult:
        try:
            doc = load_document(path, data=data, format=self.overrides.format)
        except InputError as e:
            return FileResult(path=path, document=None, error=str(e))
        return restore_result(FileResult(path=path, document=doc), entry)

    def _per_file_ignores(self, fr: FileResult, cfg: Config) -> None:
        prefixes = cfg.ignores_for(fr.path) if cfg.path else []
        if prefixes:
            sel = Selector(select=[], ignore=prefixes)
            fr.findings = [f for f in fr.findings if sel.enabled(f.rule)]

    def meta(self, seconds: float) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "mtcheck": __version__,
            "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "seconds": round(seconds, 3),
        }
        for pipe in self._pipelines.values():
            m = pipe.meta()
            meta.setdefault("rule_packs", m["rule_packs"])
            meta.setdefault("rules", m["rules"])
            meta["checkers"] = sorted(set(meta.get("checkers", [])) | set(m["checkers"]))
            meta.setdefault("warnings", [])
            meta["warnings"].extend(w for w in pipe.warnings if w not in meta["warnings"])
        return meta

    def close(self) -> None:
        for p in self._pipelines.values():
            p.close()

    def __enter__(self) -> "Runner":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
