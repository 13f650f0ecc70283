"""Build checkable text from raw pieces of the original, keeping an origin map.

:class:`TextBuilder` appends characters with the original offset each came
from (and where its source ends: an entity such as ``&amp;`` or a placeholder
for skipped inline code covers several original characters). The Markdown and
HTML extractors use it so that removing markup never loses an exact position.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mtcheck.document import Block

#: Stands in for skipped inline code and URLs so neighbouring words do not join
#: ("run `make` now" is checked as "run X now"). A plain letter keeps
#: tokenizers and grammar checkers happy; its origin is the start of the skipped
#: span and its source end is the end of that span.
PLACEHOLDER = "X"


@dataclass
class SourceBlock(Block):
    """A :class:`Block` that also knows where each character's source ends.

    ``ends[i]`` is the offset just after the original text that produced
    character ``i`` (``origin[i] + 1`` for a copied character, the end of the
    entity or skipped span for a mapped one). The loader uses it so that a
    sentence's end offset is the end of its last character's source, not the
    start of whatever markup follows it ("**bold.**" ends after the ".").
    """

    ends: list[int] = field(default_factory=list)


class TextBuilder:
    def __init__(self) -> None:
        self.chars: list[str] = []
        self.origin: list[int] = []
        self.ends: list[int] = []
        self.end: int = 0

    def add(self, text: str, start: int) -> None:
        """Append ``text`` that sits verbatim at ``start`` in the original."""
        if not text:
            return
        self.chars.append(text)
        self.origin.extend(range(start, start + len(text)))
        self.ends.extend(range(start + 1, start + len(text) + 1))
        self.end = start + len(text)

    def add_positions(self, text: str, positions: list[int]) -> None:
        """Append ``text`` whose characters sit at ``positions`` (one each, increasing)."""
        if not text:
            return
        self.chars.append(text)
        self.origin.extend(positions)
        self.ends.extend(p + 1 for p in positions)
        self.end = positions[-1] + 1

    def add_mapped(self, text: str, at: int, end: int) -> None:
        """Append ``text`` that replaces the original span ``[at, end)`` (entities, placeholders)."""
        for c in text:
            self.chars.append(c)
            self.origin.append(at)
            self.ends.append(max(end, at + 1) if end > at else at)
        self.end = end

    def __len__(self) -> int:
        return len(self.origin)

    def block(self, kind: str) -> SourceBlock | None:
        """The trimmed block, or None when it holds no visible text."""
        text = "".join(self.chars)
        a, b = 0, len(text)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a >= b:
            return None
        origin = self.origin[a:b] + [self.ends[b - 1]]
        return SourceBlock(text[a:b], origin, kind, ends=self.ends[a:b])


def plain_block(text: str, start: int, end: int, kind: str) -> SourceBlock:
    """A block that is the verbatim original ``text[start:end]``."""
    return SourceBlock(text[start:end], list(range(start, end + 1)), kind, ends=list(range(start + 1, end + 1)))
