"""LanguageTool through language-tool-python: a managed local server or a team server.

* ``url`` given: talk to that server (``LanguageTool(lang, remote_server=url)``).
* otherwise: language-tool-python starts a local server (its own download, or an
  existing ``LanguageTool-X.Y`` directory given as ``path`` / ``$LTP_PATH``).

The server is contacted lazily on the first document, once per run, and reused
for every file; :meth:`close` stops a local server. Anything that goes wrong
(no Java, nothing listening, a timeout, a 500, a malformed answer) becomes one
warning and ``backends["languagetool"] = {"ran": False, "error": ...}``: the run
goes on with the findings it has.

Requests go through language-tool-python's own query and parameter code, but
its ``Match`` objects are bypassed: they convert the offset, not the length,
from UTF-16 and keep the last text in class-level state. The raw JSON is read
here and every offset and length goes through :class:`Utf16Index`.
"""

from __future__ import annotations

import contextlib
import os
import re
import urllib.parse
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable, Iterator

from mtcheck.checkers.grammar import ANY_VARIETY, language_tag
from mtcheck.checkers.grammar.chunks import DEFAULT_MAX_CHARS, Chunk, document_chunks, first_time
from mtcheck.checkers.grammar.utf16 import Utf16Index
from mtcheck.checkers.grammar.vocab import AcceptSource, NameFilter, skipped_by_convention
from mtcheck.document import Document
from mtcheck.model import Applicability, CheckResult, Finding, Fix, Severity

SPELLING_CATEGORIES = frozenset({"TYPOS"})
SPELLING_RULE_PREFIXES = ("MORFOLOGIK_RULE", "HUNSPELL_RULE")
#: LanguageTool issue types reported as warnings; the rest (style, typography,
#: whitespace, ...) are suggestions
WARNING_ISSUE_TYPES = frozenset({"misspelling", "grammar", "inconsistency", "duplication", "mistranslation",
                                 "untranslated", "addition", "omission"})
DEFAULT_TIMEOUT = 60.0
MAX_SUGGESTIONS = 5


class LanguageToolUnavailable(Exception):
    """The server could not be started or reached; the message says why, in one line."""


class MalformedAnswer(Exception):
    """The server answered, but not with a LanguageTool check result."""


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split()) or type(e).__name__
    return text[:300]


def _explain(e: BaseException, where: str, timeout: float, starting: bool = False) -> str:
    """A short reason for a failed start or request: refused, timed out, error answer, ..."""
    text = _one_line(e)
    low = text.lower()
    if "connection refused" in low or "failed to establish a new connection" in low:
        return f"connection refused at {where}"
    if "timed out" in low or "timeout" in low:
        return f"no answer from {where} within {timeout:g} s (timed out)"
    if starting and ("java" in low and ("can't find" in low or "no java" in low or "detected java" in low)):
        return f"cannot start a local LanguageTool: {text}"
    if starting and ("resolve" in low or "max retries" in low or "download" in low):
        return (f"cannot download LanguageTool ({text[:120]}); pass --languagetool-url or point "
                "LTP_PATH at an existing LanguageTool directory")
    if starting:
        return f"cannot start {where}: {text}"
    if isinstance(e.__cause__, ValueError):  # language-tool-python found no JSON in the answer
        if low.startswith("error"):
            return f"{where} answered with an error: {text}"
        return f"malformed answer from {where}: {text[:120]}"
    return f"{where}: {text}"


@contextlib.contextmanager
def _ltp_path(path: Path | None) -> Iterator[None]:
    """Point language-tool-python at a folder of LanguageTool installs (``$LTP_PATH``)
    for the duration of one call, leaving the environment as it was."""
    if path is None:
        yield
        return
    old = os.environ.get("LTP_PATH")
    os.environ["LTP_PATH"] = str(path)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("LTP_PATH", None)
        else:
            os.environ["LTP_PATH"] = old


def _install_location(path: str | None) -> tuple[Path | None, str | None]:
    """``(folder for $LTP_PATH, version)`` for a user-given LanguageTool location.

    ``path`` may be a ``LanguageTool-6.3`` directory (its parent becomes
    ``$LTP_PATH``) or a folder holding such directories (the newest is used).
    """
    if not path:
        return None, None
    p = Path(path).expanduser()
    m = re.fullmatch(r"LanguageTool-(\d+\.\d+|\d{8})", p.name)
    if m:
        return p.parent, m.group(1)
    versions = sorted((d.name.split("-", 1)[1] for d in p.glob("LanguageTool-*") if d.is_dir()),
                      key=lambda v: tuple(int(x) for x in re.findall(r"\d+", v)))
    return p, (versions[-1] if versions else None)


def _missing_install(folder: Path | None, version: str | None, given: str) -> str | None:
    """Why a user-given LanguageTool location cannot be used, or None. Checked before
    language-tool-python sees it, because it would otherwise download into it."""
    if folder is None:
        return None
    if version is None:
        return f"no LanguageTool-X.Y directory in {given}"
    home = folder / f"LanguageTool-{version}"
    if not any((home / jar).is_file() for jar in ("languagetool-server.jar", "languagetool.jar")):
        return f"no LanguageTool installation at {home} (languagetool-server.jar not found)"
    return None


def _make_tool(language: str, url: str | None, timeout: float, version: str | None) -> Any:
    """Build a ``language_tool_python.LanguageTool`` whose every request (the
    ``/v2/languages`` query made by the constructor included) uses ``timeout``."""
    import language_tool_python

    class _TimedLanguageTool(language_tool_python.LanguageTool):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self._TIMEOUT = timeout  # language-tool-python reads self._TIMEOUT per request
            super().__init__(*args, **kwargs)

    kwargs: dict[str, Any] = {}
    if url:
        kwargs["remote_server"] = url
    elif version:
        kwargs["language_tool_download_version"] = version
    return _TimedLanguageTool(language, **kwargs)


def lt_version() -> str:
    try:
        return metadata.version("language-tool-python")
    except metadata.PackageNotFoundError:
        return "unknown"


def validate_answer(answer: Any) -> list[dict[str, Any]]:
    """The ``matches`` of a check answer, or :class:`MalformedAnswer` saying what is wrong."""
    if not isinstance(answer, dict) or not isinstance(answer.get("matches"), list):
        raise MalformedAnswer(f"unexpected answer (no 'matches' list): {str(answer)[:120]}")
    for m in answer["matches"]:
        if not (isinstance(m, dict) and isinstance(m.get("offset"), int) and isinstance(m.get("length"), int)
                and isinstance(m.get("rule"), dict) and isinstance(m["rule"].get("id"), str)):
            raise MalformedAnswer(f"unexpected match in answer: {str(m)[:120]}")
    return answer["matches"]


class LanguageToolChecker:
    """Checks documents with a LanguageTool server; see the module docstring."""

    source = "grammar"
    name = "languagetool"

    def __init__(self, *, url: str | None = None, path: str | None = None, language: str = "en",
                 picky: bool = False, disabled_rules: Iterable[str] = (), disabled_categories: Iterable[str] = (),
                 accept_words: Iterable[str] = (), timeout: float = DEFAULT_TIMEOUT,
                 max_chars: int = DEFAULT_MAX_CHARS) -> None:
        self.url = url
        # "en" (any variety, mtcheck's default) would switch LanguageTool's spell checker off
        self.language = "en-US" if language_tag(language) in ANY_VARIETY else language
        self.picky = picky
        self.disabled_rules = {r.removeprefix("LT.") for r in disabled_rules}
        self.disabled_categories = set(disabled_categories)
        self.timeout = timeout
        self.max_chars = max_chars
        # an explicit location (option, else $LTP_PATH) must hold an install:
        # language-tool-python would otherwise download one into it
        path = path or os.environ.get("LTP_PATH") or None
        self._given_path = path
        self._ltp_path, self._version = (None, None) if url else _install_location(path)
        self._accept = AcceptSource(accept_words)
        self._tool: Any = None
        self._start_error: str | None = None
        self.server_version: str | None = None

    # -- server ---------------------------------------------------------------------
    @property
    def where(self) -> str:
        if self.url:
            return self.url
        return f"local LanguageTool{' ' + self._version if self._version else ''}"

    def _ensure_tool(self) -> Any:
        """Start or reach the server once; remember a failure so later files do not retry."""
        if self._tool is not None:
            return self._tool
        if self._start_error is not None:
            raise LanguageToolUnavailable(self._start_error)
        missing = None if self.url else _missing_install(self._ltp_path, self._version, str(self._given_path))
        if missing is not None:
            self._start_error = f"cannot start a local LanguageTool: {missing}"
            raise LanguageToolUnavailable(self._start_error)
        try:
            with _ltp_path(self._ltp_path):
                tool = _make_tool(self.language, self.url, self.timeout, self._version)
        except Exception as e:
            self._start_error = _explain(e, self.where, self.timeout, starting=True)
            raise LanguageToolUnavailable(self._start_error) from None
        tool.picky = self.picky
        tool.disabled_rules = set(self.disabled_rules)
        tool.disabled_categories = set(self.disabled_categories)
        self._tool = tool
        return tool

    def check_text(self, text: str) -> dict[str, Any]:
        """POST one text to ``/v2/check`` and return the raw JSON answer (validated)."""
        tool = self._ensure_tool()
        url = urllib.parse.urljoin(tool.url, "check")
        params = tool._create_params(text)
        with _ltp_path(self._ltp_path):
            try:  # language-tool-python >= 3 posts the form; older versions only GET
                answer = tool._query_server(url, params, method="post")
            except TypeError:
                answer = tool._query_server(url, params)
        validate_answer(answer)
        software = answer.get("software")
        if isinstance(software, dict) and software.get("version"):
            self.server_version = str(software["version"])
        return answer

    # -- checking -------------------------------------------------------------------
    def check(self, doc: Document) -> CheckResult:
        result = CheckResult()
        chunks = document_chunks(doc, self.max_chars)
        names = NameFilter.for_texts((p.text for c in chunks for p in c.pieces), self._accept.for_path(doc.path))
        seen: set[tuple[object, ...]] = set()
        error: str | None = None
        try:
            self._ensure_tool()
        except LanguageToolUnavailable as e:
            error = str(e)
        for chunk in chunks if error is None else []:
            try:
                answer = self.check_text(chunk.text)
            except MalformedAnswer as e:
                error = f"malformed answer from {self.where}: {_one_line(e)}"
            except Exception as e:  # LanguageToolError, timeouts, HTTP errors, ...
                error = _explain(e, self.where, self.timeout)
            if error is not None:
                break
            for f in self._findings(doc, chunk, answer["matches"], names):
                if first_time(f, seen):
                    result.findings.append(f)
        if error is None:
            info: dict[str, Any] = {"ran": True, "version": self.server_version or "unknown",
                                    "client": f"language-tool-python {lt_version()}"}
            if self.url:
                info["url"] = self.url
            result.backends[self.name] = info
        else:
            result.backends[self.name] = {"ran": False, "error": error}
            done = " (findings up to the failure are kept)" if result.findings else ""
            result.warnings.append(f"LanguageTool did not run: {error}{done}")
        result.findings.sort(key=Finding.sort_key)
        return result

    def _findings(self, doc: Document, chunk: Chunk, matches: list[dict[str, Any]],
                  names: NameFilter) -> Iterator[Finding]:
        index = Utf16Index(chunk.text)
        for m in matches:
            rule = m["rule"]
            try:
                a, b = index.span(m["offset"], m["length"])
            except ValueError:
                continue  # an offset outside the text we sent: not ours to guess at
            span = chunk.map_span(a, b)
            if span is None:
                continue
            category = rule.get("category") or {}
            cat_id = category.get("id", "") if isinstance(category, dict) else str(category)
            rule_id = rule["id"]
            flagged = chunk.text[a:b]
            spelling = cat_id in SPELLING_CATEGORIES or rule_id.startswith(SPELLING_RULE_PREFIXES)
            if spelling and (names.covers(flagged) or skipped_by_convention(chunk.text, a, b)):
                continue
            issue = rule.get("issueType", "")
            suggestions = [r["value"] for r in m.get("replacements", [])
                           if isinstance(r, dict) and isinstance(r.get("value"), str)]
            suggestions = list(dict.fromkeys(suggestions))[:MAX_SUGGESTIONS]
            start, end = span
            meta = {"backend": self.name, "category": cat_id, "issue_type": issue}
            if isinstance(category, dict) and category.get("name"):
                meta["category_name"] = category["name"]
            if rule.get("subId"):
                meta["sub_id"] = rule["subId"]
            if rule.get("description"):
                meta["description"] = rule["description"]
            yield Finding(
                rule=f"LT.{rule_id}",
                source=self.source,
                severity=Severity.WARNING if issue in WARNING_ISSUE_TYPES else Severity.SUGGESTION,
                message=str(m.get("message") or rule.get("description") or rule_id),
                start=start,
                end=end,
                text=doc.text[start:end],
                suggestions=suggestions,
                fix=Fix(suggestions[0], Applicability.UNSAFE) if suggestions else None,
                link=(rule.get("urls") or [{}])[0].get("value") if isinstance(rule.get("urls"), list) else None,
                meta=meta,
            )

    def close(self) -> None:
        """Stop the local server (a remote one is left alone). Safe to call twice."""
        tool, self._tool = self._tool, None
        if tool is not None:
            with contextlib.suppress(Exception):
                tool.close()
