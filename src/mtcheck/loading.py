"""Read input files into Documents: decoding, format detection, blocks, sentences.

Decoding tries, in order: a byte-order mark (UTF-8/16/32), UTF-16 without a
BOM (recognised by its NUL-byte pattern), strict UTF-8, then GB18030 (a
superset of GBK and GB2312, what Chinese Windows tools save). Anything with NUL
bytes that is not UTF-16, or that decodes to control characters, is refused as
binary: better one clear error than a report full of noise.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from mtcheck.document import Document, Sentence
from mtcheck.formats import extractor
from mtcheck.segment import segment_block

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
    doc.blocks, doc.comments = extractor(fmt)(text)
    for bi, block in enumerate(doc.blocks):
        for a, b in segment_block(block.text):
            doc.sentences.append(Sentence(len(doc.sentences), block.text[a:b], block.origin[a:b + 1], bi, block.kind))
    return doc
