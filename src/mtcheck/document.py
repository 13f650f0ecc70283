"""The document model: decoded original text, the prose blocks to check, and sentences.

Every checkable piece of text keeps an *origin map*: ``origin[i]`` is the offset in
the original decoded text of character ``i`` of the piece, and ``origin[len(text)]``
is the offset just after its last character. Markup (Markdown emphasis, HTML tags,
entities, skipped code) can therefore be removed from what checkers see without ever
losing exact positions in the file the editor opened.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Block:
    """A run of prose (paragraph, heading, list item, front-matter field) to check.

    ``kind`` is informational ("paragraph", "heading", "list_item", "front_matter",
    "title", ...); headings and list items are segmented without requiring a final
    full stop.
    """

    text: str
    origin: list[int]
    kind: str = "paragraph"

    def __post_init__(self) -> None:
        if len(self.origin) != len(self.text) + 1:
            raise ValueError("origin map must have len(text) + 1 entries")


@dataclass
class Sentence:
    """One sentence as checkers see it, with its own origin map into the original."""

    index: int
    text: str
    origin: list[int]
    block: int
    kind: str = "paragraph"
    #: ``ends[i]`` is the original offset just after what produced character ``i``
    #: (an entity or a skipped code span covers several original characters);
    #: None means every character is copied verbatim (``origin[i] + 1``).
    ends: list[int] | None = None

    @property
    def start(self) -> int:
        return self.origin[0]

    @property
    def end(self) -> int:
        return self.origin[-1]

    def span(self, local_start: int, local_end: int) -> tuple[int, int]:
        """Map a ``[local_start, local_end)`` span of ``text`` to original offsets."""
        if not 0 <= local_start <= local_end <= len(self.text):
            raise ValueError(f"span {local_start}..{local_end} outside sentence of length {len(self.text)}")
        start = self.origin[local_start]
        if local_end == local_start:
            return start, start
        # The end is just after the original text of the last character: for a
        # decoded entity that is the end of the whole entity, and markup that
        # follows the character (closing emphasis, tags) is not included.
        if self.ends is not None:
            end = self.ends[local_end - 1]
        else:
            end = self.origin[local_end - 1] + 1
        return start, max(end, start)


class LineIndex:
    """Converts string offsets to 1-based line and column numbers.

    Columns count Python characters (code points), 1-based, as editors like VS
    Code and Vim do for plain text. ``\\r\\n`` and lone ``\\r`` end lines too.
    """

    def __init__(self, text: str) -> None:
        starts = [0]
        i = 0
        n = len(text)
        while i < n:
            c = text[i]
            if c == "\r":
                if i + 1 < n and text[i + 1] == "\n":
                    i += 1
                starts.append(i + 1)
            elif c == "\n":
                starts.append(i + 1)
            i += 1
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1


@dataclass
class Document:
    """A decoded input file and the prose inside it.

    ``text`` is the whole decoded original (BOM removed; line endings untouched),
    so that ``text[finding.start:finding.end]`` is what the finding points at.
    """

    path: str
    text: str
    encoding: str = "utf-8"
    bom: bool = False
    format: str = "text"
    blocks: list[Block] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    #: every comment in the file as (start, end, raw text): HTML/Markdown
    #: ``<!-- ... -->`` and plain-text ``# mtcheck: ...`` lines (suppressions read them)
    comments: list[tuple[int, int, str]] = field(default_factory=list)
    _lines: LineIndex | None = field(default=None, repr=False, compare=False)
    #: per-document indexes that checks looking across sentences build once and
    #: reuse (e.g. the capitalised-word counts of the stray-capital check); keyed by
    #: the check's name, never serialised, written only by the stage that owns the key
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence whose original span contains ``offset`` (binary search)."""
        starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < max(self.sentences[i].end, self.sentences[i].start + 1):
            return self.sentences[i]
        return None
