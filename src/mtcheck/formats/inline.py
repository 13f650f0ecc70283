"""Build checkable text from raw pieces of the original, keeping an origin map.

:class:`TextBuilder` appends characters with the original offset each came
from; the Markdown and HTML extractors use it so that removing markup never
loses an exact position.
"""

from __future__ import annotations

from mtcheck.document import Block

#: stands in for skipped inline code and URLs so neighbouring words do not join
PLACEHOLDER = "X"


class TextBuilder:
    def __init__(self) -> None:
        self.chars: list[str] = []
        self.origin: list[int] = []
        self.end: int = 0

    def add(self, text: str, start: int) -> None:
        """Append ``text`` that sits at ``start`` in the original."""
        for i, c in enumerate(text):
            self.chars.append(c)
            self.origin.append(start + i)
        if text:
            self.end = start + len(text)

    def add_mapped(self, text: str, at: int, end: int) -> None:
        """Append ``text`` that replaces the original span ``[at, end)`` (entities, placeholders)."""
        for c in text:
            self.chars.append(c)
            self.origin.append(at)
        self.end = end

    def __len__(self) -> int:
        return len(self.chars)

    def block(self, kind: str) -> Block | None:
        """The trimmed block, or None when it holds no visible text."""
        text = "".join(self.chars)
        a, b = 0, len(text)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a >= b:
            return None
        origin = self.origin[a:b] + [self.origin[b - 1] + 1]
        return Block(text[a:b], origin, kind)
