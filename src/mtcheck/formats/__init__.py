"""Prose extraction per input format: each returns blocks (with origin maps) and comments.

Every extractor is ``extract(text) -> (blocks, comments)``:

* ``blocks``: :class:`~mtcheck.document.Block` objects (in fact
  :class:`~mtcheck.formats.inline.SourceBlock`, which also records where each
  character's source ends) in document order, with markup removed from
  ``text`` and ``origin[i]`` the offset in the decoded file of character ``i``.
  Skipped inline code and URLs leave one placeholder character,
  :data:`~mtcheck.formats.inline.PLACEHOLDER` (``"X"``), mapped to the start of
  the skipped span, so the words around them do not join.
* ``comments``: ``(start, end, raw)`` for every comment, ``raw ==
  text[start:end]``: HTML/Markdown ``<!-- ... -->`` and, in plain text, lines
  starting with ``# mtcheck:`` or ``// mtcheck:`` (or holding only an HTML
  comment). :mod:`mtcheck.suppressions` reads its directives from them.

Block kinds: ``paragraph``, ``heading``, ``list_item``, ``quote``,
``table_cell``, ``title`` and ``front_matter`` (rule ``scope:`` uses them).
"""

from __future__ import annotations

from typing import Callable

from mtcheck.document import Block

Extracted = tuple[list[Block], list[tuple[int, int, str]]]


def extractor(fmt: str) -> Callable[[str], Extracted]:
    """The extractor for ``fmt`` ("markdown", "html"; anything else is plain text)."""
    if fmt == "markdown":
        from mtcheck.formats.markdown import extract
    elif fmt == "html":
        from mtcheck.formats.html import extract
    else:
        from mtcheck.formats.text import extract
    return extract
