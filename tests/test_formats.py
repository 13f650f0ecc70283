"""Markdown and HTML extraction: what is checked, what is skipped, and exact offsets back into the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from mtcheck.formats.inline import PLACEHOLDER
from mtcheck.loading import load_document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "documents"


def md(text: str):
    return load_document("t.md", data=text.encode("utf-8"))


def html(text: str):
    return load_document("t.html", data=text.encode("utf-8"))


def texts(doc) -> list[str]:
    return [s.text for s in doc.sentences]


def assert_maps_back(doc) -> None:
    """Each sentence starts and ends on the same characters in the file, and every copied
    character's origin holds that very character."""
    for s in doc.sentences:
        raw = doc.text[s.start:s.end]
        if s.text[0] != PLACEHOLDER:
            assert raw[0] == s.text[0], (s.text, raw)
        if s.text[-1] != PLACEHOLDER:
            assert raw[-1] == s.text[-1], (s.text, raw)
        for ch, o in zip(s.text, s.origin):
            assert ch == PLACEHOLDER or ch.isspace() or doc.text[o] in (ch, "&", "\\"), (s.text, ch, doc.text[o:o + 8])


# -- Markdown ---------------------------------------------------------------------------
def test_markdown_fixture_blocks_kinds_and_comments():
    doc = load_document(FIXTURES / "press-release.md")
    assert doc.format == "markdown"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("title", "GAC joins hands with SAIC"),
        ("front_matter", "Under the witness of both chairmen, it's signed"),
        ("heading", "Strategic cooperation agreement"),
        ("paragraph", "ON December 23, GAC Group and SAIC Group signed a framework agreement.\n"
                      f"The two parties will explore cooperation\nin fields such as {PLACEHOLDER} and logistics, "
                      "etc. Cooperation; both parties agree."),
        ("list_item", "Under the witness of Zeng Qinghong"),
        ("list_item", "Sharing, creating economies of scale"),
        ("quote", "(The picture comes from Xinhuanet)"),
        ("table_cell", "Company"), ("table_cell", "Role"), ("table_cell", "GAC Group"), ("table_cell", "Partner"),
    ]
    assert [c[2] for c in doc.comments] == ["<!-- mtcheck: disable-next-line MT.Ceremony -->"]
    start, end, raw = doc.comments[0]
    assert doc.text[start:end] == raw
    joined = "\n".join(texts(doc))
    for skipped in ("mtcheck check", "https://", "example.com", "Coop\"", "date", "2023-12-23", "```", "|", "**", "#"):
        assert skipped not in joined
    assert_maps_back(doc)


def test_front_matter_values_point_into_the_quotes():
    doc = load_document(FIXTURES / "press-release.md")
    title, summary = doc.sentences[0], doc.sentences[1]
    assert doc.text[title.start:title.end] == "GAC joins hands with SAIC"
    assert doc.lines.position(title.start) == (2, 9)
    # the doubled quote in a single-quoted YAML scalar reads as one quote
    assert doc.text[summary.start:summary.end] == "Under the witness of both chairmen, it''s signed"
    assert doc.lines.position(summary.start) == (3, 11)


def test_front_matter_toml_plain_and_escaped_values():
    doc = md('+++\ntitle = "Say \\"hello\\" now"\ndescription = plain value here # a comment\n'
             'tags = ["x"]\n+++\nBody text.\n')
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("title", 'Say "hello" now'), ("front_matter", "plain value here"), ("paragraph", "Body text.")]
    t = doc.sentences[0]
    assert doc.text[t.start:t.end] == 'Say \\"hello\\" now'
    # a block scalar and unknown keys are skipped, not checked
    doc = md("---\ntitle: >\n  folded\nauthor: Joined Hands\n---\n\nBody.\n")
    assert texts(doc) == ["Body."]


def test_unclosed_front_matter_is_ordinary_text():
    doc = md("---\ntitle: x\n\nSome text here.\n")
    assert "Some text here." in texts(doc)


@pytest.mark.parametrize("fence", ["```", "````", "~~~", "```python title=x", "~~~~ {.js}"])
def test_fenced_code_of_any_length_and_info_string_is_skipped(fence: str):
    closer = fence[:len(fence) - len(fence.lstrip("`~"))]
    inner = "~~~" if closer == "```" else "```"  # a different or shorter fence does not close it
    doc = md(f"Before it.\n\n{fence}\njoined hands = 1\n{inner}\nstill code\n{closer}\n\nAfter it.\n")
    assert texts(doc) == ["Before it.", "After it."]


def test_unclosed_fence_runs_to_the_end():
    assert texts(md("Before.\n\n```\ncode\n\nmore code\n")) == ["Before."]


def test_indented_code_is_skipped_but_list_continuations_are_not():
    doc = md("Para one.\n\n    code line here\n    more code\n\nPara two.\n")
    assert texts(doc) == ["Para one.", "Para two."]
    doc = md("- item one\n\n    continued item text\n")
    assert "continued item text" in "\n".join(texts(doc))


def test_inline_code_urls_and_autolinks_become_one_placeholder_at_the_span_start():
    src = "Run ``a ` b`` then visit https://example.com/x?y=1, <https://a.b/c> or www.gac.com.cn now."
    doc = md(src)
    s = doc.sentences[0]
    P = PLACEHOLDER
    assert s.text == f"Run {P} then visit {P}, {P} or {P} now."
    starts = [s.origin[i] for i, c in enumerate(s.text) if c == P]
    assert [src[o:o + 4] for o in starts] == ["``a ", "http", "<htt", "www."]
    # the character after a placeholder starts right after the skipped text
    i = s.text.index(P)
    assert src[s.origin[i]:s.origin[i + 1]] == "``a ` b``"
    assert_maps_back(doc)


def test_links_images_and_reference_definitions():
    src = ('See [the **agreement**](https://x.y/a "Title") and ![a photo](img.png) or [this][ref].\n\n'
           '[ref]: https://example.com "Ref title"\n')
    doc = md(src)
    assert texts(doc) == ["See the agreement and a photo or this."]
    s = doc.sentences[0]
    at = s.text.index("agreement")
    a, b = s.span(at, at + len("agreement"))
    assert src[a:b] == "agreement"
    assert_maps_back(doc)


def test_html_comments_are_recorded_and_raw_tags_dropped():
    src = "Text <span class=\"x\">inside</span> here.<!-- inline -->\n\n<!--\nmulti\nline\n-->\nAfter.\n"
    doc = md(src)
    assert texts(doc) == ["Text inside here.", "After."]
    assert [c[2] for c in doc.comments] == ["<!-- inline -->", "<!--\nmulti\nline\n-->"]
    for start, end, raw in doc.comments:
        assert src[start:end] == raw


def test_emphasis_markers_removed_and_sentence_ends_exact():
    src = "Some **bold.** Then _italic_ and ~~gone~~ text with snake_case_name, 5 * 3 and ~5 km.\n"
    doc = md(src)
    assert texts(doc) == ["Some bold.", "Then italic and gone text with snake_case_name, 5 * 3 and ~5 km."]
    first = doc.sentences[0]
    assert src[first.start:first.end] == "Some **bold."
    assert_maps_back(doc)


def test_headings_lists_quotes_and_tables():
    src = ("# Title with closing hashes ##\n\nSetext heading\n==============\n\nAnother\n---\n\n"
           "- dash item\n* star item\n+ plus item\n1. numbered item\n2) paren item\n\n"
           "> quoted line one\n> quoted line two\n\n"
           "| A | B |\n|:--|--:|\n| cell `x` one | two |\n")
    doc = md(src)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Title with closing hashes"), ("heading", "Setext heading"), ("heading", "Another"),
        ("list_item", "dash item"), ("list_item", "star item"), ("list_item", "plus item"),
        ("list_item", "numbered item"), ("list_item", "paren item"),
        ("quote", "quoted line one\nquoted line two"),
        ("table_cell", "A"), ("table_cell", "B"), ("table_cell", f"cell {PLACEHOLDER} one"), ("table_cell", "two"),
    ]
    quote = [s for s in doc.sentences if s.kind == "quote"][0]
    assert src[quote.start:quote.end] == "quoted line one\n> quoted line two"
    assert_maps_back(doc)


def test_markdown_crlf_and_bom_positions():
    src = "---\r\ntitle: Hello world\r\n---\r\n\r\n```\r\ncode\r\n```\r\n\r\nThe *deal* was signed.\r\n"
    doc = load_document("x.md", data=b"\xef\xbb\xbf" + src.encode())
    assert doc.bom and doc.text == src
    assert texts(doc) == ["Hello world", "The deal was signed."]
    s = doc.sentences[1]
    assert doc.lines.position(s.start) == (9, 1)
    at = s.text.index("signed")
    assert doc.lines.position(s.span(at, at + 6)[0]) == (9, 16)


# -- HTML -------------------------------------------------------------------------------
def test_html_fixture_visible_text_only():
    doc = load_document(FIXTURES / "press-release.html")
    assert doc.format == "html"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("title", "GAC & SAIC join hands"),
        ("heading", "Strategic cooperation"),
        ("paragraph", "ON December 23, GAC Group and SAIC Group signed an agreement\xa0in Guangzhou’s Tianhe district."),
        ("list_item", f"Run {PLACEHOLDER} before release."),
        ("list_item", "Economies of scale & synergies"),
    ]
    assert [c[2] for c in doc.comments] == ["<!-- mtcheck: disable MT.Ceremony -->"]
    assert doc.text[doc.comments[0][0]:doc.comments[0][1]] == doc.comments[0][2]
    assert_maps_back(doc)


def test_html_entities_map_to_the_entity_start():
    doc = load_document(FIXTURES / "press-release.html")
    para = [s for s in doc.sentences if s.text.startswith("ON December")][0]
    apo = para.text.index("’")
    assert doc.text[para.origin[apo]:para.origin[apo] + 7] == "&#8217;"
    nb = para.text.index("\xa0")
    assert doc.text[para.origin[nb]:para.origin[nb] + 6] == "&nbsp;"
    # a span over the entity covers it whole (the next character starts after it)
    assert doc.text[para.origin[apo + 1]] == "s"
    # the line break and indentation inside <p> read as one space
    wrap = para.text.index("Group signed") + len("Group")
    assert para.text[wrap] == " " and doc.text[para.origin[wrap]:para.origin[wrap + 1]] == "\n     "
    assert doc.lines.position(para.origin[wrap]) == (12, 53)  # the end of "...and SAIC Group"
    assert doc.lines.position(para.start) == (12, 6)


def test_html_block_tags_end_blocks_and_head_is_skipped():
    src = ("<html><head><meta name=x content='y'><link rel=stylesheet></head><body>"
           "<div>One<br>Two<p>Three</p>Four</div><table><tr><th>H</th><td>Cell &amp; more</td></tr></table>"
           "<h2 class=\"a\">Head</h2><blockquote>Quoted</blockquote><pre>skip\ncode</pre></body></html>")
    doc = html(src)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "One"), ("paragraph", "Two"), ("paragraph", "Three"), ("paragraph", "Four"),
        ("table_cell", "H"), ("table_cell", "Cell & more"), ("heading", "Head"), ("quote", "Quoted"),
    ]
    assert_maps_back(doc)


def test_html_crlf_offsets():
    src = "<p>First line\r\nsecond line.</p>\r\n<p>Next <i>para</i>.</p>\r\n"
    doc = html(src)
    assert texts(doc) == ["First line second line.", "Next para."]
    s = doc.sentences[1]
    assert doc.lines.position(s.start) == (3, 4)
    assert src[s.start:s.end] == "Next <i>para</i>."
    assert_maps_back(doc)


# -- properties ---------------------------------------------------------------------------
MD_PIECES = st.sampled_from(
    list("ab .,*_`#->[]()!&;|~:\"'\\") + ["\n", "\n\n", "\r\n", "```\n", "~~~\n", "    ", "<!-- x -->", "<b>", "</b>",
                                         "https://x.y/z", "www.a.b", "&amp;", "&#8217;", "---\n", "title: ", "1. ",
                                         "> ", "| a | b |\n|---|---|\n", "é", "中", "。",
                                         "<p>", "<li>", "<code>", "</code>", "<script>", "<title>", "<![", "\r",
                                         "[^1]", "[x]: ", "](", "![", "<http://a.b>", "# mtcheck: x", "Mr.", "etc."])


@settings(max_examples=300, deadline=None)
@given(st.lists(MD_PIECES, max_size=60).map("".join), st.sampled_from(["markdown", "html", "text"]))
def test_origin_maps_are_monotone_in_bounds_and_sentences_in_order(text: str, fmt: str):
    doc = load_document("p", data=text.encode("utf-8"), format=fmt)
    last_end = 0
    for s in doc.sentences:
        assert len(s.origin) == len(s.text) + 1
        assert all(0 <= o <= len(text) for o in s.origin)
        assert all(x < y for x, y in zip(s.origin, s.origin[1:])), s
        assert s.start >= last_end
        last_end = s.end
        assert not s.text[0].isspace() and not s.text[-1].isspace()
    for b in doc.blocks:
        assert all(x < y for x, y in zip(b.origin, b.origin[1:]))
        if fmt == "markdown":
            assert "<!--" not in b.text
    for start, end, raw in doc.comments:
        assert text[start:end] == raw


def test_markdown_extras_mdx_nested_lists_tasks_quotes_footnotes():
    src = ("import Chart from './chart'\nexport const meta = {title: 'x'}\n\n"
           "<!-- note --> Text after a comment.\n\n"
           "- item\n    - nested item\n    - [x] done task\n\n"
           "> - quoted item\n\n"
           "## Heading {#anchor}\n\n"
           "Line with a hard break\\\nand a note[^1].\n\n[^1]: The note text.\n")
    doc = load_document("page.mdx", data=src.encode())
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "Text after a comment."),
        ("list_item", "item"), ("list_item", "nested item"), ("list_item", "done task"),
        ("quote", "quoted item"),
        ("heading", "Heading"),
        ("paragraph", "Line with a hard break\nand a note."),
        ("paragraph", "The note text."),
    ]
    assert [c[2] for c in doc.comments] == ["<!-- note -->"]
    assert_maps_back(doc)


def test_html_implied_end_tags_do_not_leak_kinds():
    doc = html("<ul><li>One<li>Two</ul>Loose text<table><tr><td>A<td>B</table><p>Para<h2>Head</h2>End")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("list_item", "One"), ("list_item", "Two"), ("paragraph", "Loose text"),
        ("table_cell", "A"), ("table_cell", "B"), ("paragraph", "Para"), ("heading", "Head"), ("paragraph", "End"),
    ]


def test_inline_markup_wrapped_over_lines_is_still_recognised():
    src = ('The parties [signed the\nagreement](https://example.com/a\n"Title") with `code\nspan` and **bold\n'
           'text** here.\n\n> quoted [link\n> text](http://x.y) end\n')
    doc = md(src)
    assert texts(doc) == [f"The parties signed the\nagreement with {PLACEHOLDER} and bold\ntext here.",
                          "quoted link\ntext end"]
    quote = doc.sentences[1]
    assert src[quote.start:quote.end] == "quoted [link\n> text](http://x.y) end"
    assert_maps_back(doc)


@pytest.mark.parametrize("src", ["<![ ", "<![a, b", "<p>x <![if !IE]> y</p>", "<![CDATA[ raw ]]> after"])
def test_malformed_html_declarations_do_not_crash(src: str):
    doc = html(src)
    assert_maps_back(doc)
