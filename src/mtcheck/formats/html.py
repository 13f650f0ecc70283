"""HTML: the visible body text, block by block, with entities decoded and positions kept.

Uses the standard library's tokenizer with character references left
unconverted, so every text chunk and entity arrives with its own position.
``<head>``, ``<script>``, ``<style>``, ``<noscript>``, ``<template>`` and
comments are skipped (comments are recorded for suppressions); ``<title>``
becomes a block of kind ``title``; block-level elements end blocks. Inline
``<code>``/``<kbd>``/``<samp>`` become one placeholder character (see
:data:`mtcheck.formats.inline.PLACEHOLDER`) so the words around them do not
join, and ``<pre>`` is skipped. Runs of whitespace read as one space, as a
browser renders them (the space maps to the start of the run).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from mtcheck.document import Block
from mtcheck.formats.inline import PLACEHOLDER, TextBuilder

_WS = re.compile(r"[ \t\r\n\f]+")  # HTML whitespace; a literal no-break space stays
_INLINE_CODE = {"code", "kbd", "samp"}

_SKIP = {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "pre", "textarea"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "html", "li", "main", "nav", "ol", "p", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "title", "tr", "ul", "option", "select", "button", "label",
}
_KIND = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
         "li": "list_item", "dt": "list_item", "dd": "list_item", "td": "table_cell", "th": "table_cell",
         "blockquote": "quote", "title": "title", "caption": "heading", "figcaption": "paragraph"}
#: elements whose next sibling closes them when their end tag is left out
_SELF_CLOSING = {"li", "dt", "dd", "td", "th", "tr", "option", "p"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


class _Extractor(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.src = text
        self.line_starts = [0]
        for i, c in enumerate(text):
            if c == "\n":
                self.line_starts.append(i + 1)
        self.blocks: list[Block] = []
        self.comments: list[tuple[int, int, str]] = []
        self.skip: list[str] = []
        # open block elements as (tag, kind), innermost last; closed by their end tag or
        # implicitly (a new <li> closes an open <li>, any block closes an open <p>)
        self.kinds: list[tuple[str, str]] = []
        self.tb = TextBuilder()
        self.in_title = False

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _flush(self) -> None:
        kind = self.kinds[-1][1] if self.kinds else "paragraph"
        block = self.tb.block(kind)
        if block is not None:
            self.blocks.append(block)
        self.tb = TextBuilder()

    def handle_starttag(self, tag: str, attrs) -> None:
        tag = tag.lower()
        if tag == "title":
            self._flush()
            self.in_title = True
            self.kinds.append(("title", "title"))
            return
        if tag in _SKIP and tag not in _VOID:
            self.skip.append(tag)
            return
        if tag in _INLINE_CODE and not self.skip:
            at = self._pos()
            self.tb.add_mapped(PLACEHOLDER, at, at + len(self.get_starttag_text() or ""))
            self.skip.append(tag)
            return
        if tag in _BLOCK:
            self._flush()
            if tag in _VOID:
                return
            if self.kinds and (self.kinds[-1][0] == "p" or (self.kinds[-1][0] == tag and tag in _SELF_CLOSING)):
                self.kinds.pop()
            self.kinds.append((tag, _KIND.get(tag, "paragraph")))

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag.lower() in _BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag == "title":
            self._flush()
            self.in_title = False
            self._close("title")
            return
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.pop()
                if tag in _INLINE_CODE and not self.skip and self.tb.ends:
                    self.tb.ends[-1] = self._pos() + len(tag) + 3  # the placeholder covers up to "</code>"
            elif tag in self.skip:
                while self.skip and self.skip.pop() != tag:
                    pass
            return
        if tag in _BLOCK and tag not in _VOID:
            self._flush()
            self._close(tag)

    def _close(self, tag: str) -> None:
        """Pop up to and including the innermost open ``tag`` (a stray end tag changes nothing)."""
        for k in range(len(self.kinds) - 1, -1, -1):
            if self.kinds[k][0] == tag:
                del self.kinds[k:]
                return

    def handle_data(self, data: str) -> None:
        if self.skip and not self.in_title:
            return
        at = self._pos()
        pos = 0
        for m in _WS.finditer(data):
            if m.start() > pos:
                self.tb.add(data[pos:m.start()], at + pos)
            if m.group() == " ":
                self.tb.add(" ", at + m.start())
            else:
                self.tb.add_mapped(" ", at + m.start(), at + m.end())
            pos = m.end()
        if pos < len(data):
            self.tb.add(data[pos:], at + pos)

    def _ref(self, raw: str) -> None:
        if self.skip and not self.in_title:
            return
        at = self._pos()
        decoded = html.unescape(raw)
        # "&https" or "&ampx": only a prefix (or nothing) is a reference; the rest is verbatim text
        k = 0
        while k < min(len(decoded), len(raw) - 1) and decoded[-1 - k] == raw[-1 - k]:
            k += 1
        head_end = len(raw) - k
        if decoded[:len(decoded) - k]:
            self.tb.add_mapped(decoded[:len(decoded) - k], at, at + head_end)
        self.tb.add(raw[head_end:], at + head_end)

    def handle_entityref(self, name: str) -> None:
        start = self._pos()
        semi = self.src[start + 1 + len(name):start + 2 + len(name)] == ";"
        self._ref("&" + name + (";" if semi else ""))

    def handle_charref(self, name: str) -> None:
        start = self._pos()
        end = self.src.find(";", start, start + len(name) + 4)
        raw = self.src[start:end + 1] if end >= 0 else self.src[start:start + len(name) + 2]
        self._ref(raw)

    def handle_comment(self, data: str) -> None:
        start = self._pos()
        end = start + len(data) + 7
        self.comments.append((start, end, self.src[start:end]))


#: "<![" that opens no CDATA section makes html.parser (3.11) raise AssertionError
_BAD_MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[)")


def extract(text: str):
    p = _Extractor(text)
    # blank out the "<!" of malformed marked sections; same length, so positions still hold
    p.feed(_BAD_MARKED_SECTION.sub("  [", text))
    p.close()
    p._flush()
    return p.blocks, p.comments
