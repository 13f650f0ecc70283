"""Load and validate YAML rule files into :class:`Rule` objects.

Every problem in a rule file is a :class:`RuleError` naming the file, the line
and the reason, raised at load time: a rule pack that loads is a rule pack that
runs. Regexes are compiled here, once, with the ``regex`` module (which supports
per-search timeouts, so hostile input cannot hang a run).
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
import importlib.util
from pathlib import Path
from typing import Any, Iterable, Mapping

import regex
import yaml

from mtcheck.model import Applicability, Severity

KINDS = ("substitution", "existence", "occurrence", "capitalization", "structural")
BLOCK_KINDS = ("paragraph", "heading", "list_item", "title", "front_matter", "quote", "table_cell")
_ID_RE = regex.compile(r"^[A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)+$")

_COMMON_KEYS = {"id", "kind", "severity", "message", "link", "description", "scope", "tests", "fix"}
_KIND_KEYS: dict[str, set[str]] = {
    "substitution": {"swap", "regex", "ignorecase", "exceptions"},
    "existence": {"tokens", "regex", "ignorecase", "exceptions", "suggestions"},
    "occurrence": {"tokens", "regex", "ignorecase", "exceptions", "max", "scope_unit"},
    "capitalization": {"tokens", "exceptions"},
    "structural": {"check", "params"},
}
_FILE_KEYS = {"family", "description", "defaults", "rules"}


class RuleError(Exception):
    """A rule file is broken. ``str()`` is ``file:line: reason``."""

    def __init__(self, file: str, line: int | None, reason: str) -> None:
        self.file = file
        self.line = line
        self.reason = reason
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {reason}")


class _LineDict(dict):
    """A mapping that remembers the line it started on in its YAML file."""

    line: int = 0


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loader that records line numbers; libyaml's parser when PyYAML has
    it (five times faster than the pure-Python one, which matters at start-up)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    loader.flatten_mapping(node)
    out = _LineDict()
    out.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        out[key] = loader.construct_object(value_node, deep=True)
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass
class RuleTest:
    kind: str  # "flag" | "pass" | "fix"
    text: str
    span: str | None = None
    result: str | None = None
    line: int = 0


@dataclass
class Rule:
    """One rule, validated. ``patterns`` are compiled regexes with their suggestions."""

    id: str
    family: str
    kind: str
    severity: Severity
    message: str
    file: str
    line: int
    link: str | None = None
    description: str = ""
    scope: frozenset[str] | None = None
    fix: Applicability | None = Applicability.UNSAFE
    # substitution/existence/occurrence/capitalization: (compiled pattern, suggestions)
    patterns: list[tuple["Pattern", list[str]]] = field(default_factory=list)
    exceptions: list["Pattern"] = field(default_factory=list)
    max: int = 0
    scope_unit: str = "sentence"
    check: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    tests: list[RuleTest] = field(default_factory=list)


@dataclass
class RuleSet:
    rules: list[Rule]
    files: list[str]

    def get(self, rule_id: str) -> Rule | None:
        for r in self.rules:
            if r.id == rule_id:
                return r
        return None

    @property
    def families(self) -> list[str]:
        return sorted({r.family for r in self.rules})


def builtin_rules_dir() -> Path:
    """The rule packs shipped with the package (``rules/`` in the source tree)."""
    # rules/ has no __init__.py (it is data), so it is a namespace package:
    # ask the import system where it lives, in a wheel or an editable install.
    spec = importlib.util.find_spec("mtcheck.rules_data")
    if spec is None or not spec.submodule_search_locations:
        return Path(__file__).resolve().parents[3] / "rules"
    return Path(list(spec.submodule_search_locations)[0])


def load_rules(extra_dirs: Iterable[str | Path] = (), include_builtin: bool = True) -> RuleSet:
    """Load the built-in packs plus every ``*.yaml``/``*.yml`` in ``extra_dirs``."""
    files: list[Path] = []
    if include_builtin:
        files.extend(_yaml_files(builtin_rules_dir()))
    for d in extra_dirs:
        p = Path(d)
        if not p.exists():
            raise RuleError(str(p), None, "rule directory does not exist")
        files.extend(_yaml_files(p) if p.is_dir() else [p])
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for f in files:
        for rule in load_rule_file(f):
            if rule.id in seen:
                raise RuleError(str(f), rule.line, f"duplicate rule id {rule.id} (also in {seen[rule.id]})")
            seen[rule.id] = f"{f}:{rule.line}"
            rules.append(rule)
    return RuleSet(rules=rules, files=[str(f) for f in files])


def _yaml_files(d: Path) -> list[Path]:
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_rule_file(path: str | Path) -> list[Rule]:
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise RuleError(name, None, f"cannot read rule file: {e}") from None
    return parse_rule_text(raw, name)


def parse_rule_text(raw: str, name: str) -> list[Rule]:
    try:
        data = yaml.load(raw, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(e, "problem", None) or str(e)
        raise RuleError(name, line, f"invalid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise RuleError(name, None, "a rule file must be a mapping with 'family' and 'rules'")
    unknown = set(data) - _FILE_KEYS
    if unknown:
        raise RuleError(name, _line(data), f"unknown top-level key(s): {', '.join(sorted(map(str, unknown)))}")
    family = data.get("family")
    if not isinstance(family, str) or not _ID_RE.match(family + ".X"):
        raise RuleError(name, _line(data), "'family' must be a dotted CamelCase id like MT.Terms")
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise RuleError(name, _line(data), "'defaults' must be a mapping")
    items = data.get("rules")
    if not isinstance(items, list) or not items:
        raise RuleError(name, _line(data), "'rules' must be a non-empty list")
    out: list[Rule] = []
    seen: dict[str, int] = {}
    for item in items:
        if not isinstance(item, dict):
            raise RuleError(name, _line(data), "each rule must be a mapping")
        merged = _LineDict({**defaults, **item})
        merged.line = _line(item)
        rule = _build_rule(merged, family, name)
        if rule.id in seen:
            raise RuleError(name, rule.line, f"duplicate rule id {rule.id} (first at line {seen[rule.id]})")
        seen[rule.id] = rule.line
        out.append(rule)
    return out


def _line(obj: Any) -> int:
    return getattr(obj, "line", 0)


def _build_rule(d: Mapping[str, Any], family: str, file: str) -> Rule:
    line = _line(d)

    def fail(reason: str) -> RuleError:
        return RuleError(file, line, f"rule {d.get('id', '?')}: {reason}")

    rid = d.get("id")
    if not isinstance(rid, str) or not _ID_RE.match(rid):
        raise fail("'id' must be a dotted CamelCase id like MT.Terms.BatterySwap")
    if not rid.startswith(family + "."):
        raise fail(f"id must start with the file's family '{family}.'")
    kind = d.get("kind")
    if kind not in KINDS:
        raise fail(f"'kind' must be one of {', '.join(KINDS)}")
    unknown = set(d) - _COMMON_KEYS - _KIND_KEYS[kind] - {"ignorecase", "regex"}
    if unknown:
        raise fail(f"unknown key(s) for kind {kind}: {', '.join(sorted(map(str, unknown)))}")
    try:
        severity = Severity.parse(d.get("severity", "warning"))
    except ValueError as e:
        raise fail(str(e)) from None
    message = d.get("message")
    if not isinstance(message, str) or not message.strip():
        raise fail("'message' is required")
    try:
        list(string.Formatter().parse(message))
    except ValueError as e:
        raise fail(f"bad message template: {e}") from None
    fix_raw = d.get("fix", "unsafe")
    fix_map = {"safe": Applicability.SAFE, "unsafe": Applicability.UNSAFE, "none": None, None: None}
    if fix_raw not in fix_map:
        raise fail("'fix' must be safe, unsafe or none")
    scope = d.get("scope")
    if scope is not None:
        if isinstance(scope, str):
            scope = [scope]
        bad = [s for s in scope if s not in BLOCK_KINDS]
        if bad:
            raise fail(f"unknown scope {bad}; expected {', '.join(BLOCK_KINDS)}")
        scope = frozenset(scope)
    rule = Rule(
        id=rid,
        family=family,
        kind=kind,
        severity=severity,
        message=message,
        file=file,
        line=line,
        link=d.get("link"),
        description=str(d.get("description") or ""),
        scope=scope,
        fix=fix_map[fix_raw],
    )
    ignorecase = bool(d.get("ignorecase", True))
    is_regex = bool(d.get("regex", False))
    if kind == "substitution":
        swap = d.get("swap")
        if not isinstance(swap, dict) or not swap:
            raise fail("'swap' must be a non-empty mapping of pattern -> suggestion(s)")
        for pat, sugg in swap.items():
            rule.patterns.append((_compile(str(pat), is_regex, ignorecase, fail), _suggestions(sugg, fail)))
    elif kind in ("existence", "occurrence", "capitalization"):
        tokens = d.get("tokens")
        if isinstance(tokens, str):
            tokens = [tokens]
        if not isinstance(tokens, list) or not tokens:
            raise fail("'tokens' must be a non-empty list")
        sugg = _suggestions(d.get("suggestions", []), fail) if kind == "existence" else []
        for tok in tokens:
            if kind == "capitalization":
                # Match the capitalised form only; case matters here.
                word = str(tok)
                cap = word[:1].upper() + word[1:]
                rule.patterns.append((_compile(cap, False, False, fail), [word.lower()]))
            else:
                rule.patterns.append((_compile(str(tok), is_regex, ignorecase, fail), sugg))
        if kind == "occurrence":
            mx = d.get("max")
            if not isinstance(mx, int) or mx < 0:
                raise fail("'max' must be a non-negative integer")
            rule.max = mx
            unit = d.get("scope_unit", "sentence")
            if unit not in ("sentence", "document"):
                raise fail("'scope_unit' must be sentence or document")
            rule.scope_unit = unit
    elif kind == "structural":
        from mtcheck.rules.structural import CHECKS

        check = d.get("check")
        if check not in CHECKS:
            raise fail(f"unknown structural check {check!r}; available: {', '.join(sorted(CHECKS))}")
        params = d.get("params") or {}
        if not isinstance(params, dict):
            raise fail("'params' must be a mapping")
        spec = CHECKS[check]
        bad = set(params) - set(spec.params)
        if bad:
            raise fail(f"unknown param(s) for {check}: {', '.join(sorted(map(str, bad)))}; "
                       f"accepted: {', '.join(sorted(spec.params)) or 'none'}")
        rule.check = check
        rule.params = {**spec.params, **params}
    exc = d.get("exceptions", [])
    if isinstance(exc, str):
        exc = [exc]
    if not isinstance(exc, list):
        raise fail("'exceptions' must be a list of regexes")
    rule.exceptions = [_compile(str(e), True, ignorecase, fail) for e in exc]
    rule.tests = _tests(d.get("tests"), fail, line)
    return rule


def _suggestions(value: Any, fail) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v) for v in value]
    raise fail("suggestions must be a string or a list of strings")


@dataclass
class Pattern:
    """A compiled pattern plus what makes it cheap to run on every sentence.

    ``keyword`` is a literal every match must contain (lower-cased when the
    pattern ignores case): a sentence without it is skipped without running the
    regex. ``safe`` patterns (generated from literal phrases) are linear-time
    and run without the per-search timeout, whose bookkeeping costs more than
    the search itself.
    """

    regex: Any
    keyword: str | None
    ignorecase: bool
    safe: bool

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def finditer(self, text: str, lowered: str, timeout: float):
        if self.keyword is not None and self.keyword not in (lowered if self.ignorecase else text):
            return iter(())
        if self.safe:
            return self.regex.finditer(text)
        return self.regex.finditer(text, timeout=timeout)


def required_literal(source: str) -> str | None:
    """The longest literal run of letters (>= 3) that every match of ``source`` must contain.

    Only the top level of the regex is considered (groups, classes and
    alternatives are opaque), and a letter followed by a quantifier that allows
    zero or many repeats ends the run. None when no safe literal exists.
    """
    depth = 0
    in_class = False
    runs: list[str] = []
    cur = ""
    i = 0
    n = len(source)
    while i < n:
        c = source[i]
        if in_class:
            if c == "\\":
                i += 2
                continue
            if c == "]":
                in_class = False
            i += 1
            continue
        if c == "\\":
            runs.append(cur)
            cur = ""
            i += 2
            continue
        if c == "[":
            runs.append(cur)
            cur = ""
            in_class = True
        elif c == "(":
            runs.append(cur)
            cur = ""
            depth += 1
        elif c == ")":
            depth -= 1
            cur = ""
        elif c == "|":
            if depth == 0:
                return None  # top-level alternation: no single required literal
        elif depth == 0 and c.isalpha():
            nxt = source[i + 1] if i + 1 < n else ""
            if nxt and nxt in "?*{":
                runs.append(cur)
                cur = ""
            elif nxt and nxt == "+":
                cur += c
                runs.append(cur)
                cur = ""
                i += 2
                continue
            else:
                cur += c
        else:
            runs.append(cur)
            cur = ""
        i += 1
    runs.append(cur)
    best = max(runs, key=len, default="")
    return best if len(best) >= 3 else None


def phrase_to_regex(phrase: str) -> str:
    """A literal phrase as a regex: word boundaries, any whitespace between words."""
    words = phrase.split()
    body = r"\s+".join(regex.escape(w) for w in words)
    if not words:
        return regex.escape(phrase)
    if regex.match(r"\w", words[0]):
        body = r"(?<![\w-])" + body
    if regex.search(r"\w$", words[-1]):
        body = body + r"(?![\w-])"
    return body


def _compile(pattern: str, is_regex: bool, ignorecase: bool, fail) -> Pattern:
    src = pattern if is_regex else phrase_to_regex(pattern)
    flags = regex.VERSION0 | (regex.IGNORECASE if ignorecase else 0)
    try:
        compiled = regex.compile(src, flags)
    except regex.error as e:
        raise fail(f"bad regex {pattern!r}: {e}") from None
    if compiled.search("") is not None:
        raise fail(f"pattern {pattern!r} matches the empty string")
    if is_regex:
        keyword = required_literal(pattern)
    else:
        words = [w for w in pattern.split() if w.isalpha()]
        keyword = max(words, key=len) if words else None
    if keyword is not None and ignorecase:
        keyword = keyword.lower()
    return Pattern(compiled, keyword, ignorecase, safe=not is_regex)


def _tests(value: Any, fail, rule_line: int) -> list[RuleTest]:
    if value is None:
        return []
    if not isinstance(value, dict):
        raise fail("'tests' must be a mapping with flag/pass/fix lists")
    unknown = set(value) - {"flag", "pass", "fix"}
    if unknown:
        raise fail(f"unknown test key(s): {', '.join(sorted(map(str, unknown)))}")
    out: list[RuleTest] = []
    for kind in ("flag", "pass", "fix"):
        items = value.get(kind) or []
        if not isinstance(items, list):
            raise fail(f"tests.{kind} must be a list")
        for it in items:
            line = _line(it) or _line(value) or rule_line
            if isinstance(it, str) and kind != "fix":
                out.append(RuleTest(kind, it, line=line))
            elif isinstance(it, dict) and isinstance(it.get("text"), str):
                if kind == "fix" and not isinstance(it.get("result"), str):
                    raise fail("each tests.fix item needs 'text' and 'result'")
                out.append(RuleTest(kind, it["text"], span=it.get("span"), result=it.get("result"), line=line))
            else:
                raise fail(f"bad tests.{kind} item: {it!r}")
    return out
