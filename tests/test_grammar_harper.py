"""Harper through harper-py on real sentences, offsets mapped back through origin maps."""

from __future__ import annotations

import pytest

from conftest import require_shared
from mtcheck.checkers import Checker
from mtcheck.checkers.grammar import make_grammar_checkers
from mtcheck.checkers.grammar.chunks import Chunk, Piece, document_chunks
from mtcheck.checkers.grammar.harper import HarperChecker
from mtcheck.document import Block, Document, Sentence
from mtcheck.loading import load_document
from mtcheck.model import Applicability

harper = pytest.importorskip("harper", reason="harper-py is not installed")


@pytest.fixture(scope="module")
def checker() -> HarperChecker:
    return HarperChecker()


def sentence_doc(text: str, path: str = "inline.txt") -> Document:
    return Document(path, text, sentences=[Sentence(0, text, list(range(len(text) + 1)), 0)])


def test_wrong_article_becomes_an_unsafe_fix(checker: HarperChecker) -> None:
    doc = sentence_doc("This is an test.")
    res = checker.check(doc)
    [f] = [f for f in res.findings if f.rule == "HARPER.AnA"]
    assert (f.start, f.end, f.text) == (8, 10, "an")
    assert f.source == "grammar" and f.suggestions == ["a"]
    assert f.fix is not None and f.fix.replacement == "a" and f.fix.applicability is Applicability.UNSAFE
    assert f.meta["kind"] == "Miscellaneous"
    assert res.backends["harper"]["ran"] is True and res.backends["harper"]["version"]


def test_agreement_and_real_typo_are_reported(checker: HarperChecker) -> None:
    doc = sentence_doc("He go to school. The compnay said so.")
    rules = {(f.rule, f.text) for f in checker.check(doc).findings}
    assert ("HARPER.PronounVerbAgreement", "go") in rules
    assert ("HARPER.SpellCheck", "compnay") in rules


def test_any_variety_accepts_british_and_american_spelling(checker: HarperChecker) -> None:
    text = "The centre and the center of the programme were organised by the licence office."
    assert [f.text for f in checker.check(sentence_doc(text)).findings if f.rule == "HARPER.SpellCheck"] == []
    strict = HarperChecker(language="en-US")
    flagged = {f.text for f in strict.check(sentence_doc(text)).findings if f.rule == "HARPER.SpellCheck"}
    assert {"centre", "programme", "licence"} <= flagged
    # a real typo is still one in either variety
    assert [f.text for f in checker.check(sentence_doc("The goverment said.")).findings
            if f.rule == "HARPER.SpellCheck"] == ["goverment"]


def test_acronyms_codes_and_host_names_are_not_spelling_errors(checker: HarperChecker) -> None:
    text = ("DPA said the EU and Gree Electric (000651.SZ) met the post-90s savers "
            "on the G109 road, Xinhua English.news.cn reported.")
    assert [f.text for f in checker.check(sentence_doc(text)).findings if f.rule == "HARPER.SpellCheck"] == []


def test_house_style_rules_only_when_picky(checker: HarperChecker) -> None:
    text = "The government re-opened the park and sold apples, pears and plums..."
    default = {f.rule for f in checker.check(sentence_doc(text)).findings}
    picky = {f.rule for f in HarperChecker(picky=True).check(sentence_doc(text)).findings}
    assert not default & {"HARPER.DisjointPrefixes", "HARPER.OxfordComma", "HARPER.UseEllipsisCharacter"}
    assert {"HARPER.DisjointPrefixes", "HARPER.OxfordComma", "HARPER.UseEllipsisCharacter"} <= picky


def test_capital_a_inside_a_sentence_is_not_an_article(checker: HarperChecker) -> None:
    text = "Inter is the only team never absent from Serie A and the only one with an title."
    flagged = [(f.rule, f.text) for f in checker.check(sentence_doc(text)).findings if f.rule == "HARPER.AnA"]
    assert flagged == [("HARPER.AnA", "an")]


def test_quotation_over_paragraphs_follows_the_reopening_convention(checker: HarperChecker) -> None:
    # each paragraph of a long quotation opens with a quote mark; only the last one closes
    text = ('The minister spoke at length.\n\n"We will invest more in the region this year.\n\n'
            '"We will also hire more staff," he said.\n')
    doc = load_document("quote.txt", data=text.encode("utf-8"))
    assert [f for f in checker.check(doc).findings if f.rule == "HARPER.UnclosedQuotes"] == []
    # a quotation cut by a paragraph break without reopening is still reported
    broken = load_document("broken.txt", data=b'He said that "the plan\n\nworks well" today.\n')
    flagged = [f for f in checker.check(broken).findings if f.rule == "HARPER.UnclosedQuotes"]
    assert [(f.start, f.text) for f in flagged] == [(13, '"'), (34, '"')]


def test_a_stop_inside_a_host_name_is_not_a_sentence_end(checker: HarperChecker) -> None:
    doc = sentence_doc("The deal was reported by Xinhua English.news.cn on Monday.")
    assert [f for f in checker.check(doc).findings if f.rule == "HARPER.SentenceCapitalization"] == []


def test_clean_sentence_has_no_findings(checker: HarperChecker) -> None:
    doc = sentence_doc("The two companies signed the agreement in Shanghai on Tuesday.")
    assert checker.check(doc).findings == []


def test_offsets_map_through_markup_removed_by_the_loader(checker: HarperChecker) -> None:
    original = "# Title here\n\n**This** is an *test*."
    text = "This is an test."
    # where each character of the markup-free block sits in the original
    pos = original.index("**This**") + 2
    mapping = []
    for ch in text:
        while original[pos] != ch:
            pos += 1
        mapping.append(pos)
        pos += 1
    origin = mapping + [mapping[-1] + 1]
    doc = Document("a.md", original, format="markdown",
                   blocks=[Block("Title here", list(range(2, 13)), "heading"), Block(text, origin)],
                   sentences=[Sentence(0, "Title here", list(range(2, 13)), 0, "heading"),
                              Sentence(1, text, origin, 1)])
    [f] = [f for f in checker.check(doc).findings if f.rule == "HARPER.AnA"]
    assert original[f.start:f.end] == "an" and f.text == "an"
    assert f.start == original.index(" an ") + 1


def test_sentences_only_document_checks_every_sentence(checker: HarperChecker) -> None:
    a, b = "It was an good day.", "He go home."
    text = a + " " + b
    doc = Document("s.txt", text, sentences=[
        Sentence(0, a, list(range(len(a) + 1)), 0),
        Sentence(1, b, list(range(len(a) + 1, len(text) + 1)), 0),
    ])
    found = {(f.rule, doc.text[f.start:f.end]) for f in checker.check(doc).findings}
    assert ("HARPER.AnA", "an") in found and ("HARPER.PronounVerbAgreement", "go") in found


def test_chunk_spans_crossing_a_separator_are_dropped() -> None:
    chunk = Chunk()
    chunk.add(Piece("One the", list(range(8))), "\n\n")
    chunk.add(Piece("the two", list(range(20, 28))), "\n\n")
    assert chunk.text == "One the\n\nthe two"
    assert chunk.map_span(4, 7) == (4, 7)
    assert chunk.map_span(9, 12) == (20, 23)
    assert chunk.map_span(4, 12) is None  # "the\n\nthe" spans two blocks
    assert chunk.map_span(7, 9) is None


def test_long_documents_are_split_into_bounded_chunks() -> None:
    para = "The company said that sales rose. " * 20
    text = "\n\n".join([para.strip()] * 30)
    doc = load_document("long.txt", data=text.encode(), format="text")
    chunks = document_chunks(doc, max_chars=2_000)
    assert len(chunks) > 1 and all(len(c.text) <= 2_000 for c in chunks)
    # every block's text sits in some chunk exactly once
    assert sum(len(c.pieces) for c in chunks) == len(doc.blocks)


def test_no_spelling_findings_on_names_in_the_example(checker: HarperChecker) -> None:
    path = require_shared("examples", "gac-saic-cooperation.txt")
    doc = load_document(path)
    res = checker.check(doc)
    spelling = [f.text for f in res.findings if f.meta["kind"] == "Spelling"]
    assert spelling == []
    for name in ("Zeng", "Qinghong", "Feng", "Xingya", "Wang", "Xiaoqiu", "GAC", "SAIC", "Xinhuanet"):
        assert name in doc.text
    # without the name filter Harper does flag them: the filter is what removes them
    raw = harper.Linter().lint(doc.text, language="plaintext")
    assert {"Qinghong", "Xingya", "Xiaoqiu", "Xinhuanet"} <= {l.problem_text for l in raw}
    keys = [(f.rule, f.start, f.end) for f in res.findings]
    assert len(keys) == len(set(keys))


def test_names_only_in_configured_accept_words_are_silenced() -> None:
    doc = sentence_doc("We met Zhuoyue yesterday.")
    assert any(f.text == "Zhuoyue" for f in HarperChecker().check(doc).findings)
    assert not any(f.text == "Zhuoyue" for f in HarperChecker(accept_words=["Zhuoyue"]).check(doc).findings)


def test_factory_builds_harper_and_rejects_unknown_backends() -> None:
    [c] = make_grammar_checkers(["harper"])
    assert isinstance(c, Checker) and c.name == "harper" and c.source == "grammar"
    assert make_grammar_checkers(["none"]) == []
    with pytest.raises(ValueError, match="unknown grammar backend"):
        make_grammar_checkers(["grammarly"])


def test_disabled_harper_rule_is_not_reported() -> None:
    doc = sentence_doc("This is an test.")
    c = HarperChecker(disabled_rules=["HARPER.AnA"])
    assert not any(f.rule == "HARPER.AnA" for f in c.check(doc).findings)


def test_same_span_reported_once_per_backend() -> None:
    from mtcheck.checkers.grammar.chunks import first_time
    from mtcheck.model import Finding, Fix, Severity

    def f(rule: str, fix: str | None) -> Finding:
        return Finding(rule, "grammar", Severity.WARNING, "m", 3, 5, fix=Fix(fix) if fix else None)

    seen: set = set()
    assert first_time(f("HARPER.A", "x"), seen)
    assert not first_time(f("HARPER.A", "y"), seen)  # same rule, same span
    assert not first_time(f("HARPER.B", "x"), seen)  # same fix, same span
    assert first_time(f("HARPER.B", "z"), seen)


def test_no_sentence_capitalization_finding_after_company_abbreviations():
    from mtcheck.loading import load_document

    checker = HarperChecker()
    doc = load_document("t.txt", data=b"The Hunan Co. said yes. It ended. then it went on.\n")
    rules = [(f.rule, f.text) for f in checker.check(doc).findings]
    assert ("HARPER.SentenceCapitalization", "then") in rules
    assert not any(t == "said" for _, t in rules)
