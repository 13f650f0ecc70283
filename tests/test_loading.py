"""Loading input: encodings, BOMs, bad input, stdin naming, format choice, exact offsets."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from mtcheck.loading import InputError, load_document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "documents"
# An English article with Chinese names and full-width punctuation, as Chinese tools save it.
ARTICLE = ("广汽集团（GAC Group）and 上汽集团 signed an agreement on Dec. 23，2023。\r\n"
           "\r\n"
           "The two parties will cooperate in R&D, logistics, etc. Cooperation; both agree.\r\n")


def assert_exact(doc) -> None:
    """Plain text: every sentence is literally the original slice it points at."""
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text
        assert s.origin == list(range(s.start, s.end + 1))


# -- encodings -------------------------------------------------------------------------
@pytest.mark.parametrize("codec, bom, expected", [
    ("utf-8", b"", "utf-8"),
    ("utf-8", codecs.BOM_UTF8, "utf-8"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be"),
    ("utf-16-le", b"", "utf-16-le"),
    ("utf-16-be", b"", "utf-16-be"),
    ("utf-32-le", codecs.BOM_UTF32_LE, "utf-32-le"),
    ("utf-32-be", codecs.BOM_UTF32_BE, "utf-32-be"),
    ("gb18030", b"", "gb18030"),
])
def test_encoding_detection_keeps_text_and_line_endings(tmp_path: Path, codec: str, bom: bytes, expected: str):
    p = tmp_path / "article.txt"
    p.write_bytes(bom + ARTICLE.encode(codec))
    doc = load_document(p)
    assert doc.text == ARTICLE  # BOM removed, CRLF untouched
    assert doc.encoding == expected and doc.bom == bool(bom)
    # the codec name writes the file back byte for byte
    assert (codecs.lookup(doc.encoding).name and (bom + doc.text.encode(doc.encoding))) == p.read_bytes()
    assert [s.text for s in doc.sentences] == [
        "广汽集团（GAC Group）and 上汽集团 signed an agreement on Dec. 23，2023。",
        "The two parties will cooperate in R&D, logistics, etc.",
        "Cooperation; both agree.",
    ]
    assert_exact(doc)


def test_gbk_saved_file_reads_as_gb18030(tmp_path: Path):
    text = "新闻稿：GAC Group and SAIC Group signed a framework agreement in Guangzhou。“双赢”!\n"
    p = tmp_path / "gbk.txt"
    p.write_bytes(text.encode("gbk"))
    doc = load_document(p)
    assert doc.text == text and doc.encoding == "gb18030" and not doc.bom


def test_bom_file_line_and_column_count_from_the_first_real_character(tmp_path: Path):
    p = tmp_path / "bom.txt"
    p.write_bytes(codecs.BOM_UTF8 + "First sentence here.\r\nSecond joined hands.\r\n".encode())
    doc = load_document(p)
    assert doc.bom and doc.text.startswith("First")
    assert doc.lines.position(doc.sentences[0].start) == (1, 1)
    at = doc.text.index("joined")
    assert doc.lines.position(at) == (2, 8)
    # a wrapped line (CRLF inside the paragraph) is not a sentence boundary
    assert len(doc.sentences) == 2 and doc.sentences[1].text == "Second joined hands."


def test_crlf_paragraphs_and_positions():
    text = "Headline without a stop\r\n\r\nFirst line wraps\r\nonto a second. Next one.\r\n"
    doc = load_document("crlf.txt", data=text.encode())
    assert [(s.text, s.kind) for s in doc.sentences] == [
        ("Headline without a stop", "heading"),
        ("First line wraps\r\nonto a second.", "paragraph"),
        ("Next one.", "paragraph"),
    ]
    assert doc.lines.position(doc.sentences[2].start) == (4, 16)
    assert_exact(doc)


# -- errors ----------------------------------------------------------------------------
@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x08\x06\x00\x00\x00",
    bytes(range(1, 32)) * 50,  # control characters, no NULs
    b"Looks fine\x00\x00\x01\x02\x03 but is not" * 20,
])
def test_binary_input_is_refused(data: bytes):
    with pytest.raises(InputError) as ei:
        load_document("image.txt", data=data)
    msg = str(ei.value)
    assert msg.startswith("image.txt:") and "looks like a binary file" in msg and "\n" not in msg


def test_bad_utf16_after_bom_is_undecodable():
    with pytest.raises(InputError, match=r"^bad\.txt: not valid utf-16-le"):
        load_document("bad.txt", data=codecs.BOM_UTF16_LE + b"\x00\xd8\x00\xd8")


def test_missing_and_directory(tmp_path: Path):
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        load_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        load_document(tmp_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read a chmod 0 file")
def test_permission_denied(tmp_path: Path):
    p = tmp_path / "locked.txt"
    p.write_text("Some text.")
    p.chmod(0)
    try:
        with pytest.raises(InputError, match="locked.txt: permission denied"):
            load_document(p)
    finally:
        p.chmod(0o644)


def test_too_large_names_size_and_limit(tmp_path: Path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"word " * 500)
    with pytest.raises(InputError) as ei:
        load_document(p, max_bytes=1000)
    assert str(ei.value) == f"{p}: file too large (2,500 bytes; the limit is 1,000 bytes)"
    with pytest.raises(InputError, match=r"<stdin>: input too large \(2,500 bytes; the limit is 1,000 bytes\)"):
        load_document("-", data=b"word " * 500, max_bytes=1000)


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t  \n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")])
def test_empty_or_blank_input_loads_with_no_sentences(data: bytes):
    doc = load_document("empty.md", data=data)
    assert doc.sentences == [] and doc.blocks == []


# -- stdin and formats -----------------------------------------------------------------
def test_data_reads_nothing_from_disk_and_stdin_is_named():
    doc = load_document("-", data=b"Hello there.")
    assert doc.path == "<stdin>" and doc.format == "text"
    doc = load_document("/no/such/dir/page.html", data=b"<p>Hello <b>there</b>.</p>")
    assert doc.format == "html" and [s.text for s in doc.sentences] == ["Hello there."]


@pytest.mark.parametrize("name, fmt", [
    ("a.md", "markdown"), ("a.MARKDOWN", "markdown"), ("a.mdx", "markdown"),
    ("a.html", "html"), ("a.htm", "html"), ("a.xhtml", "html"),
    ("a.txt", "text"), ("README", "text"), ("a.rst", "text"),
])
def test_format_from_extension(name: str, fmt: str):
    assert load_document(name, data=b"x").format == fmt


def test_format_override_and_unknown_format():
    doc = load_document("a.txt", data=b"Some *bold* words.", format="markdown")
    assert doc.format == "markdown" and doc.sentences[0].text == "Some bold words."
    with pytest.raises(InputError, match="unknown input format 'pdf'"):
        load_document("a.txt", data=b"x", format="pdf")


# -- sentences over the document ---------------------------------------------------------
def test_sentence_indices_blocks_and_kinds_run_over_the_document():
    doc = load_document(FIXTURES / "press-release.md")
    assert [s.index for s in doc.sentences] == list(range(len(doc.sentences)))
    for s in doc.sentences:
        assert s.kind == doc.blocks[s.block].kind
        block = doc.blocks[s.block]
        assert block.origin[0] <= s.start < s.end <= block.origin[-1]
        assert doc.sentence_at(s.start) is s


def test_shared_gac_example(example_path: Path):
    doc = load_document(example_path)
    texts = [s.text for s in doc.sentences]
    sharing = [t for t in texts if t.startswith("Sharing, creating economies of scale")]
    assert sharing == ["Sharing, creating economies of scale and synergies, thereby improving efficiency, "
                       "providing customers with better products and services, and effectively promoting "
                       "the high-quality development of China’s auto industry."]
    caption = [b for b in doc.blocks if b.text == "(The picture comes from Xinhuanet)"]
    assert len(caption) == 1
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].text.startswith("GAC Group joins hands")
    opening = [t for t in texts if t.startswith("ON December 23")]
    assert opening == ["ON December 23, GAC Group and SAIC Group signed a strategic cooperation framework "
                       "agreement, creating a new situation for the cooperation and development of the "
                       "domestic automobile industry."]
    assert "Cooperation; both parties will work together to expand overseas markets and explore cooperation in " \
           "overseas terminal network resources, overseas business partners, overseas manufacturing resources, " \
           "and international logistics." in texts
    assert any(t.endswith("separation of vehicles and electricity, etc.") for t in texts)
    assert_exact(doc)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_mostly_chinese_utf16_without_bom(codec: str):
    text = "广汽集团与上汽集团签署战略合作框架协议，双方将在新能源、智能网联等领域开展合作。\n"
    doc = load_document("zh.txt", data=text.encode(codec))
    assert doc.text == text and doc.encoding == codec


def test_legacy_windows_english_reads_as_cp1252():
    text = "Café résumé — the “win-win” deal.\r\n"
    doc = load_document("win.txt", data=text.encode("cp1252"))
    assert doc.text == text and doc.encoding == "cp1252"


def test_undecodable_high_bytes_are_a_clear_error():
    with pytest.raises(InputError, match=r"^junk\.txt: cannot decode the text"):
        load_document("junk.txt", data=bytes(range(128, 256)) * 3)


def test_plain_text_headline_directly_above_its_paragraph_is_its_own_block():
    text = ("GAC Group joins hands with SAIC Group\n"
            "ON December 23, GAC Group and SAIC Group signed a strategic cooperation framework\n"
            "agreement, creating a new situation for the cooperation of the industry, with\n"
            "SAIC Group and others.\n")
    doc = load_document("a.txt", data=text.encode())
    assert [(b.kind, b.text.split("\n")[0]) for b in doc.blocks] == [
        ("heading", "GAC Group joins hands with SAIC Group"),
        ("paragraph", "ON December 23, GAC Group and SAIC Group signed a strategic cooperation framework"),
    ]
    # the wrapped line ending before "SAIC Group" stays inside the paragraph
    assert doc.sentences[1].text.endswith("with\nSAIC Group and others.")
    assert_exact(doc)


def test_plain_text_list_items_drop_their_markers():
    doc = load_document("a.txt", data="Intro:\n- first item\n(2) second item\n3) third item\n• fourth\n".encode())
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "Intro:"),
        ("list_item", "first item"), ("list_item", "second item"), ("list_item", "third item"),
        ("list_item", "fourth"),
    ]
    assert_exact(doc)


def test_plain_text_comment_lines_are_recorded_not_checked():
    text = "# mtcheck: disable MT.Terms\nFirst para.\n\n// mtcheck: enable\n<!-- mtcheck: disable-next-line -->\nSecond.\n"
    doc = load_document("a.txt", data=text.encode())
    assert [c[2] for c in doc.comments] == ["# mtcheck: disable MT.Terms", "// mtcheck: enable",
                                            "<!-- mtcheck: disable-next-line -->"]
    for start, end, raw in doc.comments:
        assert text[start:end] == raw
    assert [s.text for s in doc.sentences] == ["First para.", "Second."]
    # an ordinary '#' line is prose
    assert load_document("b.txt", data=b"#1 brand in China.").sentences[0].text == "#1 brand in China."
