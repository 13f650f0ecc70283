"""Convert between UTF-16 code-unit offsets (how LanguageTool counts) and Python indices.

LanguageTool runs on the JVM, whose strings are UTF-16: a character outside the
Basic Multilingual Plane (most emoji, rare CJK ideographs) counts as two units
there and as one ``str`` index here. Every offset and length in a LanguageTool
answer must go through :class:`Utf16Index` before it touches the text, or every
finding after the first emoji points one character too far.
"""

from __future__ import annotations

import bisect


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units."""
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


class Utf16Index:
    """Maps UTF-16 offsets of one text to ``str`` indices (and back).

    Built once per request text; costs nothing extra for BMP-only text, the
    common case, and a binary search per offset otherwise.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        # str indices of the astral (two-unit) characters, ascending
        self._astral = [i for i, c in enumerate(text) if ord(c) > 0xFFFF]
        # UTF-16 offset at which each astral character starts
        self._astral_u16 = [i + k for k, i in enumerate(self._astral)]
        self.units = len(text) + len(self._astral)

    def to_index(self, offset: int) -> int:
        """The ``str`` index of UTF-16 ``offset`` (an offset inside a surrogate pair
        rounds up to the next character, so spans never split an emoji)."""
        if not 0 <= offset <= self.units:
            raise ValueError(f"UTF-16 offset {offset} outside text of {self.units} units")
        if not self._astral:
            return offset
        # number of astral characters starting strictly before `offset`
        k = bisect.bisect_left(self._astral_u16, offset)
        index = offset - k
        if k and self._astral_u16[k - 1] + 1 == offset:  # middle of a surrogate pair
            index += 1
        return index

    def to_utf16(self, index: int) -> int:
        """The UTF-16 offset of ``str`` index ``index``."""
        if not 0 <= index <= len(self.text):
            raise ValueError(f"index {index} outside text of length {len(self.text)}")
        return index + bisect.bisect_left(self._astral, index)

    def span(self, offset: int, length: int) -> tuple[int, int]:
        """``(start, end)`` ``str`` indices of a UTF-16 ``offset``/``length`` pair."""
        if length < 0:
            raise ValueError(f"negative length {length}")
        return self.to_index(offset), self.to_index(offset + length)
