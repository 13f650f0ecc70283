"""Harper (through harper-py) as the default grammar backend: offline and fast.

One ``harper.Linter`` is built per run (building its dictionary takes about a
second) and lints each chunk of blocks in one call. Every lint becomes a
``HARPER.<RuleName>`` finding (the name of the Harper rule that produced it,
e.g. ``HARPER.SpellCheck``, ``HARPER.AnA``), with Harper's lint kind in
``meta``; suggestions become unsafe fixes, since a grammar engine's rewrite can
change meaning.
"""

from __future__ import annotations

import bisect
import re

from importlib import metadata
from typing import Any, Iterable

from mtcheck.checkers.grammar import ANY_VARIETY, language_tag
from mtcheck.checkers.grammar.chunks import DEFAULT_MAX_CHARS, document_chunks, first_time
from mtcheck.checkers.grammar.vocab import AcceptSource, NameFilter, skipped_by_convention
from mtcheck.document import Document
from mtcheck.model import Applicability, CheckResult, Finding, Fix, Severity
from mtcheck.segment import ABBREVIATIONS

#: Harper lint kinds that are about spelling: the only ones names may silence
SPELLING_KINDS = frozenset({"Spelling"})
#: lint kinds reported as warnings (wrong English); the rest are style suggestions
WARNING_KINDS = frozenset({"Spelling", "Agreement", "Grammar", "Miscellaneous", "Repetition",
                           "Usage", "WordChoice", "Eggcorn", "Malapropism", "Typo", "Punctuation",
                           "Capitalization", "BoundaryError", "Nonstandard"})
MAX_SUGGESTIONS = 5
#: house-style preferences where either form is standard English ("re-election" or
#: "reelection", "A, B and C" or "A, B, and C", "..." or "…"): off unless ``--picky``.
#: On MQM 2021 reviewers marked about one in eight of the 117 shown by default.
PICKY_ONLY = frozenset({"OxfordComma", "DisjointPrefixes", "UseEllipsisCharacter", "Dashes",
                        "NumericRangeEnDash", "UseTitleCase"})


def harper_version() -> str:
    try:
        return metadata.version("harper-py")
    except metadata.PackageNotFoundError:
        return "unknown"


def _dialect(language: str) -> Any:
    import harper

    return {
        "en-gb": harper.Dialect.BRITISH, "en-au": harper.Dialect.AUSTRALIAN,
        "en-ca": harper.Dialect.CANADIAN, "en-in": harper.Dialect.INDIAN,
    }.get(language_tag(language), harper.Dialect.AMERICAN)


class HarperChecker:
    """Lints a document's prose with Harper; see the module docstring."""

    source = "grammar"
    name = "harper"

    def __init__(self, *, language: str = "en", accept_words: Iterable[str] = (),
                 disabled_rules: Iterable[str] = (), picky: bool = False,
                 max_chars: int = DEFAULT_MAX_CHARS) -> None:
        import harper  # imported here so a missing wheel is a clear setup error

        self._harper = harper
        self._linter = harper.Linter(_dialect(language))
        disabled = {r.removeprefix("HARPER.") for r in disabled_rules} | (set() if picky else PICKY_ONLY)
        if disabled:
            config = self._linter.get_lint_config()
            config.update({r: False for r in disabled if r in config})
            self._linter.set_lint_config(config)
        self._accept = AcceptSource(accept_words)
        self._max_chars = max_chars
        self.version = harper_version()
        # Chinese press releases mix American and British spelling; with language
        # "en" neither "centre" nor "center" is a typo. A second linter (sharing the
        # dictionary, so cheap to build) decides for words the first one flags.
        self._british: Any = None
        self._british_knows: dict[str, bool] = {}
        if language_tag(language) in ANY_VARIETY:
            self._british = harper.Linter(harper.Dialect.BRITISH)
            self._british.set_lint_config({r: r == "SpellCheck" for r in self._british.get_lint_config()})

    def check(self, doc: Document) -> CheckResult:
        result = CheckResult(backends={self.name: {"ran": True, "version": self.version}})
        chunks = document_chunks(doc, self._max_chars)
        names = NameFilter.for_texts((p.text for c in chunks for p in c.pieces), self._accept.for_path(doc.path))
        seen: set[tuple[object, ...]] = set()
        for chunk in chunks:
            try:
                by_rule = self._linter.organized_lints(chunk.text, language=self._harper.Language.PLAINTEXT)
            except Exception as e:  # a crash inside Harper must not end the run
                result.warnings.append(f"harper: could not lint part of {doc.path}: {e}")
                continue
            for rule, lints in by_rule.items():
                for lint in lints:
                    f = self._finding(doc, chunk, rule, lint, names)
                    if f is None or not first_time(f, seen):
                        continue
                    result.findings.append(f)
        result.findings.sort(key=Finding.sort_key)
        return result

    def _finding(self, doc: Document, chunk: Any, rule: str, lint: Any, names: NameFilter) -> Finding | None:
        span = chunk.map_span(lint.span.start, lint.span.end)
        if span is None:
            return None
        kind = lint.lint_kind
        problem = lint.problem_text
        if kind in SPELLING_KINDS and (names.covers(problem)
                                       or skipped_by_convention(chunk.text, lint.span.start, lint.span.end)
                                       or self._other_variety(problem)):
            return None
        if rule == "SentenceCapitalization" and (_after_abbreviation(doc.text, span[0])
                                                 or chunk.text[lint.span.start - 1:lint.span.start] == "."):
            return None  # "Hunan Co. said", "news.cn": Harper took a stop inside a name for a sentence end
        if rule == "UnclosedQuotes" and _continued_quotation(doc, span[0]):
            return None  # a quotation running over paragraphs reopens each one and closes only at its end
        if rule == "AnA" and problem in ("A", "An") and _mid_sentence(chunk.text, lint.span.start):
            return None  # "Serie A and", "Grade A or": a capital letter inside a sentence is a name, not an article
        suggestions = []
        for s in lint.suggestions:
            if s.kind == self._harper.SuggestionKind.INSERT_AFTER:
                suggestions.append(problem + s.replacement_text)
            else:  # REPLACE, or REMOVE with an empty replacement
                suggestions.append(s.replacement_text)
        suggestions = list(dict.fromkeys(suggestions))[:MAX_SUGGESTIONS]
        start, end = span
        return Finding(
            rule=f"HARPER.{rule}",
            source=self.source,
            severity=Severity.WARNING if kind in WARNING_KINDS else Severity.SUGGESTION,
            message=lint.message,
            start=start,
            end=end,
            text=doc.text[start:end],
            suggestions=suggestions,
            fix=Fix(suggestions[0], Applicability.UNSAFE) if suggestions else None,
            meta={"backend": self.name, "kind": kind, "kind_pretty": lint.lint_kind_pretty},
        )

    def _other_variety(self, word: str) -> bool:
        """True when ``word`` is spelled correctly in British English (language "en" only)."""
        if self._british is None or not word.isalpha():
            return False
        known = self._british_knows.get(word)
        if known is None:
            known = self._british_knows[word] = not self._british.lint(word, language=self._harper.Language.PLAINTEXT)
        return known

    def close(self) -> None:
        """Nothing to release: the linter lives in this process."""


_OPENING_QUOTES = "\"“‘"


def _continued_quotation(doc: Document, pos: int) -> bool:
    """True when ``pos`` is the opening quote of a paragraph that the next paragraph
    reopens: the standard style for a quotation over several paragraphs, whose
    paragraphs all open with a quote mark and only the last one closes."""
    starts = [b.origin[0] for b in doc.blocks]
    i = bisect.bisect_right(starts, pos) - 1
    if i < 0 or i + 1 >= len(doc.blocks):
        return False
    block, after = doc.blocks[i], doc.blocks[i + 1]
    head = len(block.text) - len(block.text.lstrip())
    return (head < len(block.text) and block.origin[head] == pos and block.text[head] in _OPENING_QUOTES
            and after.text.lstrip()[:1] in tuple(_OPENING_QUOTES))


def _mid_sentence(text: str, pos: int) -> bool:
    """True when ``pos`` is not at the start of a sentence (ignoring quotes and spaces)."""
    before = text[:pos].rstrip(" \t\"'“‘(")
    return bool(before) and before[-1] not in ".!?:\n"


_ABBREV_BEFORE = re.compile(r"(?:^|[\s(])([A-Za-z][A-Za-z.]{0,6})\.\s+$")


def _after_abbreviation(text: str, pos: int) -> bool:
    """True when the word before ``pos`` is a known abbreviation (Co., Ltd., Dec., U.S.)."""
    m = _ABBREV_BEFORE.search(text[max(0, pos - 16):pos])
    if not m:
        return False
    word = m.group(1).lower()
    return word in ABBREVIATIONS or len(word) == 1 or ("." in word and len(word) <= 6)
