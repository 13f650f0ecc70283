"""Markdown: the prose of a Markdown file, markup removed, positions kept.

A small line scanner rather than a full CommonMark parser, because what
matters here is exact offsets for what is checked, and knowing what to skip:

* front matter (``---`` YAML or ``+++`` TOML) is skipped except the values of
  ``title``, ``summary`` and ``description``, which are checked;
* fenced code (```` ``` ```` / ``~~~``), indented code, inline code, URLs,
  autolinks, link and image targets, reference definitions, raw HTML tags and
  HTML comments are skipped (comments are recorded for suppressions);
* headings, list items, block quotes and table cells become their own blocks;
* emphasis markers, backslash escapes and entities are removed/decoded in the
  checked text while the origin map still points into the file.
"""

from __future__ import annotations

import html
import re

from mtcheck.document import Block
from mtcheck.formats.inline import PLACEHOLDER, TextBuilder

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_LIST = re.compile(r"^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)")
_QUOTE = re.compile(r"^ {0,3}(?:> ?)+")
#: inside a list, deeper-indented items are items too; "[ ]"/"[x]" task boxes are not prose
_LIST_NESTED = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)")
_TASK = re.compile(r"\[[ xX]\][ \t]+")
#: a list marker or heading marker right after a quote prefix ("> - item", "> ## Title")
_QUOTED_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)]|#{1,6})[ \t]+")
#: "## Heading {#anchor .class}"
_HEADING_ATTRS = re.compile(r"[ \t]*\{[#.][^{}]*\}[ \t]*$")
#: MDX module lines
_MDX_MODULE = re.compile(r"^(?:import\s.+\sfrom\s+['\"].*['\"];?|import\s+['\"].*['\"];?|export\s+(?:const|default|function|let)\b.*)\s*$")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^[^\]\s]+\]:[ \t]*")
_REFDEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+")
#: a GFM delimiter row ("|---|:--:|", "--- | ---"); it must hold a pipe, so "---" stays a rule/setext line
_TABLE_SEP = re.compile(r"^(?=[^|]*\|)\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_FM_FIELD = re.compile(r"^(title|summary|description)[ \t]*[:=][ \t]*(.*?)[ \t]*$")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"”’]")
_AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^\s>]+>|<[^\s@>]+@[^\s@>]+>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LINK_TARGET = re.compile(r"\]\(\s*(?:<[^>]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
_LINK_REF = re.compile(r"\]\[[^\]]*\]")
_BACKTICKS = re.compile(r"`+")
#: characters that start no inline markup; a letter is plain unless it could start a URL
#: ("http", "www") at a word start, so h/w/H/W end a run only after a non-word character
_PLAIN_RUN = re.compile(r"(?:[^\\`<&hHwW!\[*_~]|(?<=\w)[hHwW])+")
_DELIMS = re.compile(r"\*+|_+|~{2,}")
_RAW_BLOCK = re.compile(r"^ {0,3}<(script|style|pre|textarea)(?:[\s>]|$)", re.I)
#: how far a '[' looks for its ']' (keeps "[[[[..." linear)
_BRACKET_REACH = 1000


def _lines(text: str) -> list[tuple[int, str]]:
    out = []
    for m in _LINE.finditer(text):
        if m.start() == len(text) and m.end() == m.start():
            break
        out.append((m.start(), m.group().rstrip("\r\n")))
    return out


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.blocks: list[Block] = []
        self.comments: list[tuple[int, int, str]] = []

    # -- block level ------------------------------------------------------------------
    def run(self) -> None:
        lines = _lines(self.text)
        i = self._front_matter(lines)
        para: list[tuple[int, int]] = []  # (start offset, end offset) of content on each line
        kind = "paragraph"
        in_list = False

        def flush() -> None:
            nonlocal para, kind
            if para:
                self._emit(para, kind)
            para = []
            kind = "paragraph"

        n = len(lines)
        prev_blank = True
        while i < n:
            start, line = lines[i]
            stripped = line.strip()
            # HTML comment blocks (possibly multi-line) are recorded, not checked;
            # a one-line comment with text after it is left to the inline scanner.
            cstart = start + line.find("<!--")
            end_idx = self.text.find("-->", cstart + 4) if stripped.startswith("<!--") else -1
            cend = len(self.text) if end_idx < 0 else end_idx + 3
            line_end = start + len(line)
            if stripped.startswith("<!--") and not (cend <= line_end and self.text[cend:line_end].strip()):
                flush()
                self.comments.append((cstart, cend, self.text[cstart:cend]))
                while i < n and lines[i][0] + len(lines[i][1]) < cend:
                    i += 1
                i += 1
                prev_blank = False
                continue
            if not stripped:
                flush()
                prev_blank = True
                i += 1
                continue
            if not para and _MDX_MODULE.match(line):
                i += 1
                continue
            raw = _RAW_BLOCK.match(line)
            if raw:
                flush()
                closer = re.compile(r"</" + raw.group(1) + r"\s*>", re.I)
                while i < n and not closer.search(lines[i][1]):
                    i += 1
                i += 1
                prev_blank = False
                in_list = False
                continue
            fence = _FENCE.match(line)
            if fence:
                flush()
                in_list = False
                marker = fence.group(1)
                i += 1
                while i < n and not re.match(r"^ {0,3}" + re.escape(marker[0]) + "{" + str(len(marker)) + r",}\s*$",
                                             lines[i][1]):
                    i += 1
                i += 1
                prev_blank = False
                continue
            if (line.startswith("    ") or line.startswith("\t")) and prev_blank and not in_list and not para:
                # indented code block: until a non-indented, non-blank line
                while i < n and (not lines[i][1].strip() or lines[i][1].startswith(("    ", "\t"))):
                    i += 1
                prev_blank = True
                continue
            note = _FOOTNOTE_DEF.match(line)
            if note:  # "[^1]: The note text." is prose: a block of its own
                flush()
                para.append((start + note.end(), start + len(line.rstrip())))
                prev_blank = False
                i += 1
                continue
            if _REFDEF.match(line):
                flush()
                i += 1
                continue
            setext = _SETEXT.match(line)
            if setext and para and kind == "paragraph":
                kind = "heading"
                flush()
                i += 1
                prev_blank = False
                continue
            if _HR.match(line):
                flush()
                in_list = False
                i += 1
                prev_blank = False
                continue
            atx = _ATX.match(line)
            if atx:
                flush()
                a = start + atx.end()
                content = line[atx.end():]
                content = _HEADING_ATTRS.sub("", content)
                content = re.sub(r"[ \t]+#+[ \t]*$", "", content).rstrip()
                if content.strip("#").strip():
                    self._emit([(a, a + len(content))], "heading")
                i += 1
                prev_blank = False
                in_list = False
                continue
            if "|" in line and i + 1 < n and _TABLE_SEP.match(lines[i + 1][1]):
                flush()
                in_list = False
                while i < n and "|" in lines[i][1] and lines[i][1].strip():
                    if not _TABLE_SEP.match(lines[i][1]):
                        self._table_row(*lines[i])
                    i += 1
                prev_blank = False
                continue
            q = _QUOTE.match(line)
            lst = _LIST.match(line) or (_LIST_NESTED.match(line) if in_list else None)
            if lst:
                flush()
                kind = "list_item"
                in_list = True
                a = start + lst.end()
                task = _TASK.match(line, lst.end())
                if task:
                    a = start + task.end()
                para.append((a, start + len(line.rstrip())))
            elif q:
                if kind != "quote":
                    flush()
                    kind = "quote"
                in_list = False
                a = start + q.end()
                marker = _QUOTED_MARKER.match(line, q.end())
                if marker:  # "> - item" / "> ## Title": a new block inside the quote
                    flush()
                    kind = "quote"
                    a = start + marker.end()
                para.append((a, start + len(line.rstrip())))
            else:
                if prev_blank and not line.startswith((" ", "\t")):
                    in_list = False
                lead = len(line) - len(line.lstrip())
                para.append((start + lead, start + len(line.rstrip())))
            prev_blank = False
            i += 1
        flush()

    def _front_matter(self, lines: list[tuple[int, str]]) -> int:
        if not lines or lines[0][1].strip() not in ("---", "+++"):
            return 0
        delim = lines[0][1].strip()
        closers = ("---", "...") if delim == "---" else ("+++",)
        for j in range(1, len(lines)):
            if lines[j][1].strip() in closers:
                for start, line in lines[1:j]:
                    m = _FM_FIELD.match(line)
                    if not m or not m.group(2):
                        continue
                    value, vstart = m.group(2), start + m.start(2)
                    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                        kind = "title" if m.group(1) == "title" else "front_matter"
                        self._quoted_value(vstart, vstart + len(value), kind)
                        continue
                    elif value[:1] in "|>[{":
                        continue  # block scalars and collections: not prose we can map
                    else:
                        value = re.sub(r"\s+#.*$", "", value)
                    if value.strip():
                        kind = "title" if m.group(1) == "title" else "front_matter"
                        self._emit([(vstart, vstart + len(value))], kind, inline=False)
                return j + 1
        return 0  # unclosed: treat as text

    def _quoted_value(self, a: int, b: int, kind: str) -> None:
        """A YAML/TOML quoted scalar ``text[a:b]`` (quotes included): escapes decoded, offsets kept."""
        t = self.text
        quote = t[a]
        tb = TextBuilder()
        i = a + 1
        while i < b - 1:
            c = t[i]
            if quote == '"' and c == "\\" and i + 1 < b - 1:
                esc = t[i + 1]
                decoded = {"n": "\n", "t": "\t"}.get(esc, esc)
                # a decoded escape points at the character itself where it is one ("\"" -> '"')
                tb.add_mapped(decoded, i + 1 if decoded == esc else i, i + 2)
                i += 2
                continue
            if quote == "'" and c == "'" and t[i + 1:i + 2] == "'":
                tb.add_mapped("'", i, i + 2)
                i += 2
                continue
            tb.add(c, i)
            i += 1
        block = tb.block(kind)
        if block is not None:
            self.blocks.append(block)

    def _table_row(self, start: int, line: str) -> None:
        for m in re.finditer(r"[^|]+", line):
            cell = m.group()
            if cell.strip():
                a = start + m.start() + (len(cell) - len(cell.lstrip()))
                b = start + m.start() + len(cell.rstrip())
                self._emit([(a, b)], "table_cell")

    # -- inline -----------------------------------------------------------------------
    def _emit(self, pieces: list[tuple[int, int]], kind: str, inline: bool = True) -> None:
        """One block from its content ``pieces`` (one per line, prefixes like ``> `` already cut).

        Inline markup is scanned over the joined lines, so a link, code span or
        emphasis that wraps onto the next line is still recognised; ``pos`` maps
        each character of the joined string to its offset in the file (a line
        break maps to the end of its line).
        """
        tb = TextBuilder()
        if not inline:
            for a, b in pieces:
                tb.add(self.text[a:b], a)
        else:
            parts: list[str] = []
            pos: list[int] = []
            for k, (a, b) in enumerate(pieces):
                if k:
                    parts.append("\n")
                    pos.append(pieces[k - 1][1])
                parts.append(self.text[a:b])
                pos.extend(range(a, b))
            pos.append(pieces[-1][1] if pieces else 0)
            self._inline("".join(parts), pos, 0, len(pos) - 1, tb)
        block = tb.block(kind)
        if block is not None:
            self.blocks.append(block)

    def _skip(self, pos: list[int], i: int, j: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the joined-string span ``[i, j)``."""
        return pos[i], pos[j - 1] + 1

    def _inline(self, t: str, pos: list[int], a: int, b: int, tb: TextBuilder) -> None:
        i = a
        while i < b:
            # fast path: copy the run of characters that cannot start any markup
            m = _PLAIN_RUN.match(t, i, b)
            if m and m.end() > i:
                j = m.end()
                tb.add_positions(t[i:j], pos[i:j])
                i = j
                continue
            c = t[i]
            if c == "\\":
                if i + 1 < b and not t[i + 1].isalnum() and not t[i + 1].isspace():
                    tb.add(t[i + 1], pos[i + 1])
                    i += 2
                    continue
                if i + 1 == b or t[i + 1] == "\n":
                    i += 1  # a hard line break, not text
                    continue
            if c == "`":
                run = _BACKTICKS.match(t, i, b).end() - i
                close = t.find("`" * run, i + run, b)
                while close >= 0 and close + run < b and t[close + run] == "`":
                    close = _BACKTICKS.match(t, close, b).end()
                    close = t.find("`" * run, close, b)
                if close >= 0:
                    tb.add_mapped(PLACEHOLDER, *self._skip(pos, i, close + run))
                    i = close + run
                    continue
                for k in range(i, i + run):
                    tb.add("`", pos[k])
                i += run
                continue
            if c == "<":
                if t.startswith("<!--", i):
                    end = t.find("-->", i + 4, b)
                    end = b if end < 0 else end + 3
                    cs, ce = self._skip(pos, i, end)
                    self.comments.append((cs, ce, self.text[cs:ce]))
                    i = end
                    continue
                m = _AUTOLINK.match(t, i, b)
                if m:
                    tb.add_mapped(PLACEHOLDER, *self._skip(pos, i, m.end()))
                    i = m.end()
                    continue
                m = _TAG.match(t, i, b)
                if m:
                    i = m.end()
                    continue
            if c == "&":
                m = _ENTITY.match(t, i, b)
                if m:
                    tb.add_mapped(html.unescape(m.group()), *self._skip(pos, i, m.end()))
                    i = m.end()
                    continue
            if c in "hHwW" and (i == a or not t[i - 1].isalnum()):
                m = _URL.match(t, i, b)
                if m:
                    tb.add_mapped(PLACEHOLDER, *self._skip(pos, i, m.end()))
                    i = m.end()
                    continue
            if c == "!" and i + 1 < b and t[i + 1] == "[":
                i += 1  # image: keep its alt text like link text
                continue
            if c == "[" and t.startswith("[^", i):
                m = _FOOTNOTE_REF.match(t, i, b)
                if m:  # a footnote reference is not prose
                    i = m.end()
                    continue
            if c == "[":
                close = _matching_bracket(t, i, b)
                if close is not None:
                    m = _LINK_TARGET.match(t, close, b) or _LINK_REF.match(t, close, b)
                    if m:
                        self._inline(t, pos, i + 1, close, tb)
                        i = m.end()
                        continue
            if c in "*_~" and _DELIMS.match(t, i, b):
                run = _DELIMS.match(t, i, b).end() - i
                before = t[i - 1] if i > a else " "
                after = t[i + run] if i + run < b else " "
                if (c == "_" and before.isalnum() and after.isalnum()) or (before.isspace() and after.isspace()):
                    for k in range(i, i + run):  # snake_case or a lone "5 * 3": text, not emphasis
                        tb.add(c, pos[k])
                # else: an emphasis delimiter, dropped
                i += run
                continue
            tb.add(c, pos[i])
            i += 1


def _matching_bracket(t: str, i: int, b: int) -> int | None:
    depth = 0
    j = i
    b = min(b, i + _BRACKET_REACH)
    while j < b:
        if t[j] == "\\":
            j += 2
            continue
        if t[j] == "[":
            depth += 1
        elif t[j] == "]":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return None


def extract(text: str):
    s = _Scanner(text)
    s.run()
    s.comments.sort()
    return s.blocks, s.comments
