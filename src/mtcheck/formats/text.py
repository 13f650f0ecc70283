"""Plain text: paragraphs separated by blank lines; headlines, list items and comment lines.

A paragraph's line breaks stay inside its block (press releases wrap lines; a
wrapped line is not a new sentence). A line of its own that starts with
``# mtcheck:`` or ``// mtcheck:`` is a suppression comment, recorded and not
checked, and so is a line holding only an HTML comment (``<!-- mtcheck: ... -->``).
A list item (``- ``, ``* ``, ``• ``, ``1. ``, ``(1)``, ``1)``) starts its own
block, whose text begins after the marker (the bullet is not prose), and a single short line without final punctuation is a
headline (kind ``heading``), so neither is mistaken for a sentence fragment.
"""

from __future__ import annotations

import re

from mtcheck.document import Block

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_COMMENT = re.compile(r"^\s*(?:(?:#|//)\s*mtcheck\s*:|<!--.*-->\s*$)", re.I)
_LIST = re.compile(r"^\s*(?:[-*•·▪●]|\d{1,3}[.)]|\(\d{1,3}\)|[a-z][.)])\s+")
_FINAL = re.compile(r"[.!?。！？;:；：\"'”’)\]]\s*$")


def _lines(text: str):
    pos = 0
    for m in _LINE.finditer(text):
        if m.start() == len(text) and m.end() == m.start():
            break
        raw = m.group()
        body = raw.rstrip("\r\n")
        yield pos, body
        pos = m.end()


def extract(text: str):
    blocks: list[Block] = []
    comments: list[tuple[int, int, str]] = []
    para: list[tuple[int, str]] = []
    kind = "paragraph"
    marker = 0  # length of the list marker on the first line of a list item

    def flush() -> None:
        nonlocal para, kind, marker
        if para:
            a = para[0][0] + max(marker, len(para[0][1]) - len(para[0][1].lstrip()))
            last_start, last = para[-1]
            b = last_start + len(last.rstrip())
            k = kind
            if k == "paragraph" and len(para) == 1 and not _FINAL.search(last) and len(last.split()) <= 20:
                k = "heading"
            if b > a:
                blocks.append(Block(text[a:b], list(range(a, b + 1)), k))
        para = []
        kind = "paragraph"
        marker = 0

    for start, line in _lines(text):
        if not line.strip():
            flush()
            continue
        if _COMMENT.match(line):
            flush()
            lead = len(line) - len(line.lstrip())
            comments.append((start + lead, start + len(line.rstrip()), line.strip()))
            continue
        lm = _LIST.match(line)
        if lm:
            flush()
            kind = "list_item"
            marker = lm.end()
        para.append((start, line))
    flush()
    return blocks, comments
