"""Group a document's prose into few large texts for a grammar backend, and map spans back.

Grammar engines are fastest (and LanguageTool cheapest in round trips) when
given many sentences at once, but must never see raw markup. So the texts sent
are the document's *blocks* (markup already removed by the loader), joined with
a blank line so each engine still sees paragraph boundaries, in chunks of at
most ``max_chars``. A block longer than that is cut at sentence boundaries, and
a single over-long sentence at whitespace. Every piece keeps its origin map, so
a span in a chunk maps to exact offsets in the original file.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from mtcheck.document import Document
from mtcheck.model import Finding

PARAGRAPH_SEP = "\n\n"
DEFAULT_MAX_CHARS = 20_000


@dataclass
class Piece:
    """A run of checkable text with its origin map (``len(origin) == len(text) + 1``)."""

    text: str
    origin: list[int]
    kind: str = "paragraph"

    def span(self, local_start: int, local_end: int) -> tuple[int, int]:
        """Original offsets of ``[local_start, local_end)``, as :meth:`Sentence.span` does."""
        start = self.origin[local_start]
        if local_end <= local_start:
            return start, start
        return start, max(self.origin[local_end - 1] + 1, start)


@dataclass
class Chunk:
    """One text sent to a backend: pieces joined by separators."""

    text: str = ""
    pieces: list[Piece] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)  # chunk offset of each piece

    def add(self, piece: Piece, sep: str) -> None:
        if self.pieces:
            self.text += sep
        self.offsets.append(len(self.text))
        self.pieces.append(piece)
        self.text += piece.text

    def map_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Original ``(start, end)`` of a chunk span, or None when the span is not
        inside one piece (it touches a separator the engine saw but the file lacks)."""
        i = bisect.bisect_right(self.offsets, start) - 1
        if i < 0:
            return None
        piece, base = self.pieces[i], self.offsets[i]
        ls, le = start - base, end - base
        if ls < 0 or le > len(piece.text):
            return None
        return piece.span(ls, le)


def _split_long(piece: Piece, max_chars: int) -> list[Piece]:
    """Cut a piece longer than ``max_chars`` at the last whitespace before the limit."""
    out: list[Piece] = []
    text, origin, a = piece.text, piece.origin, 0
    while len(text) - a > max_chars:
        cut = text.rfind(" ", a + 1, a + max_chars)
        if cut <= a:
            cut = a + max_chars
        out.append(Piece(text[a:cut], origin[a:cut + 1], piece.kind))
        a = cut
        while a < len(text) and text[a] == " ":
            a += 1
    if a < len(text):
        out.append(Piece(text[a:], origin[a:], piece.kind))
    return out


def document_pieces(doc: Document, max_chars: int = DEFAULT_MAX_CHARS) -> list[tuple[Piece, str]]:
    """The document's prose as ``(piece, separator before it)`` pairs.

    Blocks when the loader made them; otherwise (hand-built documents) sentences.
    """
    out: list[tuple[Piece, str]] = []
    if doc.blocks:
        for bi, block in enumerate(doc.blocks):
            if not block.text.strip():
                continue
            if len(block.text) <= max_chars:
                out.append((Piece(block.text, block.origin, block.kind), PARAGRAPH_SEP))
                continue
            first = True
            for s in (s for s in doc.sentences if s.block == bi):
                for p in _split_long(Piece(s.text, s.origin, s.kind), max_chars):
                    out.append((p, PARAGRAPH_SEP if first else " "))
                    first = False
    else:
        prev_block: int | None = None
        for s in doc.sentences:
            if not s.text.strip():
                continue
            sep = " " if s.block == prev_block else PARAGRAPH_SEP
            for p in _split_long(Piece(s.text, s.origin, s.kind), max_chars):
                out.append((p, sep))
                sep = " "
            prev_block = s.block
    return out


def document_chunks(doc: Document, max_chars: int = DEFAULT_MAX_CHARS) -> list[Chunk]:
    """Pack the document's pieces into chunks of at most ``max_chars`` characters."""
    chunks: list[Chunk] = []
    cur = Chunk()
    for piece, sep in document_pieces(doc, max_chars):
        if cur.pieces and len(cur.text) + len(sep) + len(piece.text) > max_chars:
            chunks.append(cur)
            cur = Chunk()
        cur.add(piece, sep)
    if cur.pieces:
        chunks.append(cur)
    return chunks


def first_time(f: Finding, seen: set[tuple[object, ...]]) -> bool:
    """Record ``f`` in ``seen``; False when this backend already reported the same
    rule on the same span, or the same fix on the same span under another rule."""
    keys: list[tuple[object, ...]] = [("rule", f.rule, f.start, f.end)]
    if f.fix is not None:
        keys.append(("fix", f.start, f.end, f.fix.replacement))
    if any(k in seen for k in keys):
        return False
    seen.update(keys)
    return True
