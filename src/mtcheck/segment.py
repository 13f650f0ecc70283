"""Sentence segmentation of one block of prose, in linear time.

Press releases machine-translated from Chinese are full of company suffixes
("Co., Ltd."), titles ("Mr.", "Gov."), dates ("Dec. 23"), decimals and
initials, and their lines are often hard-wrapped. A general-purpose sentence
splitter (spaCy, NLTK) is too slow for a pre-commit hook and still trips over
these, so this module does one regex pass over candidate stops and decides
each one with a few local rules:

* ``!``, ``?`` and the full-width stops ``。！？`` end a sentence unless the next
  word starts with a lower-case letter; closing quotes and brackets after the
  stop belong to the sentence that ends.
* A single ``.`` does not end a sentence after a title ("Mr.", "Dr.", "Sen."),
  an initial ("J. K. Rowling"), "e.g."/"i.e.", before a number after "No." or a
  month ("Dec. 23"), or before a lower-case word. Company suffixes and dotted
  abbreviations ("Ltd.", "Inc.", "U.S.", "p.m.") end a sentence only before a
  word that typically starts one ("The", "It", "According", ...).
* "etc." is a normal full stop before a capitalised word: "... etc. Cooperation;
  both parties ..." splits after "etc." (the cut-off-clause checker relies on it).
* An ellipsis ends a sentence only before a capitalised word.
* A closing quote that machine translation spaced off the stop (``problem. "``)
  stays with its sentence.
* A line break is not a boundary (press releases wrap lines); a blank line is.
* Decimals and version numbers ("3.5", "v1.2.3") never match: a stop must be
  followed by whitespace, the end of the block, or a closing quote/bracket.
"""

from __future__ import annotations

import re

__all__ = ["segment_block"]

# A run of stops, then closing quotes/brackets, then (for ASCII stops) whitespace or the end.
_CANDIDATE = re.compile(
    r"(?:[.!?…]+|[。！？]+[.!?。！？]*)"  # the stop(s)
    r"[\"'”’»)\]）」』】]*"  # closers that stay with the ending sentence
)
# "\r(?!\n)": a CRLF is one line break, never read as "\r" then "\n" (a blank line)
_BLANK_LINE = re.compile(r"(?:\r\n|\r(?!\n)|\n)[ \t\f\v\u3000\xa0]*(?:\r\n|\r|\n)")
_NON_SPACE = re.compile(r"\S")
_WORD_BEFORE = re.compile(r"[\w.'’-]*$")

#: Titles and the like: never sentence-final in press text.
_TITLES = frozenset(
    "mr mrs ms messrs dr prof st sen rep gov gen lt col capt sgt maj adm cmdr supt jr sr "
    "hon rev fr vs v e.g i.e cf al fig figs vol vols pp ed eds dept est approx "
    "ave blvd rd mt ft".split()
)
#: Only an abbreviation before a number ("No. 1", "Dec. 23", "p. 4").
_BEFORE_NUMBER = frozenset(
    "no nos jan feb mar apr jun jul aug sep sept oct nov dec art sec ch para p tel ext".split()
)
#: Abbreviations that can also end a sentence: split only before a typical sentence opener.
_AMBIGUOUS = frozenset(
    "co ltd inc corp llc plc gmbh bros u.s u.k u.n e.u u.s.a p.r.c a.m p.m d.c "
    "jan feb mar apr jun jul aug sep sept oct nov dec no".split()
)
#: Words that typically start a sentence (used after ambiguous abbreviations).
_OPENERS = frozenset(
    "the this that these those it its he she they we our their his her i in on at as by for "
    "from with after before during since according meanwhile however moreover besides also "
    "both there here a an mr ms mrs dr what when where why how while although though if "
    "currently today yesterday tomorrow last next so but and or".split()
)
_QUOTE_OPEN = "\"'“‘(（[「『【"
#: Every abbreviation the segmenter knows (other stages use it to read "Co. said" right).
ABBREVIATIONS = _TITLES | _BEFORE_NUMBER | _AMBIGUOUS


def _next_word(text: str, pos: int) -> str:
    """The next token after ``pos`` (skipping whitespace and opening quotes/brackets)."""
    n = len(text)
    i = pos
    while i < n and (text[i].isspace() or text[i] in _QUOTE_OPEN):
        i += 1
    j = i
    while j < n and not text[j].isspace() and j - i < 40:
        j += 1
    return text[i:j]


def _is_boundary(text: str, m: re.Match[str], seg_start: int) -> bool:
    stop = m.group()
    end = m.end()
    n = len(text)
    # ASCII stops need whitespace (or the end) after them: "3.5", "v1.2", "U.S.-China" stay whole.
    if end < n and not text[end].isspace():
        core = stop.rstrip("\"'”’»)]）」』】")
        if core and core[-1] in "。！？":
            pass  # full-width stops need no space
        elif text[end] in _QUOTE_OPEN and stop[-1] not in ".…":
            pass
        else:
            return False
    nxt = _next_word(text, end)
    if not nxt:
        return True
    first = nxt[0]
    if first in "-–—" and len(nxt) == 1:
        return False  # "... new sparks? - Xinhua": a dash continues (source line, aside)
    lower_next = first.islower()
    core = stop.rstrip("\"'”’»)]）」』】")
    if any(c in core for c in "!?。！？"):
        return not lower_next
    if core.endswith("…") or len(core) >= 2:  # ellipsis: only before a capital
        return first.isupper() or first in _QUOTE_OPEN
    # A single '.': look at the word it ends.
    if core != stop:
        # '."' or '.)': the closer shows the writer ended something; only lower case continues.
        return not lower_next
    # look back at most 40 characters: keeps the whole pass linear in the block length
    wm = _WORD_BEFORE.search(text, max(seg_start, m.start() - 40), m.start())
    word = wm.group() if wm else ""
    word = word.lstrip("'’-(")
    lw = word.lower()
    if lower_next:
        return False
    if lw == "etc":
        return True
    if lw in _TITLES or lw in ("e.g", "i.e"):
        return False
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # an initial: "J. K. Rowling", "Harry S. Truman"
    is_num_next = first.isdigit()
    if lw in _BEFORE_NUMBER and is_num_next:
        return False
    if lw in _AMBIGUOUS or ("." in lw and re.fullmatch(r"(?:[a-z]\.)+[a-z]", lw)):
        bare = re.sub(r"[^\w]+$", "", nxt).lower()
        return bare in _OPENERS
    return True


def _detached_closer(text: str, seg_start: int, end: int) -> int:
    """Take a closing quote that machine translation spaced off ('... problem. "') into the sentence.

    A right quote (”, ’) or bracket always closes; any quote that ends the block
    closes; a straight quote elsewhere closes only when the sentence so far has
    an odd number of them (else it opens the next one).
    """
    i = end
    n = len(text)
    while i < n and text[i] in " \t" and i - end < 3:
        i += 1
    if i == end or i >= n or text[i] not in "\"”’'“)]）":
        return end
    if i + 1 < n and not text[i + 1].isspace():
        return end
    q = text[i]
    at_block_end = _NON_SPACE.search(text, i + 1) is None
    if q in "”’)]）" or at_block_end or text.count(q, seg_start, end) % 2 == 1:
        return i + 1
    return end


def segment_block(text: str) -> list[tuple[int, int]]:
    """Split one block into sentences: ``(start, end)`` local spans, whitespace trimmed.

    The spans are in order, do not overlap, and together cover every
    non-whitespace character of ``text``.
    """
    cuts: list[int] = []
    for bm in _BLANK_LINE.finditer(text):
        cuts.append(bm.start())
    seg_start = 0
    bounds: list[int] = []
    blank_iter = iter(cuts)
    next_blank = next(blank_iter, None)
    for m in _CANDIDATE.finditer(text):
        while next_blank is not None and next_blank < m.start():
            bounds.append(next_blank)
            seg_start = next_blank
            next_blank = next(blank_iter, None)
        if _is_boundary(text, m, seg_start):
            end = _detached_closer(text, seg_start, m.end())
            bounds.append(end)
            seg_start = end
    while next_blank is not None:
        bounds.append(next_blank)
        next_blank = next(blank_iter, None)
    bounds.append(len(text))
    out: list[tuple[int, int]] = []
    a = 0
    for b in sorted(set(bounds)):
        s, e = a, b
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
        a = b
    return out
