"""Document loading: encodings, bad input, Markdown/HTML extraction, segmentation, exact offsets."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from mtcheck.loading import InputError, load_document
from mtcheck.segment import segment_block

ARTICLE = "GAC Group joined hands with SAIC Group on Dec. 23.\n\nThe two parties will explore cooperation, etc. Cooperation; both parties agree.\n"


def doc_of(text: str, fmt: str = "text", name: str = "t"):
    return load_document(name, data=text.encode("utf-8"), format=fmt)


def assert_offsets_exact(doc) -> None:
    for s in doc.sentences:
        assert s.start < s.end
        assert doc.text[s.start] == s.text[0], (s.text, doc.text[s.start:s.end])
        assert doc.text[s.end - 1] == s.text[-1] or s.text[-1] == "X", (s.text, doc.text[s.start:s.end])
        for i, o in enumerate(s.origin[:-1]):
            if s.text[i] not in "X\n":
                assert doc.text[o] == s.text[i] or doc.text[o] == "&", (s.text, i)


# -- encodings -------------------------------------------------------------------------
@pytest.mark.parametrize("encoding, bom, expected", [
    ("utf-8", b"", "utf-8"),
    ("utf-8", codecs.BOM_UTF8, "utf-8"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be"),
    ("utf-16-le", b"", "utf-16-le"),
    ("utf-16-be", b"", "utf-16-be"),
    ("utf-32-le", codecs.BOM_UTF32_LE, "utf-32-le"),
    ("gb18030", b"", "gb18030"),
])
def test_encodings_are_detected(tmp_path: Path, encoding: str, bom: bytes, expected: str):
    text = "广汽集团 GAC Group signed the agreement with SAIC（上汽）on Monday.\r\nSecond line.\r\n"
    p = tmp_path / "a.txt"
    p.write_bytes(bom + text.encode(encoding))
    doc = load_document(p)
    assert doc.text == text
    assert doc.encoding == expected
    assert doc.bom == bool(bom)
    assert_offsets_exact(doc)


def test_gbk_file_is_read(tmp_path: Path):
    text = "新闻稿：GAC Group and SAIC Group signed a framework agreement in Guangzhou。"
    p = tmp_path / "gbk.txt"
    p.write_bytes(text.encode("gbk"))
    assert load_document(p).text == text


@pytest.mark.parametrize("data, needle", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "binary"),
    (bytes(range(256)) * 4, "binary"),
    (b"\xff\xfe\x00\xd8\x00\xd8", "not valid"),
])
def test_bad_bytes_are_clear_one_line_errors(data: bytes, needle: str):
    with pytest.raises(InputError) as ei:
        load_document("bad.txt", data=data)
    msg = str(ei.value)
    assert "bad.txt" in msg and needle in msg and "\n" not in msg


def test_missing_directory_unreadable_and_huge(tmp_path: Path):
    with pytest.raises(InputError, match="no such file"):
        load_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        load_document(tmp_path)
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 1000)
    with pytest.raises(InputError, match="too large"):
        load_document(big, max_bytes=1000)
    if os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked.txt"
        locked.write_text("x")
        locked.chmod(0)
        with pytest.raises(InputError, match="permission"):
            load_document(locked)


def test_empty_and_whitespace_files_load_without_sentences():
    assert load_document("e.txt", data=b"").sentences == []
    assert load_document("e.md", data=b"  \n\n\t\n").sentences == []


# -- plain text ------------------------------------------------------------------------
def test_plain_text_sentences_are_exact_substrings():
    doc = doc_of(ARTICLE)
    assert [s.text for s in doc.sentences] == [
        "GAC Group joined hands with SAIC Group on Dec. 23.",
        "The two parties will explore cooperation, etc.",
        "Cooperation; both parties agree.",
    ]
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text


def test_shared_example_blocks_and_sentences(example_path: Path):
    doc = load_document(example_path)
    texts = [s.text for s in doc.sentences]
    assert any(t.startswith("Sharing, creating economies of scale") for t in texts)
    assert doc.blocks[0].kind == "heading"
    assert "(The picture comes from Xinhuanet)" in [b.text for b in doc.blocks]
    assert any(t.startswith("ON December 23, GAC Group and SAIC Group signed") for t in texts)
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text


def test_list_items_and_comment_lines():
    doc = doc_of("Intro line here.\n- first item\n- second item\n# mtcheck: disable MT.Terms\nEnd.\n")
    kinds = [b.kind for b in doc.blocks]
    assert kinds.count("list_item") == 2
    assert doc.comments and "mtcheck: disable" in doc.comments[0][2]
    assert all("mtcheck" not in s.text for s in doc.sentences)


def test_crlf_line_and_column():
    doc = doc_of("Line one is here.\r\nLine two joined hands.\r\n")
    assert [s.text for s in doc.sentences] == ["Line one is here.", "Line two joined hands."]
    start = doc.text.index("joined")
    assert doc.lines.position(start) == (2, 10)


# -- segmentation ----------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("GAC Co., Ltd. signed with the U.S. Army on Dec. 23. It costs 3.5 billion yuan.",
     ["GAC Co., Ltd. signed with the U.S. Army on Dec. 23.", "It costs 3.5 billion yuan."]),
    ("Contract No. 5 was signed. J. K. Rowling attended.", ["Contract No. 5 was signed.", "J. K. Rowling attended."]),
    ("该公司表示。它很好！Next one? Yes.", ["该公司表示。", "它很好！", "Next one?", "Yes."]),
    ("Mr. Zeng said: \"We agree.\" Then he left.", ["Mr. Zeng said: \"We agree.\"", "Then he left."]),
    ("They wait... and then go.", ["They wait... and then go."]),
    ("Version 2.0 ships in 2024. It works.", ["Version 2.0 ships in 2024.", "It works."]),
])
def test_segmentation(text, expected):
    assert [text[a:b] for a, b in segment_block(text)] == expected


# -- Markdown --------------------------------------------------------------------------
MD = """---
title: "GAC joins hands with SAIC"
summary: Under the witness of leaders
date: 2024-01-01
tags: [a, b]
---

# Partnership *announced*

The firms **joined hands** with [the government](https://gov.cn/x "t") in `code here` and at https://example.com/a.
Second line of the same paragraph.

```python
joined hands = 1
```

    indented code joined hands

<!-- mtcheck: disable MT.Ceremony -->

- item one is here
- item two with &amp; entity

> quoted text here

| Name | Role |
|------|------|
| Zeng Qinghong | Chairman |

[ref]: https://example.com
"""


def test_markdown_extraction_skips_code_and_keeps_offsets():
    doc = doc_of(MD, fmt="markdown")
    texts = [s.text for s in doc.sentences]
    joined = "\n".join(texts)
    assert "GAC joins hands with SAIC" in texts
    assert "Under the witness of leaders" in texts
    assert "2024-01-01" not in joined and "tags" not in joined
    assert "Partnership announced" in texts
    assert "joined hands = 1" not in joined and "indented code" not in joined
    assert "https" not in joined and "gov.cn" not in joined and "code here" not in joined
    para = [t for t in texts if t.startswith("The firms")][0]
    assert para.startswith("The firms joined hands with the government in X and at X.")
    assert "item two with & entity" in texts
    assert "quoted text here" in texts
    assert "Zeng Qinghong" in texts and "Chairman" in texts
    kinds = {b.kind for b in doc.blocks}
    assert {"title", "front_matter", "heading", "list_item", "quote", "table_cell", "paragraph"} <= kinds
    assert len(doc.comments) == 1 and doc.comments[0][2].startswith("<!-- mtcheck")
    assert_offsets_exact(doc)
    # the title value points inside the quotes
    t = [s for s in doc.sentences if s.text == "GAC joins hands with SAIC"][0]
    assert doc.text[t.start:t.end] == "GAC joins hands with SAIC"
    assert doc.lines.position(t.start) == (2, 9)


def test_markdown_emphasis_removed_but_snake_case_kept():
    doc = doc_of("Use *bold* and __strong__ text with my_var_name here.\n", fmt="markdown")
    assert doc.sentences[0].text == "Use bold and strong text with my_var_name here."


# -- HTML ------------------------------------------------------------------------------
HTML = """<!DOCTYPE html><html><head><title>GAC &amp; SAIC sign deal</title>
<style>p { color: red }</style><script>var joined = "hands";</script></head>
<body><h1>Partnership</h1>
<p>The firms <b>joined hands</b> in Guangzhou&#8217;s district.<br>New line&nbsp;here.</p>
<!-- mtcheck: disable-next-line MT -->
<ul><li>First item.</li><li>Second item.</li></ul>
<pre>code joined hands</pre>
</body></html>"""


def test_html_visible_text_entities_and_offsets():
    doc = doc_of(HTML, fmt="html")
    texts = [s.text for s in doc.sentences]
    joined = "\n".join(texts)
    assert "GAC & SAIC sign deal" in texts
    assert "color" not in joined and "var joined" not in joined and "code joined" not in joined
    assert "The firms joined hands in Guangzhou’s district." in texts
    assert "New line\xa0here." in texts
    assert "First item." in texts and "Second item." in texts
    assert len(doc.comments) == 1
    s = [s for s in doc.sentences if s.text.startswith("The firms")][0]
    a, b = s.span(s.text.index("joined"), s.text.index("joined") + len("joined hands"))
    assert doc.text[a:b] == "joined hands</b"[:12] or doc.text[a:b].startswith("joined hands")
    apo = s.text.index("’")
    assert doc.text[s.origin[apo]:s.origin[apo] + 7] == "&#8217;"


# -- property: origin maps are monotone and in bounds ------------------------------------
md_alphabet = st.sampled_from(list("ab .,*_`#->[]()!\n&;|~") + ["\n\n", "```\n", "<!-- x -->", "https://x.y", "é", "中"])


@settings(max_examples=200, deadline=None)
@given(st.lists(md_alphabet, max_size=80).map("".join), st.sampled_from(["markdown", "text", "html"]))
def test_origin_maps_are_monotone_and_in_bounds(text: str, fmt: str):
    doc = load_document("p", data=text.encode("utf-8"), format=fmt)
    for s in doc.sentences:
        assert len(s.origin) == len(s.text) + 1
        assert all(0 <= o <= len(text) for o in s.origin)
        assert all(x <= y for x, y in zip(s.origin, s.origin[1:]))
        a, b = s.span(0, len(s.text))
        assert 0 <= a < b <= len(text)
