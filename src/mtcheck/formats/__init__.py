"""Prose extraction per input format: each returns blocks (with origin maps) and comments."""

from __future__ import annotations

from typing import Callable

from mtcheck.document import Block

Extracted = tuple[list[Block], list[tuple[int, int, str]]]


def extractor(fmt: str) -> Callable[[str], Extracted]:
    if fmt == "markdown":
        from mtcheck.formats.markdown import extract
    elif fmt == "html":
        from mtcheck.formats.html import extract
    else:
        from mtcheck.formats.text import extract
    return extract
