"""Suppression comments silence named rules in ranges, lines or files, and stale ones are reported."""

from __future__ import annotations

from mtcheck.pipeline import Pipeline, RunOptions

OPTS = RunOptions(grammar=[], lm="none")


def check(text: str, fmt: str = "markdown"):
    with Pipeline(OPTS) as p:
        from mtcheck.loading import load_document

        doc = load_document("t.md", data=text.encode("utf-8"), format=fmt)
        return p.check_document(doc)


def rules_in(res, prefix: str):
    return [f for f in res.findings if f.rule.startswith(prefix)]


BAD = "BYD joined hands with CATL."


def test_disable_enable_region():
    text = f"{BAD}\n\n<!-- mtcheck: disable MT.Ceremony -->\n\n{BAD}\n\n<!-- mtcheck: enable MT.Ceremony -->\n\n{BAD}\n"
    res = check(text)
    hits = rules_in(res, "MT.Ceremony")
    assert len(hits) == 2
    assert not rules_in(res, "MT.Suppression")


def test_disable_next_line_and_file_level():
    text = f"<!-- mtcheck: disable-next-line MT -->\n{BAD}\n\n{BAD}\n"
    assert len(rules_in(check(text), "MT.Ceremony")) == 1
    text = f"<!-- mtcheck: disable-file MT.Ceremony -->\n\n{BAD}\n\n{BAD}\n"
    assert not rules_in(check(text), "MT.Ceremony")


def test_unused_and_invalid_directives_are_reported():
    text = f"<!-- mtcheck: disable MT.Numbers -->\n\n{BAD}\n\n<!-- mtcheck: shush -->\n"
    res = check(text)
    unused = rules_in(res, "MT.Suppression.Unused")
    invalid = rules_in(res, "MT.Suppression.Invalid")
    assert len(unused) == 1 and text[unused[0].start:unused[0].end].startswith("<!--")
    assert len(invalid) == 1
    assert rules_in(res, "MT.Ceremony")
