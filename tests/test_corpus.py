"""The example corpus (``corpus/``) checked end to end against the shipped rule packs.

Each ``corpus/NAME.expected.yaml`` names a machine-translated "before" article, an
edited "after" version and what the rules must (and must never) report. This is the
regression net for the rule packs as a whole: a pack change that stops catching a
real problem in a realistic article, flags a name, or starts raising warnings on
professionally edited English fails here, on the article where it happened.

Matching (documented in ``corpus/README.md``):

* ``must_flag``: some finding's rule id equals ``rule`` or starts with ``rule + "."``
  and its original text ``doc.text[f.start:f.end]``, with surrounding whitespace
  stripped, equals ``text`` (or starts with ``text_startswith``);
* ``must_not_flag``: no finding lies inside any occurrence of the text in the file
  (a finding that flags the name or term itself, or a piece of it); a longer finding
  that merely includes it as context, such as a comma chain, is allowed;
* the after version: no finding of severity warning or error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from mtcheck.document import Document
from mtcheck.loading import load_document
from mtcheck.model import Finding, Severity
from mtcheck.rules.engine import RulesChecker
from mtcheck.rules.loader import load_rules

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
EXPECTED = sorted(CORPUS.glob("*.expected.yaml"))


def _load_spec(path: Path) -> dict[str, Any]:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(spec, dict), f"{path.name}: not a mapping"
    for key in ("article", "after", "must_flag", "must_not_flag"):
        assert key in spec, f"{path.name}: missing {key!r}"
    return spec


@pytest.fixture(scope="module")
def checker() -> RulesChecker:
    return RulesChecker(load_rules())


def _check(checker: RulesChecker, path: Path) -> tuple[Document, list[Finding]]:
    doc = load_document(str(path))
    return doc, checker.check(doc).findings


def _rule_matches(rule: str, wanted: str) -> bool:
    return rule == wanted or rule.startswith(wanted + ".")


def _flagged(doc: Document, finding: Finding) -> str:
    """The original text a finding points at; edge whitespace is a span detail, not what matters."""
    return doc.text[finding.start:finding.end].strip()


def _describe(doc: Document, findings: list[Finding]) -> str:
    return "\n".join(f"  {f.rule} [{f.severity.label}] {doc.text[f.start:f.end]!r}" for f in findings)


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    spans, i = [], text.find(needle)
    while i >= 0:
        spans.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    return spans


def test_corpus_has_enough_articles() -> None:
    assert len(EXPECTED) >= 12, f"corpus/ holds {len(EXPECTED)} expected.yaml files, want at least 12"


def test_corpus_exercises_formats_and_encodings(checker: RulesChecker) -> None:
    """The set must keep covering Markdown, HTML, GB18030 and UTF-16 with BOM."""
    formats, encodings = set(), set()
    for path in EXPECTED:
        doc = load_document(str(CORPUS / _load_spec(path)["article"]))
        formats.add(doc.format)
        encodings.add((doc.encoding, doc.bom))
    assert {"text", "markdown", "html"} <= formats
    assert ("gb18030", False) in encodings
    assert ("utf-16-le", True) in encodings


@pytest.mark.parametrize("spec_path", EXPECTED, ids=lambda p: p.name.removesuffix(".expected.yaml"))
def test_before_is_flagged(spec_path: Path, checker: RulesChecker) -> None:
    spec = _load_spec(spec_path)
    doc, findings = _check(checker, CORPUS / spec["article"])
    if "encoding" in spec:
        assert doc.encoding == spec["encoding"]
    assert spec["must_flag"], f"{spec_path.name}: must_flag is empty"
    missing = []
    for entry in spec["must_flag"]:
        rule = entry["rule"]
        if "text" in entry:
            want = entry["text"]
            ok = any(_rule_matches(f.rule, rule) and _flagged(doc, f) == want for f in findings)
        else:
            prefix = entry["text_startswith"]
            ok = any(_rule_matches(f.rule, rule) and _flagged(doc, f).startswith(prefix) for f in findings)
        if not ok:
            missing.append(entry)
    assert not missing, f"{spec['article']}: not flagged: {missing}\nfindings:\n{_describe(doc, findings)}"


@pytest.mark.parametrize("spec_path", EXPECTED, ids=lambda p: p.name.removesuffix(".expected.yaml"))
def test_names_and_correct_terms_not_flagged(spec_path: Path, checker: RulesChecker) -> None:
    spec = _load_spec(spec_path)
    doc, findings = _check(checker, CORPUS / spec["article"])
    bad = []
    for needle in spec["must_not_flag"]:
        spans = _occurrences(doc.text, needle)
        assert spans, f"{spec['article']}: must_not_flag text {needle!r} is not in the file"
        bad += [(needle, f.rule, _flagged(doc, f)) for f in findings for a, b in spans if a <= f.start and f.end <= b]
    assert not bad, f"{spec['article']}: findings inside must_not_flag texts: {bad}"


@pytest.mark.parametrize("spec_path", EXPECTED, ids=lambda p: p.name.removesuffix(".expected.yaml"))
def test_after_is_clean(spec_path: Path, checker: RulesChecker) -> None:
    spec = _load_spec(spec_path)
    doc, findings = _check(checker, CORPUS / spec["after"])
    if "encoding" in spec:
        assert doc.encoding == spec["encoding"]
    serious = [f for f in findings if f.severity >= Severity.WARNING]
    assert not serious, f"{spec['after']}: warnings/errors on edited text:\n{_describe(doc, serious)}"
