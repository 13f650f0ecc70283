"""Plain text: paragraphs separated by blank lines; headlines, list items and comment lines.

A paragraph's line breaks stay inside its block (press releases wrap lines; a
wrapped line is not a new sentence). A line of its own that starts with
``# mtcheck:`` or ``// mtcheck:`` is a suppression comment, recorded and not
checked, and so is a line holding only an HTML comment (``<!-- mtcheck: ... -->``).
A list item (``- ``, ``* ``, ``• ``, ``1. ``, ``(1)``, ``1)``) starts its own
block, whose text begins after the marker (the bullet is not prose), and a single short line without final punctuation is a
headline (kind ``heading``), so neither is mistaken for a sentence fragment. A
headline typed directly above its paragraph (no blank line) is cut off too, when
it is clearly shorter than the paragraph's wrapped lines (see ``_split_headlines``).
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


def _split_headlines(para: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Cut headline-like lines off the paragraph they sit directly above.

    "GAC joins hands with SAIC" on the line above "ON December 23, ..." with no
    blank line between is a headline, not the start of a wrapped sentence: the
    line has no final punctuation, is short next to the paragraph's longest
    line, and the next line starts with a capital. A wrapped line that merely
    ends before a capitalised name ("signed with" / "SAIC Group") is as long as
    its neighbours, so it stays.
    """
    widest = max(len(line.strip()) for _, line in para)
    groups: list[list[tuple[int, str]]] = [[]]
    for k, (start, line) in enumerate(para):
        groups[-1].append((start, line))
        body = line.strip()
        nxt = para[k + 1][1].lstrip() if k + 1 < len(para) else ""
        if (nxt and nxt[0].isupper() and not _FINAL.search(body) and len(body) < 0.6 * widest
                and len(body) <= 80 and len(body.split()) <= 15):
            groups.append([])
    return [g for g in groups if g]


def extract(text: str):
    blocks: list[Block] = []
    comments: list[tuple[int, int, str]] = []
    para: list[tuple[int, str]] = []
    kind = "paragraph"
    marker = 0  # length of the list marker on the first line of a list item

    def emit(lines: list[tuple[int, str]], k: str, mark: int) -> None:
        a = lines[0][0] + max(mark, len(lines[0][1]) - len(lines[0][1].lstrip()))
        last_start, last = lines[-1]
        b = last_start + len(last.rstrip())
        if k == "paragraph" and len(lines) == 1 and not _FINAL.search(last) and len(last.split()) <= 20:
            k = "heading"
        if b > a:
            blocks.append(Block(text[a:b], list(range(a, b + 1)), k))

    def flush() -> None:
        nonlocal para, kind, marker
        if para:
            if kind == "paragraph" and len(para) > 1:
                for group in _split_headlines(para):
                    emit(group, "paragraph", 0)
            else:
                emit(para, kind, marker)
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
