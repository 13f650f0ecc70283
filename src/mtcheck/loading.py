"""Read input files into Documents: decoding, format detection, blocks, sentences.

Decoding tries, in order: a byte-order mark (UTF-8/16/32), UTF-16 without a
BOM (recognised by its NUL-byte pattern), strict UTF-8, then GB18030 (a
superset of GBK and GB2312, what Chinese Windows tools save) when the result
is plausible text (ASCII, CJK, full-width forms, common punctuation), then
cp1252 for mostly-ASCII text, and last charset-normalizer. Anything with NUL bytes that is not UTF-16, or that decodes
to many control characters, is refused as binary: better one clear error than
a report full of noise. Line endings are never touched, and the BOM is not part
of ``Document.text``, so offsets are the ones an editor shows.

The format comes from the extension (``.md .markdown .mdx`` Markdown, ``.html
.htm .xhtml`` HTML, anything else plain text) unless ``format=`` says otherwise.
Extraction lives in :mod:`mtcheck.formats`, segmentation in :mod:`mtcheck.segment`.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from mtcheck.document import Block, Document, Sentence
from mtcheck.formats import extractor
from mtcheck.segment import segment_block

DEFAULT_MAX_BYTES = 20_000_000
FORMATS = ("text", "markdown", "html")
_EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".mdx": "markdown",
               ".html": "html", ".htm": "html", ".xhtml": "html"}
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1b")


class InputError(Exception):
    """A file that cannot be checked; the message is one line naming the file."""


def _binary(name: str) -> InputError:
    return InputError(f"{name}: looks like a binary file, not text")


def _too_many_controls(text: str) -> bool:
    """More than a handful of C0 control characters (or any NUL): not a text file."""
    sample = text[:65536]
    bad = sum(1 for c in sample if c < " " and c not in _ALLOWED_CONTROLS)
    return "\x00" in sample or bad > max(3, len(sample) // 1000)


def _plausible_chinese_text(text: str) -> bool:
    """Does a GB18030 decoding look like real text rather than mojibake?

    A Latin-1 or random byte file usually decodes under GB18030 too, but into
    rare ideographs, private-use and compatibility characters; a real Chinese
    file is ASCII, common CJK ideographs and CJK/full-width punctuation.
    """
    ok = total = 0
    for c in text:
        if c.isspace():
            continue
        total += 1
        o = ord(c)
        if (o < 0x7F or 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF
                or 0x2000 <= o <= 0x206F or 0xB7 == o or 0x2460 <= o <= 0x24FF or 0x25A0 <= o <= 0x25FF):
            ok += 1
    return total == 0 or ok >= 0.97 * total


def decode(data: bytes, name: str) -> tuple[str, str, bool]:
    """``(text, codec to write back with, had a BOM)``, or :class:`InputError`."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(enc)
            except UnicodeDecodeError as e:
                raise InputError(f"{name}: not valid {enc} despite its byte-order mark "
                                 f"({e.reason} at byte {e.start + len(bom)})") from None
            if _too_many_controls(text):
                raise _binary(name)
            return text, enc, True
    head = data[:4096]
    if b"\x00" in head:
        half = max(1, len(head) // 2)
        even, odd = head[0::2].count(0), head[1::2].count(0)
        # ASCII in UTF-16 has a NUL in every other byte; mostly-Chinese UTF-16 has
        # only a few NULs, so try both byte orders and keep one that reads as text
        if odd > 0.3 * half and even < 0.05 * half:
            enc = "utf-16-le"
        elif even > 0.3 * half and odd < 0.05 * half:
            enc = "utf-16-be"
        else:
            guessed = _utf16_guess(data)
            if guessed is None:
                raise _binary(name)
            return guessed[0], guessed[1], False
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            raise _binary(name) from None
        if _too_many_controls(text):
            raise _binary(name)
        return text, enc, False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _too_many_controls(text):
            raise _binary(name)
        return text, "utf-8", False
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and not _too_many_controls(text) and _plausible_chinese_text(text):
        return text, "gb18030", False
    guessed = _cp1252_guess(data) or _charset_normalizer_guess(data)
    if guessed is not None:
        text, enc = guessed
        if not _too_many_controls(text):
            return text, enc, False
        raise _binary(name)
    if text is not None and _too_many_controls(text):
        raise _binary(name)
    raise InputError(f"{name}: cannot decode the text (not UTF-8, UTF-16, UTF-32 or GB18030); "
                     f"save it as UTF-8")


def _utf16_guess(data: bytes) -> tuple[str, str] | None:
    if len(data) % 2:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if not _too_many_controls(text) and _plausible_chinese_text(text):
            return text, enc
    return None


def _cp1252_guess(data: bytes) -> tuple[str, str] | None:
    """English written on Windows: cp1252 (a superset of Latin-1's letters) when it is mostly ASCII.

    charset-normalizer guesses exotic code pages (cp775, cp1006) for short
    English text with a few accented letters or curly quotes; an English press
    release in a legacy encoding is nearly always cp1252.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    high = sum(1 for c in text if ord(c) > 0x7F)
    return (text, "cp1252") if high <= 0.25 * max(1, len(text)) else None


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    """A last resort for legacy single-byte files (cp1252 and the like)."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it is a declared dependency
        return None
    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        return None
    enc = codecs.lookup(best.encoding).name
    try:
        return data.decode(enc), enc
    except (UnicodeDecodeError, LookupError):
        return None


def detect_format(name: str, format: str | None = None) -> str:
    if format:
        f = format.lower()
        if f in ("md",):
            f = "markdown"
        if f in ("txt", "plain"):
            f = "text"
        if f in ("htm", "xhtml"):
            f = "html"
        if f not in FORMATS:
            raise InputError(f"{name}: unknown input format {format!r} (expected text, markdown or html)")
        return f
    return _EXTENSIONS.get(Path(name).suffix.lower(), "text")


def _read(path: str | Path, name: str, max_bytes: int) -> bytes:
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(f"{name}: is a directory, not a file")
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(f"{name}: file too large ({size:,} bytes; the limit is {max_bytes:,} bytes)")
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a file") from None
    except OSError as e:
        raise InputError(f"{name}: cannot read: {e.strerror or e}") from None
    if len(data) > max_bytes:  # grew while we looked, or a device/pipe without a size
        raise InputError(f"{name}: file too large (over the limit of {max_bytes:,} bytes)")
    return data


def load_document(path: str | Path, *, data: bytes | None = None, format: str | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Decode, extract and segment one input.

    ``data`` given means nothing is read from disk (``path`` only names it;
    ``"-"`` is shown as ``<stdin>``). Raises :class:`InputError` with a one-line
    message for unreadable, binary, undecodable or oversized input; an empty
    file is not an error and loads with no sentences.
    """
    name = "<stdin>" if str(path) == "-" else str(path)
    if data is None:
        data = _read(path, name, max_bytes)
    elif len(data) > max_bytes:
        raise InputError(f"{name}: input too large ({len(data):,} bytes; the limit is {max_bytes:,} bytes)")
    fmt = detect_format(name, format)
    text, enc, bom = decode(data, name)
    doc = Document(path=name, text=text, encoding=enc, bom=bom, format=fmt)
    raw_blocks, doc.comments = extractor(fmt)(text)
    for bi, block in enumerate(raw_blocks):
        ends = getattr(block, "ends", None) or [o + 1 for o in block.origin[:-1]]
        doc.blocks.append(Block(block.text, block.origin, block.kind))
        for a, b in segment_block(block.text):
            origin = block.origin[a:b] + [ends[b - 1]]
            doc.sentences.append(Sentence(len(doc.sentences), block.text[a:b], origin, bi, block.kind,
                                          ends=ends[a:b]))
    return doc
