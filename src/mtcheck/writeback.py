"""Write fixed text back to disk without ever losing the original.

The write is atomic (temporary file in the same directory, flushed and fsynced,
then ``os.replace``), keeps the file's encoding, BOM, line endings and
permission bits, and refuses to write when the original bytes would not
round-trip through the detected encoding (a lossy decode must never become a
lossy file).
"""

from __future__ import annotations

import codecs
import difflib
import os
import stat
import tempfile
from pathlib import Path

from mtcheck.document import Document

_BOMS = {
    "utf-8": codecs.BOM_UTF8,
    "utf-8-sig": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}


class WriteError(Exception):
    """The fixed text could not be written safely; the original is untouched."""


def _codec(doc: Document) -> str:
    enc = codecs.lookup(doc.encoding).name
    if enc == "utf-8-sig":
        return "utf-8"
    if enc in ("utf-16", "utf-32"):
        # Plain utf-16/32 codecs write their own BOM in native order; be explicit.
        return enc + "-le"
    return enc


def encode(doc: Document, text: str) -> bytes:
    codec = _codec(doc)
    body = text.encode(codec)
    if doc.bom:
        bom = _BOMS.get(codec)
        if bom is None:
            raise WriteError(f"{doc.path}: cannot write a BOM for encoding {doc.encoding}")
        body = bom + body
    return body


def unified_diff(doc: Document, new_text: str) -> str:
    """A unified diff of the original and the fixed text (``--diff``)."""
    a = doc.text.splitlines(keepends=True)
    b = new_text.splitlines(keepends=True)
    lines = difflib.unified_diff(a, b, fromfile=f"a/{doc.path}", tofile=f"b/{doc.path}")
    out = []
    for ln in lines:
        out.append(ln if ln.endswith(("\n", "\r")) else ln + "\n\\ No newline at end of file\n")
    return "".join(out)


def write_fixed(doc: Document, new_text: str) -> bool:
    """Atomically replace ``doc.path`` with ``new_text``; False when nothing changed."""
    if new_text == doc.text:
        return False
    path = Path(doc.path)
    try:
        original = path.read_bytes()
    except OSError as e:
        raise WriteError(f"{doc.path}: cannot re-read before writing: {e}") from None
    if encode(doc, doc.text) != original:
        raise WriteError(
            f"{doc.path}: the file changed since it was read, or its encoding ({doc.encoding}) "
            "does not round-trip exactly; not writing"
        )
    data = encode(doc, new_text)
    mode = stat.S_IMODE(path.stat().st_mode)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".mtcheck-tmp", dir=str(path.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return True
