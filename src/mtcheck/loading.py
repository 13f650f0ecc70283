"""Read input files into Documents: decoding, format detection, blocks, sentences.

(Interim plain-text loader: Markdown and HTML are read as plain text until the
format extractors land.)
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from mtcheck.document import Block, Document, Sentence

DEFAULT_MAX_BYTES = 20_000_000


class InputError(Exception):
    """A file that cannot be checked; the message is one line naming the file."""


def _decode(data: bytes, name: str) -> tuple[str, str, bool]:
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                     (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc, True
            except UnicodeDecodeError as e:
                raise InputError(f"{name}: not valid {enc} despite its byte-order mark ({e.reason} at byte {e.start})") from None
    if b"\x00" in data[:4096]:
        even = data[0:4096:2].count(0)
        odd = data[1:4096:2].count(0)
        half = max(1, min(len(data), 4096) // 2)
        if odd > 0.3 * half and even < 0.05 * half:
            enc = "utf-16-le"
        elif even > 0.3 * half and odd < 0.05 * half:
            enc = "utf-16-be"
        else:
            raise InputError(f"{name}: looks like a binary file, not text")
        try:
            return data.decode(enc), enc, False
        except UnicodeDecodeError:
            raise InputError(f"{name}: looks like a binary file, not text") from None
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t\f") < 3:
            return text, "gb18030", False
    except UnicodeDecodeError:
        pass
    raise InputError(f"{name}: cannot decode the text (not UTF-8, UTF-16 or GB18030)")


_ABBREV = {"co", "ltd", "inc", "corp", "no", "mr", "mrs", "ms", "dr", "st", "vs", "jan", "feb", "mar", "apr",
           "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gov", "sen", "rep", "jr", "sr", "e.g", "i.e",
           "u.s", "u.k", "a.m", "p.m", "dept", "prof", "gen", "col", "lt", "est", "approx", "fig", "d.c"}
_BOUNDARY = re.compile(r"[.!?。！？]+[\"'”’)\]]*(?=\s+|$)")


def segment_block(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        word = re.search(r"([\w.]+)\.$", text[start:m.start() + 1])
        if m.group().startswith(".") and len(m.group()) == 1 and word:
            w = word.group(1).lower()
            nxt = text[end:].lstrip()[:1]
            if (w in _ABBREV or (len(w) == 1 and w.isalpha())) and not (w == "etc"):
                continue
            if nxt and not (nxt.isupper() or nxt.isdigit() or nxt in "\"“'‘("):
                continue
        spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _text_blocks(text: str) -> list[Block]:
    blocks = []
    for m in re.finditer(r"(?:[^\r\n]*\S[^\r\n]*(?:\r\n|\r|\n)?)+", text):
        a, b = m.span()
        while b > a and text[b - 1] in "\r\n \t":
            b -= 1
        lines = text[a:b].splitlines()
        kind = "paragraph"
        if len(lines) == 1 and not re.search(r"[.!?。;:]\W*$", lines[0]) and len(lines[0].split()) <= 20:
            kind = "heading"
        blocks.append(Block(text[a:b], list(range(a, b + 1)), kind))
    return blocks


def load_document(path: str | Path, *, data: bytes | None = None, format: str | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    name = str(path)
    if data is None:
        p = Path(path)
        try:
            size = p.stat().st_size
            if p.is_dir():
                raise InputError(f"{name}: is a directory")
            if size > max_bytes:
                raise InputError(f"{name}: file too large ({size / 1e6:.1f} MB > limit {max_bytes / 1e6:.1f} MB)")
            data = p.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{name}: no such file") from None
        except PermissionError:
            raise InputError(f"{name}: permission denied") from None
        except OSError as e:
            raise InputError(f"{name}: cannot read: {e.strerror or e}") from None
    elif len(data) > max_bytes:
        raise InputError(f"{name}: input too large ({len(data) / 1e6:.1f} MB > limit {max_bytes / 1e6:.1f} MB)")
    text, enc, bom = _decode(data, name)
    fmt = format or {".md": "markdown", ".markdown": "markdown", ".mdx": "markdown", ".html": "html",
                     ".htm": "html", ".xhtml": "html"}.get(Path(name).suffix.lower(), "text")
    doc = Document(path=name, text=text, encoding=enc, bom=bom, format=fmt)
    doc.blocks = _text_blocks(text)
    for bi, block in enumerate(doc.blocks):
        for a, b in segment_block(block.text):
            doc.sentences.append(Sentence(len(doc.sentences), block.text[a:b], block.origin[a:b + 1], bi, block.kind))
    return doc
