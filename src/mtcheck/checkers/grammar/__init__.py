"""The grammar stage: Harper built in, LanguageTool through language-tool-python.

``make_grammar_checkers(["harper", "languagetool"], ...)`` returns one checker
per backend; the pipeline runs them like any other stage and merges what they
find with the rule findings (cross-stage duplicates are removed there).
"""

from __future__ import annotations

from typing import Iterable

from mtcheck.checkers import Checker

BACKENDS = ("harper", "languagetool")
#: language tags meaning "any standard variety" (mtcheck's default): Harper accepts a
#: word the American or the British dictionary knows; LanguageTool gets en-US
ANY_VARIETY = frozenset({"en", "en-any"})


def language_tag(language: str) -> str:
    """``en_GB`` / ``EN-gb`` -> ``en-gb``: the form both backends compare against."""
    return language.replace("_", "-").lower()


def make_grammar_checkers(
    backends: list[str],
    *,
    languagetool_url: str | None = None,
    language: str = "en",
    picky: bool = False,
    disabled_rules: Iterable[str] = (),
    disabled_categories: Iterable[str] = (),
    accept_words: Iterable[str] = (),
    languagetool_path: str | None = None,
    languagetool_timeout: float | None = None,
) -> list[Checker]:
    """Build the checkers for ``backends`` (in order, each at most once).

    ``disabled_rules`` may mix ``HARPER.<Rule>`` and ``LT.<RULE_ID>`` (or bare
    LanguageTool ids); each backend takes its own. LanguageTool's server is not
    contacted here but on the first document, so a dead server costs a warning
    in the results, not the Harper findings.
    """
    wanted = [b.strip().lower() for b in backends if b.strip() and b.strip().lower() != "none"]
    unknown = sorted(set(wanted) - set(BACKENDS))
    if unknown:
        raise ValueError(f"unknown grammar backend(s): {', '.join(unknown)} (expected harper, languagetool)")
    rules = list(disabled_rules)
    accept = list(accept_words)
    checkers: list[Checker] = []
    for name in dict.fromkeys(wanted):
        if name == "harper":
            from mtcheck.checkers.grammar.harper import HarperChecker

            checkers.append(HarperChecker(language=language, accept_words=accept, picky=picky,
                                          disabled_rules=[r for r in rules if r.startswith("HARPER.")]))
        else:
            from mtcheck.checkers.grammar.languagetool import DEFAULT_TIMEOUT, LanguageToolChecker

            checkers.append(LanguageToolChecker(
                url=languagetool_url, path=languagetool_path, language=language, picky=picky,
                disabled_rules=[r for r in rules if not r.startswith("HARPER.")],
                disabled_categories=disabled_categories, accept_words=accept,
                timeout=languagetool_timeout or DEFAULT_TIMEOUT,
            ))
    return checkers


__all__ = ["ANY_VARIETY", "BACKENDS", "language_tag", "make_grammar_checkers"]
