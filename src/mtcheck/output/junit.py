"""JUnit XML, for CI test-report viewers (GitLab merge requests, Jenkins, Azure DevOps).

Layout, chosen for how those viewers display it (and as ruff does):

* one ``<testsuite>`` per checked file, named by its path;
* one ``<testcase>`` per visible finding, named ``RULE (line L, col C)``, with a
  ``<failure message="..." type="RULE">`` whose body gives the location, the
  flagged text and the suggestions; every visible finding is a failure, so use
  ``--min-severity`` to leave suggestions out of the report;
* a single passing ``<testcase name="mtcheck">`` for a file without findings,
  so clean articles show up as passed rather than disappearing;
* a file that could not be read gets one testcase with an ``<error>``.

``classname`` is the path without its extension: Jenkins splits class names on
dots, and ``news/a.txt`` would otherwise show as class ``txt`` in package
``news/a``. Everything goes through ElementTree, which escapes ``& < > "`` and
newlines in attributes; characters that XML 1.0 cannot carry at all (most C0
controls, lone surrogates) are replaced by U+FFFD first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import PurePath

from mtcheck.model import Finding
from mtcheck.output import View
from mtcheck.results import FileResult, RunResult

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(value: str) -> str:
    """``value`` with the characters XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", value)


def _classname(path: str) -> str:
    p = PurePath(path.replace("\\", "/"))
    return str(p.with_suffix("")).replace("\\", "/") if p.suffix else str(p)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: xml_safe(str(v)) for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = xml_safe(text)
    return el


def _failure_body(fr: FileResult, f: Finding, line: int, col: int) -> str:
    body = [f"{fr.path}:{line}:{col}: {f.rule} [{f.severity.label}] {f.message}"]
    if f.text:
        body.append(f"text: {f.text}")
    if f.suggestions:
        body.append("suggestions: " + " | ".join(f.suggestions))
    if f.fix is not None:
        body.append(f"fix ({f.fix.applicability.value}): {f.fix.replacement!r}")
    if f.link:
        body.append(f"see: {f.link}")
    return "\n".join(body)


def _suite(root: ET.Element, fr: FileResult, view: View) -> tuple[int, int, int]:
    """Append the file's testsuite; return (tests, failures, errors)."""
    suite = _el(root, "testsuite", name=fr.path, time=f"{fr.seconds:.3f}")
    classname = _classname(fr.path)
    if fr.error is not None:
        case = _el(suite, "testcase", name="mtcheck", classname=classname, file=fr.path, time="0")
        _el(case, "error", fr.error, message=fr.error, type="InputError")
        counts = (1, 0, 1)
    else:
        assert fr.document is not None
        shown = view.visible(fr)
        for f in shown:
            line, col = fr.document.lines.position(f.start)
            case = _el(suite, "testcase", name=f"{f.rule} (line {line}, col {col})", classname=classname,
                       file=fr.path, line=line, time="0")
            _el(case, "failure", _failure_body(fr, f, line, col), message=f.message, type=f.rule)
        if not shown:
            _el(suite, "testcase", name="mtcheck", classname=classname, file=fr.path, time=f"{fr.seconds:.3f}")
        if fr.warnings:
            _el(suite, "system-err", "\n".join(fr.warnings))
        counts = (max(len(shown), 1), len(shown), 0)
    tests, failures, errors = counts
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    return counts


def format_junit(run: RunResult, view: View) -> str:
    root = ET.Element("testsuites", {"name": "mtcheck"})
    total = [0, 0, 0]
    for fr in run.files:
        for i, n in enumerate(_suite(root, fr, view)):
            total[i] += n
    root.set("tests", str(total[0]))
    root.set("failures", str(total[1]))
    root.set("errors", str(total[2]))
    root.set("time", f"{sum(fr.seconds for fr in run.files):.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
