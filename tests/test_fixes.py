"""Fixes never garble text: property tests over overlapping, adjacent and empty spans."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from mtcheck.fixes import apply_fixes, fix_span
from mtcheck.model import Applicability, Finding, Fix, Severity


def finding(start: int, end: int, repl: str, safe: bool = True, span=None) -> Finding:
    return Finding("T.Rule.X", "rules", Severity.WARNING, "m", start, end,
                   fix=Fix(repl, Applicability.SAFE if safe else Applicability.UNSAFE, span))


def test_applies_from_the_end_and_skips_overlaps():
    text = "joined hands and joined hands"
    fs = [finding(0, 12, "teamed up"), finding(7, 12, "X"), finding(17, 29, "teamed up")]
    out, applied = apply_fixes(text, fs)
    assert out == "teamed up and teamed up"
    assert len(applied) == 2


def test_unsafe_only_on_request():
    text = "We actively explore."
    f = finding(3, 12, "", safe=False, span=(3, 12))
    assert apply_fixes(text, [f])[0] == text
    assert apply_fixes(text, [f], unsafe=True)[0] == "We explore."


@st.composite
def text_and_findings(draw):
    text = draw(st.text(alphabet="ab \n", min_size=0, max_size=40))
    n = draw(st.integers(0, 8))
    fs = []
    for _ in range(n):
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, len(text)))
        repl = draw(st.text(alphabet="XY ", max_size=5))
        fs.append(finding(a, b, repl, safe=draw(st.booleans())))
    return text, fs


@settings(max_examples=300, deadline=None)
@given(text_and_findings(), st.booleans())
def test_applied_fixes_never_overlap_and_text_outside_is_kept(data, unsafe):
    text, fs = data
    out, applied = apply_fixes(text, fs, unsafe=unsafe)
    spans = sorted(fix_span(f) for f in applied)
    for (a1, b1), (a2, b2) in zip(spans, spans[1:]):
        assert b1 <= a2 and not (a1 == b1 == a2 == b2)
    # Rebuild the expected output independently, left to right.
    expected, pos = [], 0
    for f in sorted(applied, key=lambda f: fix_span(f)):
        a, b = fix_span(f)
        expected.append(text[pos:a])
        expected.append(f.fix.replacement)
        pos = b
    expected.append(text[pos:])
    assert out == "".join(expected)
    if not unsafe:
        assert all(f.fix.applicability is Applicability.SAFE for f in applied)
