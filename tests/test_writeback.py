"""--fix writes atomically, keeps encoding/BOM/line endings, and a second run changes nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtcheck.cli import main
from mtcheck.loading import load_document
from mtcheck.writeback import WriteError, write_fixed

ARTICLE = ("Both companies will study the separation of vehicles and electricity.\r\n"
           "\r\nThey install a charging pile in every 城市.\r\n")
FAST = ["--grammar", "none", "--lm", "none", "--no-cache"]


def fix(path: Path, *extra: str):
    return CliRunner().invoke(main, ["check", str(path), "--fix", *FAST, *extra], catch_exceptions=False)


@pytest.mark.parametrize("encoding, bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
                                           ("gb18030", b"")])
def test_fix_keeps_encoding_bom_and_crlf_and_is_idempotent(tmp_path: Path, encoding: str, bom: bytes):
    p = tmp_path / "a.txt"
    p.write_bytes(bom + ARTICLE.encode(encoding))
    r = fix(p)
    raw = p.read_bytes()
    assert raw.startswith(bom)
    text = raw[len(bom):].decode(encoding)
    assert "battery swapping" in text and "separation of vehicles" not in text, r.output
    assert text.count("\r\n") == ARTICLE.count("\r\n")
    assert "城市" in text  # untouched: not a safe fix
    again = fix(p)
    assert p.read_bytes() == raw, again.output


def test_diff_writes_nothing(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8", newline="")
    before = p.read_bytes()
    r = CliRunner().invoke(main, ["check", str(p), "--diff", *FAST])
    assert p.read_bytes() == before
    assert "-Both companies will study the separation of vehicles and electricity." in r.output
    assert "+Both companies will study the battery swapping." in r.output or "battery swapping" in r.output
    assert r.exit_code == 1


def test_failed_replace_leaves_original_intact(tmp_path: Path, monkeypatch):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8", newline="")
    before = p.read_bytes()
    doc = load_document(str(p))

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_fixed(doc, doc.text.replace("charging pile", "charging point"))
    assert p.read_bytes() == before
    assert [x.name for x in tmp_path.iterdir()] == ["a.txt"]  # no temp file left


def test_refuses_when_file_changed_since_read(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8", newline="")
    doc = load_document(str(p))
    p.write_text(ARTICLE + "more\n", encoding="utf-8", newline="")
    with pytest.raises(WriteError, match="changed since it was read"):
        write_fixed(doc, doc.text.replace("charging pile", "charging point"))
