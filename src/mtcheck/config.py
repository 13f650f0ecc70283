"""Project configuration: ``[tool.mtcheck]`` in ``pyproject.toml`` or a ``.mtcheck.toml``.

The configuration that applies to a file is the nearest one found walking up
from the file's directory (``.mtcheck.toml`` wins over ``pyproject.toml`` in
the same directory; a ``pyproject.toml`` without ``[tool.mtcheck]`` is
skipped). Paths inside a configuration are relative to its directory. Unknown
keys and bad values are errors naming the file and the key, so a typo never
silently disables a check.
"""

from __future__ import annotations

import fnmatch
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtcheck.model import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


class ConfigError(Exception):
    """``str()`` is ``file: key: reason``."""

    def __init__(self, file: str, key: str | None, reason: str) -> None:
        self.file, self.key, self.reason = file, key, reason
        super().__init__(f"{file}: {key}: {reason}" if key else f"{file}: {reason}")


@dataclass
class Config:
    """Settings from one configuration file (or the defaults when there is none)."""

    path: Path | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    fail_on: Severity = Severity.ERROR
    min_severity: Severity = Severity.SUGGESTION
    #: hide findings whose calibrated confidence is below this; None = the risk model's own threshold
    min_confidence: float | None = None
    rules: list[str] = field(default_factory=list)
    vocab: list[str] = field(default_factory=list)
    accept: list[str] = field(default_factory=list)
    grammar: list[str] | None = None
    languagetool_url: str | None = None
    languagetool_path: str | None = None
    lt_disabled_rules: list[str] = field(default_factory=list)
    lt_disabled_categories: list[str] = field(default_factory=list)
    language: str | None = None
    picky: bool | None = None
    lm: str | None = None
    score_threshold: float | None = None
    exclude: list[str] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def ignores_for(self, file: str | Path) -> list[str]:
        """Rule prefixes ignored for ``file`` by ``per-file-ignores`` globs."""
        rel = _relative(Path(file), self.root)
        out: list[str] = []
        for pattern, prefixes in self.per_file_ignores.items():
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(Path(rel).name, pattern):
                out.extend(prefixes)
        return out

    def excluded(self, file: str | Path) -> bool:
        rel = _relative(Path(file), self.root)
        return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(Path(rel).name, p) for p in self.exclude)


def _relative(p: Path, root: Path) -> str:
    try:
        return p.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return p.as_posix()


def _str_list(file: str, key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ConfigError(file, key, "must be a string or a list of strings")


def _severity(file: str, key: str, value: Any) -> Severity:
    try:
        return Severity.parse(value)
    except ValueError as e:
        raise ConfigError(file, key, str(e)) from None


def _parse(file: str, data: dict[str, Any], base: Path) -> Config:
    cfg = Config(path=Path(file))

    def paths(key: str, value: Any) -> list[str]:
        return [str((base / p).resolve()) if not Path(p).is_absolute() else p for p in _str_list(file, key, value)]

    for key, value in data.items():
        k = key.replace("_", "-")
        if k == "select":
            cfg.select = _str_list(file, key, value)
        elif k == "ignore":
            cfg.ignore = _str_list(file, key, value)
        elif k == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(file, key, "must be a table of glob = [rule prefixes]")
            cfg.per_file_ignores = {str(g): _str_list(file, f"{key}.{g}", v) for g, v in value.items()}
        elif k == "fail-on":
            cfg.fail_on = _severity(file, key, value)
        elif k == "min-severity":
            cfg.min_severity = _severity(file, key, value)
        elif k == "min-confidence":
            if value == "model":
                cfg.min_confidence = None
            elif isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
                cfg.min_confidence = float(value)
            else:
                raise ConfigError(file, key, 'must be a number from 0 to 1 (0 shows every finding) or "model"')
        elif k == "rules":
            cfg.rules = paths(key, value)
            for d in cfg.rules:
                if not Path(d).exists():
                    raise ConfigError(file, key, f"rule directory {d} does not exist")
        elif k == "vocab":
            cfg.vocab = paths(key, value)
            for v in cfg.vocab:
                if not Path(v).is_file():
                    raise ConfigError(file, key, f"vocabulary file {v} does not exist")
        elif k == "accept":
            cfg.accept = _str_list(file, key, value)
        elif k == "grammar":
            backends = [b.strip().lower() for b in _str_list(file, key, value) for b in b.split(",") if b.strip()]
            if backends == ["none"]:
                backends = []
            bad = set(backends) - {"harper", "languagetool"}
            if bad:
                raise ConfigError(file, key, f"unknown backend(s) {sorted(bad)}; use harper, languagetool or none")
            cfg.grammar = backends
        elif k == "languagetool-url":
            if not isinstance(value, str) or not value.startswith(("http://", "https://")):
                raise ConfigError(file, key, "must be an http(s) URL")
            cfg.languagetool_url = value
        elif k == "languagetool-path":
            if not isinstance(value, str):
                raise ConfigError(file, key, "must be a LanguageTool directory")
            cfg.languagetool_path = str((base / value).resolve())
        elif k == "languagetool-disabled-rules":
            cfg.lt_disabled_rules = _str_list(file, key, value)
        elif k == "languagetool-disabled-categories":
            cfg.lt_disabled_categories = _str_list(file, key, value)
        elif k == "language":
            if not isinstance(value, str):
                raise ConfigError(file, key, "must be a string such as en-US")
            cfg.language = value
        elif k == "picky":
            if not isinstance(value, bool):
                raise ConfigError(file, key, "must be true or false")
            cfg.picky = value
        elif k == "lm":
            if not isinstance(value, str):
                raise ConfigError(file, key, "must be a model directory, a Hugging Face id or 'none'")
            cfg.lm = value
        elif k == "score-threshold":
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 100:
                raise ConfigError(file, key, "must be a number from 0 to 100")
            cfg.score_threshold = float(value)
        elif k == "exclude":
            cfg.exclude = _str_list(file, key, value)
        else:
            raise ConfigError(file, key, "unknown key")
    return cfg


def load_config_file(path: Path) -> Config | None:
    """Parse one file; None for a pyproject.toml without ``[tool.mtcheck]``."""
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(str(path), None, f"cannot read: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(str(path), None, f"invalid TOML: {e}") from None
    if path.name == "pyproject.toml":
        section = data.get("tool", {}).get("mtcheck")
        if section is None:
            return None
        if not isinstance(section, dict):
            raise ConfigError(str(path), "tool.mtcheck", "must be a table")
        data = section
    return _parse(str(path), data, path.parent)


def find_config(start: Path) -> Config:
    """The configuration for a file or directory at ``start`` (defaults if none)."""
    here = start if start.is_dir() else start.parent
    here = here.resolve()
    for d in [here, *here.parents]:
        for name in (".mtcheck.toml", "pyproject.toml"):
            p = d / name
            if p.is_file():
                cfg = load_config_file(p)
                if cfg is not None:
                    return cfg
    return Config()
