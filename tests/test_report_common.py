"""Sample runs for the report tests, and tests of the report's shared logic.

The samples are real articles (the shared GAC/SAIC release when ``../shared``
exists, plus an inline one) with hand-made findings at real offsets, covering
every source, every severity, nested and overlapping spans and safe fixes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mtcheck.document import Document, Sentence
from mtcheck.model import Applicability, Finding, Fix, Severity
from mtcheck.report import Thresholds, parse_formats, summarize_run, verdict
from mtcheck.report.diff import apply_safe_fixes, diff_html, fix_diff
from mtcheck.report.summary import NEEDS_EDITS, READY, RETRANSLATE, UNSCORED, slugify, unique_slugs
from mtcheck.results import FileResult, RunResult, SentenceResult

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
GAC = SHARED / "examples" / "gac-saic-cooperation.txt"

INLINE_ARTICLE = (
    "BYD Releases New Blade Battery\n\n"
    "On March 3, BYD held a grand press conference in Shenzhen. The company vigorously promotes "
    "the high-quality development of new energy vehicles. It will continue to deepen cooperation "
    "with partners, etc. Win-win.\n"
)

META = {
    "mtcheck": "0.1.0",
    "backends": {"rules": {"ran": True}, "harper": {"ran": True, "version": "0.2"}, "lm": {"ran": True}},
    "model": "mtcheck-lm-small",
    "rule_packs": ["terms.yaml", "structure.yaml", "style.yaml"],
    "rules": 57,
    "date": "2026-11-24T16:40:00Z",
    "seconds": 1.84,
}


def segment(text: str) -> list[Sentence]:
    """A naive sentence splitter (line breaks and . ! ? ; followed by space): enough for samples."""
    out: list[Sentence] = []
    for m in re.finditer(r"[^\n]+", text):
        line_start = m.start()
        for s in re.finditer(r"\S.*?(?:[.!?;](?=\s|$)|$)", m.group()):
            start, end = line_start + s.start(), line_start + s.end()
            out.append(Sentence(index=len(out), text=text[start:end], origin=list(range(start, end + 1)), block=0))
    return out


def find(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of phrase (fails loudly if the sample changed)."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(phrase, pos + 1)
    return pos, pos + len(phrase)


def finding(
    text: str,
    phrase: str,
    rule: str,
    severity: Severity,
    message: str,
    source: str = "rules",
    suggestions: list[str] | None = None,
    fix: str | None = None,
    safe: bool = True,
    nth: int = 0,
) -> Finding:
    start, end = find(text, phrase, nth)
    return Finding(
        rule=rule,
        source=source,
        severity=severity,
        message=message,
        start=start,
        end=end,
        text=text[start:end],
        suggestions=suggestions or [],
        fix=None if fix is None else Fix(fix, Applicability.SAFE if safe else Applicability.UNSAFE),
    )


def sentence_results(doc: Document, findings: list[Finding]) -> list[SentenceResult]:
    weights = {Severity.ERROR: 0.55, Severity.WARNING: 0.25, Severity.SUGGESTION: 0.08}
    out = []
    for s in doc.sentences:
        risk = 0.05 + sum(weights[f.severity] for f in findings if f.start < s.end and f.end > s.start)
        out.append(SentenceResult(start=s.start, end=s.end, text=s.text, risk=min(risk, 1.0)))
    return out


def file_result(path: str, text: str, findings: list[Finding], score: float | None, seconds: float = 0.4) -> FileResult:
    doc = Document(path=path, text=text)
    doc.sentences = segment(text)
    return FileResult(
        path=path,
        document=doc,
        findings=sorted(findings, key=Finding.sort_key),
        sentences=sentence_results(doc, findings),
        score=score,
        backends=dict(META["backends"]),
        seconds=seconds,
    )


def gac_findings(text: str) -> list[Finding]:
    e, w, s = Severity.ERROR, Severity.WARNING, Severity.SUGGESTION
    fragment = "Sharing, creating economies of scale and synergies, thereby improving efficiency, providing customers"
    return [
        finding(text, "joins hands with", "MT.Terms.JoinHands", w, "'joins hands with' is a calque; write 'teams up with'.",
                suggestions=["teams up with"], fix="teams up with"),
        finding(text, "vehicle electrical separation", "MT.Terms.BatterySwap", w,
                "'vehicle electrical separation' is a calque of 车电分离; write 'battery swapping'.",
                suggestions=["battery swapping"], fix="battery swapping"),
        finding(text, "ON", "MT.Caps.AllCapsWord", w, "'ON' is in capitals mid-text; write 'On'.",
                suggestions=["On"], fix="On"),
        finding(text, "creating a new situation", "MT.Terms.NewSituation", s,
                "'creating a new situation' is an empty phrase from 开创新局面.", suggestions=["opening a new chapter"],
                fix="opening a new chapter", safe=False),
        finding(text, "Under the witness of", "MT.Terms.Witness", w, "Calque of 在...见证下; write 'In the presence of'.",
                suggestions=["In the presence of"], fix="In the presence of"),
        finding(text, "the two parties", "MT.Style.TwoParties", s, "'the two parties' repeated; name the companies.",
                suggestions=["GAC and SAIC"], nth=1),
        finding(text, fragment, "MT.Structure.Fragment", e, "Sentence fragment: no main verb.",
                suggestions=["Rewrite as a full sentence."]),
        finding(text, "effectively", "MT.Style.Intensifier", s, "Intensifier adds nothing; delete it.",
                suggestions=[""], fix="", safe=False),
        finding(text, "Sharing", "HARPER.Capitalization", s, "Nested grammar note inside the fragment.",
                source="grammar"),
        finding(text, "The pattern and other aspects are facing profound changes.", "LM.Surprisal", w,
                "This sentence reads as unlikely English (surprisal 9.4 bits/token).", source="fluency"),
        finding(text, "discuss Collaborate", "MT.Caps.StrayCapital", w, "Stray capital: 'Collaborate' mid-sentence.",
                suggestions=["discuss collaboration"], fix="discuss collaboration"),
        finding(text, "Collaborate and cooperate", "HARPER.Redundancy", s, "Redundant pair: 'collaborate and cooperate'.",
                source="grammar", suggestions=["cooperate"]),
        finding(text, "etc. Cooperation;", "MT.Structure.CutClause", e,
                "Clause cut off by a full stop: 'etc. Cooperation;' is not a sentence."),
        finding(text, "separation of vehicles and electricity", "MT.Terms.BatterySwap", w,
                "'separation of vehicles and electricity' is a calque of 车电分离; write 'battery swapping'.",
                suggestions=["battery swapping", "vehicle-battery separation"], fix="battery swapping"),
    ]


def inline_findings(text: str) -> list[Finding]:
    w, s, e = Severity.WARNING, Severity.SUGGESTION, Severity.ERROR
    return [
        finding(text, "vigorously", "MT.Style.Intensifier", s, "Intensifier adds nothing; delete it.", suggestions=[""]),
        finding(text, "grand", "MT.Style.Intensifier", s, "'grand' is puffery.", suggestions=[""]),
        finding(text, "etc. Win-win.", "MT.Structure.CutClause", e, "Clause cut off after 'etc.'"),
        finding(text, "deepen cooperation", "MT.Terms.DeepenCooperation", w, "Calque of 深化合作; write 'work more closely'.",
                suggestions=["work more closely"], fix="work more closely"),
    ]


def gac_result() -> FileResult:
    if not GAC.exists():
        pytest.skip(f"shared example {GAC} absent (../shared not mounted)")
    text = GAC.read_text(encoding="utf-8")
    return file_result(str(GAC), text, gac_findings(text), score=61.5, seconds=1.2)


def inline_result(path: str = "batch/byd-blade.md") -> FileResult:
    return file_result(path, INLINE_ARTICLE, inline_findings(INLINE_ARTICLE), score=78.0)


def sample_run(with_gac: bool = True) -> RunResult:
    files = [inline_result()]
    if with_gac:
        files.insert(0, gac_result())
    files.append(FileResult(path="batch/broken.docx", document=None, error="cannot decode: not a text file"))
    clean = "Tesla opened a new factory in Berlin on Tuesday. Production starts next year.\n"
    files.append(file_result("batch/clean.txt", clean, [], score=97.0, seconds=0.1))
    return RunResult(files=files, meta=dict(META))


# ---- tests of the shared logic ------------------------------------------------


def test_verdict_thresholds_default_and_custom() -> None:
    assert verdict(90, Thresholds()) == READY
    assert verdict(89.9, Thresholds()) == NEEDS_EDITS
    assert verdict(75, Thresholds()) == NEEDS_EDITS
    assert verdict(74.9, Thresholds()) == RETRANSLATE
    assert verdict(None, Thresholds()) == UNSCORED
    strict = Thresholds(ready=95, edits=80)
    assert verdict(90, strict) == NEEDS_EDITS
    assert verdict(79, strict) == RETRANSLATE
    # a broken sentence keeps a high-scoring article from "ready", unless switched off
    assert verdict(95, Thresholds(), errors=1) == NEEDS_EDITS
    assert verdict(95, Thresholds(errors_block_ready=False), errors=1) == READY
    assert verdict(50, Thresholds(), errors=3) == RETRANSLATE


def test_thresholds_reject_inverted_order() -> None:
    with pytest.raises(ValueError):
        Thresholds(ready=50, edits=70)
    with pytest.raises(ValueError):
        Thresholds(ready=120)


def test_slugs_are_safe_unique_and_avoid_index() -> None:
    # the last "/" (inside "</script>") starts the file name
    assert slugify('dir/<script>alert(1)</script>" onmouseover="x.txt') == "script_onmouseover_x"
    assert slugify("<script>alert(1)<script>.txt") == "script_alert_1_script"
    assert slugify("news/index.md") == "index-article"
    assert unique_slugs(["a/x.txt", "b/x.txt", "c/X.md", "x-2.txt"]) == ["x", "x-2", "X-3", "x-2-2"]


def test_summary_counts_and_order() -> None:
    run = RunResult(files=[inline_result()], meta=META)
    (s,) = summarize_run(run)
    assert s.counts["rules"] == {"error": 1, "warning": 1, "suggestion": 2}
    assert s.total() == 4
    assert [nf.finding.severity for nf in s.numbered] == sorted((nf.finding.severity for nf in s.numbered), reverse=True)
    first = s.numbered[0]
    assert first.finding.rule == "MT.Structure.CutClause"
    # line:col of "etc. Win-win." in the inline article: third line
    assert (first.line, first.column) == (3, INLINE_ARTICLE.splitlines()[2].index("etc.") + 1)


def test_batch_order_is_worst_first() -> None:
    summaries = summarize_run(sample_run(with_gac=False))
    ordered = [s.path for s in sorted(summaries, key=lambda s: s.sort_key())]
    assert ordered == ["batch/broken.docx", "batch/byd-blade.md", "batch/clean.txt"]


def test_safe_fixes_only_and_never_overlapping() -> None:
    text = "Under the witness of the chairman, they joined hands."
    w = Severity.WARNING
    fs = [
        finding(text, "Under the witness of", "A", w, "m", fix="In the presence of"),
        finding(text, "witness of the", "B", w, "m", fix="XX"),  # overlaps A: skipped
        finding(text, "joined hands", "C", w, "m", fix="teamed up"),
        finding(text, "chairman", "D", w, "m", fix="CHAIR", safe=False),  # unsafe: skipped
    ]
    fixed, applied = apply_safe_fixes(text, fs)
    assert fixed == "In the presence of the chairman, they teamed up."
    assert [f.rule for f in applied] == ["A", "C"]


def test_fix_diff_marks_only_the_words_each_fix_changes() -> None:
    text = "Under the witness of the chairman, they <b>joined hands</b> to discuss Collaborate."
    w = Severity.WARNING
    fs = [
        finding(text, "Under the witness of", "A", w, "m", fix="In the presence of"),
        finding(text, "joined hands", "B", w, "m", fix="teamed up"),
        finding(text, "discuss Collaborate", "C", w, "m", fix="discuss collaboration"),
    ]
    fixed, applied = apply_safe_fixes(text, fs)
    assert [(p.op, p.text) for p in fix_diff(text, applied)] == [
        ("delete", "Under the witness"),
        ("insert", "In the presence"),
        ("equal", " of the chairman, they <b>"),
        ("delete", "joined hands"),
        ("insert", "teamed up"),
        ("equal", "</b> to discuss "),
        ("delete", "Collaborate"),
        ("insert", "collaboration"),
        ("equal", "."),
    ]
    assert "".join(p.text for p in fix_diff(text, applied) if p.op != "delete") == fixed
    assert diff_html(text, applied).startswith(
        "<del>Under the witness</del><ins>In the presence</ins> of the chairman, they &lt;b&gt;<del>"
    )


def test_parse_formats() -> None:
    assert parse_formats("html,md,json") == ["html", "md", "json"]
    assert parse_formats(["markdown", "html", "md"]) == ["md", "html"]
    with pytest.raises(ValueError):
        parse_formats("pdf")
