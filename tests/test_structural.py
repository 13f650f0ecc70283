"""Structural checks on real sentences: the GAC/SAIC example and native press English."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from mtcheck.document import Block, Document, Sentence
from mtcheck.rules.structural import CHECKS, english_amount, has_finite_candidate, run_check

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
EXAMPLE = SHARED / "examples" / "gac-saic-cooperation.txt"


def make_doc(*texts: str, kinds: list[str] | None = None) -> Document:
    """A document whose sentences are ``texts`` in one paragraph, separated by a space."""
    full = " ".join(texts)
    doc = Document(path="<test>", text=full)
    doc.blocks.append(Block(full, list(range(len(full) + 1))))
    pos = 0
    for i, t in enumerate(texts):
        kind = kinds[i] if kinds else "paragraph"
        doc.sentences.append(Sentence(i, t, list(range(pos, pos + len(t) + 1)), 0, kind))
        pos += len(t) + 1
    return doc


def hits(name: str, text: str, **params) -> list[str]:
    doc = make_doc(text)
    return [text[m.start : m.end] for m in run_check(name, doc.sentences[0], doc, **params)]


def hits_in(name: str, doc: Document, i: int, **params) -> list[str]:
    s = doc.sentences[i]
    return [s.text[m.start : m.end] for m in run_check(name, s, doc, **params)]


# -- the shared GAC/SAIC example -------------------------------------------------------

@pytest.fixture(scope="module")
def example() -> str:
    if not EXAMPLE.exists():
        pytest.skip(f"shared example not found at {EXAMPLE} (../shared is absent)")
    return EXAMPLE.read_text(encoding="utf-8")


def example_doc(text: str, sentences: list[str]) -> Document:
    """Sentences located at their true offsets in the example file."""
    doc = Document(path=str(EXAMPLE), text=text)
    doc.blocks.append(Block(text, list(range(len(text) + 1))))
    pos = 0
    for i, s in enumerate(sentences):
        a = text.index(s, pos)
        doc.sentences.append(Sentence(i, s, list(range(a, a + len(s) + 1)), 0))
        pos = a + len(s)
    return doc


def test_example_fragment_flagged(example: str) -> None:
    frag = (
        "Sharing, creating economies of scale and synergies, thereby improving efficiency, providing "
        "customers with better products and services, and effectively promoting the high-quality "
        "development of China’s auto industry."
    )
    prev = ("This is the first time that two high-end manufacturing enterprises in the Guangdong-Hong "
            "Kong-Macao Greater Bay Area and the Yangtze River Delta Economic Circle have joined hands.")
    doc = example_doc(example, [prev, frag])
    assert hits_in("fragment", doc, 1) == [frag]
    assert hits_in("fragment", doc, 0) == []


def test_example_stray_capital_only_collaborate(example: str) -> None:
    paras = [p.strip() for p in example.split("\n\n") if p.strip()]
    # sentences of the example (split by hand where the file has full stops)
    sentences = [
        "ON December 23, GAC Group and SAIC Group signed a strategic cooperation framework agreement, creating a "
        "new situation for the cooperation and development of the domestic automobile industry.",
        "Under the witness of Zeng Qinghong, Chairman of GAC Group, and Chen Hong, Chairman of SAIC Group, Feng "
        "Xingya, General Manager of GAC Group, and Wang Xiaoqiu, President of SAIC Group, signed the agreement on "
        "behalf of both parties.",
        "This is the first time that two high-end manufacturing enterprises in the Guangdong-Hong Kong-Macao "
        "Greater Bay Area and the Yangtze River Delta Economic Circle have joined hands.",
        "(The picture comes from Xinhuanet)",
        paras[-1].split(" At the same time")[0],
    ]
    doc = example_doc(example, sentences)
    found = [h for i in range(len(sentences)) for h in hits_in("stray_capital", doc, i)]
    assert found == ["Collaborate"]
    m = run_check("stray_capital", doc.sentences[-1], doc)[0]
    assert m.suggestions == ["collaborate"]
    # exact original offsets through the sentence's origin map
    start, end = doc.sentences[-1].span(m.start, m.end)
    assert example[start:end] == "Collaborate"


def test_example_cut_clause_split_and_unsplit(example: str) -> None:
    before = ("At the same time, both parties focus on new business models and plan to strengthen research and "
              "development in car sharing, travel services, separation of vehicles and electricity, etc.")
    after = ("Cooperation; both parties will work together to expand overseas markets and explore cooperation in "
             "overseas terminal network resources, overseas business partners, overseas manufacturing resources, "
             "and international logistics.")
    # the segmenter splits after "etc." + capital: the cut is flagged in the second sentence
    doc = example_doc(example, [before, after])
    assert hits_in("cut_clause", doc, 1) == ["Cooperation;"]
    assert hits_in("cut_clause", doc, 0) == []
    # a segmenter that keeps them together: the span covers "etc. Cooperation;"
    doc = example_doc(example, [before + " " + after])
    assert hits_in("cut_clause", doc, 0) == ["etc. Cooperation;"]


def test_example_end_to_end_with_loader(example: str) -> None:
    loading = pytest.importorskip("mtcheck.loading", reason="mtcheck.loading not available yet")
    doc = loading.load_document(str(EXAMPLE), data=example.encode("utf-8"), format="text")
    found: dict[str, list[str]] = {}
    for s in doc.sentences:
        for name, check in CHECKS.items():
            for m in check.run(s, dict(check.params), doc):
                a, b = s.span(m.start, m.end)
                found.setdefault(name, []).append(doc.text[a:b])
    assert any(t.startswith("Sharing, creating economies") for t in found.get("fragment", []))
    assert found.get("stray_capital") == ["Collaborate"]
    assert any(t in ("Cooperation;", "etc. Cooperation;") for t in found.get("cut_clause", []))
    assert "comma_chain" not in found and "cjk_leftover" not in found


# -- fragment --------------------------------------------------------------------------

def test_fragment_needs_no_finite_verb() -> None:
    assert hits("fragment", "Raising children, supporting the elderly, helping children to build houses and "
                "buy cars, and raising grandchildren from generation to generation.")
    for native in [
        "Building on the success of last year's program, the senator announced new funding, adding that more "
        "work remains.",
        "Working with local officials, we secured funding for the harbor, improving safety and creating jobs.",
        "Improving health care, expanding access to education, and creating jobs remain my top priorities.",
        "The Regulations summarize and promote this, encouraging the mobilization of social forces, and "
        "requiring governments to provide support.",
    ]:
        assert hits("fragment", native) == [], native


def test_fragment_purpose_clause_alone() -> None:
    text = "To assist in the training and transfer of industrial production technology."
    assert hits("fragment", text) == [text]
    assert hits("fragment", text, purpose_clauses=False) == []
    for native in ["To reserve exhibition space please contact the senator's office in Billings.",
                   "To learn more about the program, visit the department's website.",
                   "To view the full text of the bill click on the link below."]:
        assert hits("fragment", native) == [], native


def test_fragment_skips_headings_short_lines_and_labels() -> None:
    text = "Sharing resources, creating synergies, improving efficiency and promoting development."
    doc = make_doc(text, kinds=["heading"])
    assert run_check("fragment", doc.sentences[0], doc) == []
    assert hits("fragment", "Sharing, creating, improving.") == []  # under min_words
    assert hits("fragment", "Contact: Sharing, creating synergies, improving efficiency and promoting growth.") == []
    assert hits("fragment", text, min_words=30) == []


def test_finite_candidate_detector() -> None:
    assert has_finite_candidate("the two parties will explore cooperation".split())
    assert has_finite_candidate("we support the plan".split())
    assert has_finite_candidate("the company supports research".split())
    assert has_finite_candidate("it's a good day".split())
    assert not has_finite_candidate("sharing creating economies of scale and synergies".split())


# -- stray_capital -----------------------------------------------------------------------

def test_stray_capital_names_and_titles_pass() -> None:
    for ok in [
        "Under the witness of Zeng Qinghong, Chairman of GAC Group, and Chen Hong, Chairman of SAIC Group, the "
        "agreement was signed.",
        "The Senate passed the Help America Vote Act and the Promote Reliable Energy Act today.",
        "The UN Educational, Scientific, and Cultural Organization supports the plan.",
        "He said: Support for the program is strong.",
        "Senator Akaka stated, Access to health care is more important than ever.",
        "The bill would: * Provide grants to states; * Extend the period of eligibility.",
    ]:
        assert hits("stray_capital", ok) == [], ok


def test_stray_capital_recurring_word_is_a_name() -> None:
    a = "The company will further Strengthen its research on batteries."
    assert hits("stray_capital", a) == ["Strengthen"]
    doc = make_doc(a, "Its plan is called Strengthen and runs until 2025.")
    assert hits_in("stray_capital", doc, 0) == []
    assert hits_in("stray_capital", doc, 0, skip_recurring=False) == ["Strengthen"]


# -- cut_clause ---------------------------------------------------------------------------

def test_cut_clause_native_semicolons_and_labels_pass() -> None:
    for ok in [
        "Contact: Jane Smith, 202-224-0000.",
        "Background: The bill was introduced in March; it passed the committee in May.",
        "Senators Smith, R-Ore.; Jones, D-Wash.; and Brown, D-Ohio, introduced the bill.",
        "However; this is rare.",
    ]:
        assert hits("cut_clause", ok) == [], ok
    assert hits("cut_clause", "Innovation; the two sides will jointly build a research center.") == ["Innovation;"]
    doc = make_doc("We bought desks, chairs, computers, etc.", "Note: the list is incomplete.")
    assert hits_in("cut_clause", doc, 1) == []
    doc = make_doc("They cooperate in finance, logistics, etc.", "Cooperation: both parties will expand markets.")
    assert hits_in("cut_clause", doc, 1) == ["Cooperation:"]


# -- comma_chain ---------------------------------------------------------------------------

def test_comma_chain_topic_comment() -> None:
    text = ("The main beneficiaries are four parties, one is medical insurance, the expenditure of medical "
            "insurance is less.")
    assert hits("comma_chain", text) == [", one is medical insurance, the expenditure of medical insurance is less"]
    for ok in [
        "If the bill passes, the program will be extended for five years.",
        "The bill, which passed the Senate in May, is now before the House.",
        "The more we invest in research, the more jobs we will create in our state.",
        "The senator voted for the bill, and the House is expected to take it up next week.",
        "It is my hope that through this hearing and our work, we will be able to identify solutions.",
    ]:
        assert hits("comma_chain", ok) == [], ok


# -- script ---------------------------------------------------------------------------------

def test_cjk_runs_and_glosses() -> None:
    assert hits("cjk_leftover", "Revenue hit 100 billion yuan (人民币，下同) in 2019.") == ["人民币，下同"]
    assert hits("cjk_leftover", "Launched-中新网 and 新华社 reported it.") == ["中新网", "新华社"]
    assert hits("cjk_leftover", "The household registration (户口) system.") == []
    assert hits("cjk_leftover", "The household registration (户口) system.", allow_glossed=False) == ["户口"]


def test_fullwidth_punct_suggestions_and_curly_quotes() -> None:
    doc = make_doc("Shanghai，Beijing、Guangzhou（China）。")
    got = [(doc.sentences[0].text[m.start:m.end], m.suggestions[0])
           for m in run_check("fullwidth_punct", doc.sentences[0], doc)]
    assert got == [("，", ", "), ("、", ", "), ("（", " ("), ("）", ")"), ("。", ".")]
    assert hits("fullwidth_punct", "“We are pleased,” he said, ‘and proud.’ — Sales rose 15%…") == []


# -- numbers --------------------------------------------------------------------------------

def test_number_scale_leftovers_and_calques() -> None:
    doc = make_doc("Revenue reached 315.1亿元, up from 3万 yuan, or 31.5 hundred million, and ten thousands.")
    ms = run_check("number_scale", doc.sentences[0], doc)
    got = {doc.sentences[0].text[m.start:m.end]: m.suggestions[0] for m in ms}
    assert got == {
        "315.1亿元": "31.51 billion yuan",
        "3万": "30,000",
        "31.5 hundred million": "3.15 billion",
        "ten thousands": "tens of thousands",
    }
    for ok in ["The company invested 100 million yuan.", "Tens of thousands of people came.",
               "Hundreds of millions of dollars are at stake.", "The grant totals $180,000."]:
        assert hits("number_scale", ok) == [], ok
    assert hits("number_scale", "About 180 thousand square meters.") == []
    assert hits("number_scale", "About 180 thousand square meters.", digit_thousand=True) == ["180 thousand"]
    assert hits("number_scale", "Revenue reached 315.1亿元.", leftovers=False) == []


def test_english_amount() -> None:
    assert english_amount(Decimal("31510000000")) == "31.51 billion"
    assert english_amount(Decimal("30000")) == "30,000"
    assert english_amount(Decimal("1200000000000")) == "1.2 trillion"
    assert english_amount(Decimal("5000000")) == "5 million"


# -- repeated_word, etc_after_such_as -----------------------------------------------------

def test_repeated_word() -> None:
    assert hits("repeated_word", "Volunteers from the the Changsha station.") == ["the the"]
    assert hits("repeated_word", "The the plan was approved.") == ["The the"]
    assert hits("repeated_word", "They cooperate in logistics and\nand finance.") == ["and\nand"]
    for ok in ["She had had enough.", "He argued that that approach would fail.",
               "The grant goes to Pago Pago.", "The vote was 50 50.", "R-CO co-sponsor of the bill."]:
        assert hits("repeated_word", ok) == [], ok


def test_etc_after_such_as() -> None:
    doc = make_doc("They cooperate in fields such as logistics, finance, insurance, etc.")
    (m,) = run_check("etc_after_such_as", doc.sentences[0], doc)
    assert doc.sentences[0].text[m.start:m.end] == "insurance, etc"
    assert m.suggestions == ["insurance"]
    assert hits("etc_after_such_as", "Relics including bronze, jade and porcelain and so on.") == [
        "porcelain and so on"]
    assert hits("etc_after_such_as", "They cooperate in logistics, finance, insurance, etc.") == []
    assert hits("etc_after_such_as", "Programs including Head Start; staff, equipment, etc. are covered.") == []


def test_every_check_declares_defaults_and_doc() -> None:
    expected = {"fragment", "stray_capital", "cut_clause", "comma_chain", "cjk_leftover", "fullwidth_punct",
                "number_scale", "repeated_word", "etc_after_such_as", "spaced_quotes"}
    assert set(CHECKS) == expected
    for name, c in CHECKS.items():
        assert c.name == name and c.doc
    with pytest.raises(KeyError):
        run_check("fragment", make_doc("x").sentences[0], make_doc("x"), no_such_param=1)


# -- spaced_quotes ---------------------------------------------------------------------

def test_spaced_quotes_pair_straight_quotes_across_the_sentences_of_a_paragraph():
    doc = make_doc('" Trade union cadres must do more.', 'They must send care to workers. "', "He left.")
    assert hits_in("spaced_quotes", doc, 0) == ['" ']
    assert hits_in("spaced_quotes", doc, 1) == [' "']
    assert hits_in("spaced_quotes", doc, 2) == []


def test_spaced_quotes_leave_a_paragraph_with_unpaired_straight_quotes_alone():
    # three straight quotes: which one opens cannot be told, so nothing is flagged
    doc = make_doc('He said " yes " and then "no.')
    assert hits_in("spaced_quotes", doc, 0) == []
    # curly quotes say which side they are on by themselves
    assert hits("spaced_quotes", "He said “ yes ” to it.") == ["“ ", " ”"]
