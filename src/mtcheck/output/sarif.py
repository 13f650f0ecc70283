"""SARIF 2.1.0 output, for GitHub code scanning, GitLab, Azure DevOps and IDE viewers.

One run, with ``tool.driver.rules`` holding one descriptor per rule that has a
result, each result pointing at its rule by ``ruleId`` and ``ruleIndex``.

Positions: ``region`` carries both line/column and ``charOffset``/``charLength``.
Lines and columns are 1-based, as SARIF requires. Columns and character offsets
count Unicode code points of the decoded text (a CJK character or an emoji is
one column), which the run declares with ``columnKind: "unicodeCodePoints"``;
SARIF's default, UTF-16 code units, would differ for characters outside the
Basic Multilingual Plane. The offsets are into the decoded file with any BOM
removed, the same offsets as ``start``/``end`` in the JSON output.

A finding with a fix gets a SARIF ``fix`` (one replacement of the fix span), so
viewers that can apply fixes offer it. Files that could not be read are not
results: they become ``invocations[0].toolExecutionNotifications`` and make
``executionSuccessful`` false.

Rule descriptors come from the built-in rule packs when a rule is found there
(``shortDescription`` from the message template, ``fullDescription`` from the
description); other rules (grammar engines, fluency, custom packs) are
described by the message of their first finding, so a descriptor is never empty.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Mapping
from urllib.parse import quote

from mtcheck import __version__
from mtcheck.model import Applicability, Finding, Severity
from mtcheck.output import View
from mtcheck.results import FileResult, RunResult

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
_WORD = re.compile(r"[A-Za-z]{2,}")
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "note"}


@dataclass(frozen=True)
class RuleInfo:
    """What a rule descriptor says beyond its id; taken from the rule packs."""

    description: str = ""
    severity: Severity | None = None
    link: str | None = None
    message: str = ""  # the message template, e.g. "'{match}' is a calque of ...; write '{suggestion}'."


def builtin_catalog() -> dict[str, RuleInfo]:
    """Descriptions of the built-in rules; empty if the packs cannot be loaded.

    The formatter must still write valid SARIF when a pack is broken (the run
    itself reports that), so any error here only costs the descriptions.
    """
    try:
        from mtcheck.rules.loader import load_rules

        rs = load_rules()
    except Exception:
        return {}
    return {r.id: RuleInfo(r.description.strip(), r.severity, r.link, r.message) for r in rs.rules}


def artifact_uri(path: str, base: Path | None = None) -> str:
    """A URI reference for ``path``: relative with forward slashes when under ``base`` (cwd), else file://."""
    if path == "<stdin>":
        return quote(path)
    base = Path.cwd() if base is None else base
    p = Path(path)
    if p.is_absolute():
        try:
            rel = p.resolve().relative_to(base.resolve())
        except ValueError:
            return p.resolve().as_uri()
        return quote(rel.as_posix())
    return quote(PurePosixPath(*Path(os.path.normpath(path)).parts).as_posix())


def _short_description(info: RuleInfo | None, f: Finding) -> str:
    """A one-line title for the rule.

    Preferred: the message template with its placeholders shown as '…' (it says
    what the rule flags, in the words users see), when enough of it is words;
    then the description's first sentence; then the first finding's message.
    """
    if info is not None and info.message:
        text = " ".join(_PLACEHOLDER.sub("…", info.message).split())
        if len(_WORD.findall(text)) >= 4:
            return text
    if info is not None and info.description:
        return _first_sentence(info.description)
    return " ".join(f.message.split())


def _first_sentence(text: str) -> str:
    """The description's first sentence, for ``shortDescription`` (skipping "e.g." and "i.e.")."""
    text = " ".join(text.split())
    for i, c in enumerate(text):
        if c in ".!?" and i >= 10 and (i + 1 == len(text) or text[i + 1] == " ") and text[i - 2] != ".":
            return text[: i + 1]
    return text


def _region(fr: FileResult, start: int, end: int, snippet: bool = True) -> dict[str, Any]:
    assert fr.document is not None
    line, col = fr.document.lines.position(start)
    end_line, end_col = fr.document.lines.position(end)
    region: dict[str, Any] = {
        "startLine": line,
        "startColumn": col,
        "endLine": end_line,
        "endColumn": end_col,
        "charOffset": start,
        "charLength": end - start,
    }
    if snippet:
        region["snippet"] = {"text": fr.document.text[start:end]}
    return region


def _message(f: Finding) -> str:
    if f.suggestions:
        return f"{f.message} (-> {' | '.join(f.suggestions[:3])})"
    return f.message


def _fix(fr: FileResult, f: Finding, uri: str) -> dict[str, Any]:
    assert f.fix is not None
    start, end = f.fix.span if f.fix.span is not None else (f.start, f.end)
    what = f"Replace with '{f.fix.replacement}'" if f.fix.replacement else "Delete"
    return {
        "description": {"text": what + (" (unsafe)" if f.fix.applicability is Applicability.UNSAFE else "")},
        "artifactChanges": [{
            "artifactLocation": {"uri": uri},
            "replacements": [{
                "deletedRegion": _region(fr, start, end, snippet=False),
                "insertedContent": {"text": f.fix.replacement},
            }],
        }],
        "properties": {"applicability": f.fix.applicability.value},
    }


def _notification(level: str, text: str, uri: str | None) -> dict[str, Any]:
    note: dict[str, Any] = {"level": level, "message": {"text": text}}
    if uri is not None:
        note["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": uri}}}]
    return note


def build_sarif(run: RunResult, view: View, catalog: Mapping[str, RuleInfo] | None = None,
                base: Path | None = None) -> dict[str, Any]:
    """The SARIF log as a dict (``format_sarif`` serialises it)."""
    catalog = builtin_catalog() if catalog is None else catalog
    rules: list[dict[str, Any]] = []
    rule_index: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for fr in run.files:
        uri = artifact_uri(fr.path, base)
        if fr.error is not None:
            notes.append(_notification("error", f"{fr.path}: {fr.error}", uri))
            continue
        notes.extend(_notification("warning", w, uri) for w in fr.warnings)
        for f in view.visible(fr):
            if f.rule not in rule_index:
                rule_index[f.rule] = len(rules)
                rules.append(_descriptor(f, catalog.get(f.rule)))
            result: dict[str, Any] = {
                "ruleId": f.rule,
                "ruleIndex": rule_index[f.rule],
                "level": LEVELS[f.severity],
                "message": {"text": _message(f)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": _region(fr, f.start, f.end),
                }}],
                "properties": {"source": f.source, "severity": f.severity.label},
            }
            if f.suggestions:
                result["properties"]["suggestions"] = list(f.suggestions)
            if f.fix is not None:
                result["fixes"] = [_fix(fr, f, uri)]
            results.append(result)
    notes.extend(_notification("warning", w, None) for w in run.meta.get("warnings", []))
    driver: dict[str, Any] = {
        "name": "mtcheck",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": rules,
    }
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "invocations": [{
                "executionSuccessful": not any(fr.error is not None for fr in run.files),
                "toolExecutionNotifications": notes,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def _descriptor(f: Finding, info: RuleInfo | None) -> dict[str, Any]:
    description = info.description if info and info.description else ""
    severity = info.severity if info and info.severity is not None else f.severity
    link = (info.link if info else None) or f.link
    desc: dict[str, Any] = {
        "id": f.rule,
        "shortDescription": {"text": _short_description(info, f)},
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {"source": f.source},
    }
    if description:
        desc["fullDescription"] = {"text": " ".join(description.split())}
    if link:
        desc["helpUri"] = link
    return desc


def format_sarif(run: RunResult, view: View) -> str:
    return json.dumps(build_sarif(run, view), ensure_ascii=False, indent=2) + "\n"
