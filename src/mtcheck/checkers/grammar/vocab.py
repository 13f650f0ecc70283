"""Names are not typos: accept lists and recurring-name detection for spelling findings.

Chinese press releases are full of romanised personal names (Zeng Qinghong),
companies (GAC, SAIC) and places (Guangdong) that no English dictionary knows.
A spell checker flags every one of them, which buries the real problems. Two
defences, applied only to spelling-type findings:

* accept lists: the one shipped with the package (``data/vocab/accept.txt``),
  every ``vocab/accept.txt`` found walking up from the checked file to its
  repository root, and words passed through configuration;
* the article itself: a capitalised word that recurs capitalised, or that
  stands inside a run of capitalised words ("Feng Xingya", "Yangtze River
  Delta"), is taken to be a name.

A third, :func:`skipped_by_convention`, drops the token shapes that spell
checkers skip by convention (word processors' "ignore words in UPPERCASE" and
"ignore words with numbers"): words in capitals, initials, codes, suffixes
glued to numbers and pieces of host names. On MQM 2021 these were 328 of
Harper's 845 spelling findings ("EU", "000651.SZ", the "s" of "post-90s", "news.cn").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable

#: a word: letters, with inner apostrophes (Xi'an, Chang'e)
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
#: what may stand between two words of one capitalised name sequence
_NAME_GAP = re.compile(r"[ \t\-‐‑]{1,2}")
ROOT_MARKERS = (".git", "pyproject.toml")
#: a word in capitals, optionally plural: EU, CPSU, SOEs, and datelines such as
#: WASHINGTON or BEIJING (Harper flags the capitals of words it knows)
_ACRONYM = re.compile(r"[A-Z]{2,}s?")
#: initials and dotted abbreviations: D.C., H.R., U.S., S.
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?\.?")
#: a host name or e-mail address written without spaces: news.cn, www.gov.cn, info@byd.com
_HOST = re.compile(r"(?:[\w.+-]+@)?(?:[\w-]+\.)+(?:com|cn|org|net|gov|edu|int|info|io|hk|mo|tw|sg|jp|kr|uk|us|eu|de|fr|news)",
                   re.IGNORECASE)
_TOKEN_EDGE = "()[]{}<>\"'“”‘’,;:!?"


def read_word_list(text: str) -> list[str]:
    """The words of an accept file: one entry a line, ``#`` comments, multi-word
    entries split into their words."""
    words: list[str] = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        words.extend(m.group() for m in WORD.finditer(entry))
    return words


def builtin_accept_words() -> list[str]:
    """The accept list shipped in the package."""
    path = resources.files("mtcheck") / "data" / "vocab" / "accept.txt"
    return read_word_list(path.read_text(encoding="utf-8"))


def project_accept_files(checked_file: str | Path) -> list[Path]:
    """Every ``vocab/accept.txt`` from the checked file's folder up to its repository
    root (the first folder holding ``.git`` or ``pyproject.toml``), nearest first.
    Stdin and missing paths have none."""
    try:
        p = Path(checked_file).resolve()
    except (OSError, RuntimeError):
        return []
    if not p.exists():
        return []
    folder = p if p.is_dir() else p.parent
    found: list[Path] = []
    for d in (folder, *folder.parents):
        candidate = d / "vocab" / "accept.txt"
        if candidate.is_file():
            found.append(candidate)
        if any((d / m).exists() for m in ROOT_MARKERS):
            break
    return found


@dataclass
class AcceptList:
    """A set of accepted words; lower-case entries also match capitalised uses."""

    words: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._lower = {w.lower() for w in self.words}

    @classmethod
    def of(cls, *groups: Iterable[str]) -> "AcceptList":
        return cls({w for g in groups for w in g})

    def accepts(self, word: str) -> bool:
        if word in self.words:
            return True
        # "Guangdong" in the list accepts "GUANGDONG" in a heading; a lower-case
        # "gac" in running text stays a possible typo.
        return word[:1].isupper() and word.lower() in self._lower


def recurring_names(texts: Iterable[str]) -> set[str]:
    """Capitalised words the article itself shows to be names.

    A word counts when it appears capitalised at least twice, or when it stands
    next to another capitalised word (joined by a space or hyphen), as in
    "Wang Xiaoqiu" or "Guangdong-Hong Kong-Macao".
    """
    counts: dict[str, int] = {}
    names: set[str] = set()
    for text in texts:
        prev: re.Match[str] | None = None
        for m in WORD.finditer(text):
            w = m.group()
            if not w[:1].isupper():
                prev = None
                continue
            counts[w] = counts.get(w, 0) + 1
            if counts[w] >= 2:
                names.add(w)
            if prev is not None and _NAME_GAP.fullmatch(text, prev.end(), m.start()):
                names.add(w)
                names.add(prev.group())
            prev = m
    return names


@dataclass
class NameFilter:
    """Decides whether a spelling finding is about a name (and so must be dropped)."""

    accept: AcceptList
    names: set[str] = field(default_factory=set)

    @classmethod
    def for_texts(cls, texts: Iterable[str], accept: AcceptList) -> "NameFilter":
        return cls(accept, recurring_names(texts))

    def is_name(self, word: str) -> bool:
        return word in self.names or self.accept.accepts(word)

    def covers(self, flagged: str) -> bool:
        """True when every word of the flagged text is a known or recurring name."""
        words = [m.group() for m in WORD.finditer(flagged)]
        return bool(words) and all(self.is_name(w) for w in words)


def skipped_by_convention(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]``, flagged as misspelled, has a shape spell
    checkers leave alone: a word in capitals ("EU", "CPSU", "WASHINGTON"),
    initials ("D.C.", "H.R."), a word with digits or glued
    to digits ("G109", the "s" of "1990s" and "post-90s"), or a piece of a
    host name or e-mail address ("news" or "cn" in "English.news.cn").

    "3000 th" (with a space) and "chinanews. cn" (a broken host name) are not
    skipped: those are real errors.
    """
    word = text[start:end]
    if _ACRONYM.fullmatch(word) or _INITIALS.fullmatch(word) or any(c.isdigit() for c in word):
        return True
    if (start > 0 and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit()):
        return True
    lo, hi = start, end
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    token = text[lo:hi].strip(_TOKEN_EDGE).rstrip(".")
    return "." in token and _HOST.fullmatch(token) is not None


class AcceptSource:
    """Builds the accept list for a checked file: built-in + project files + configured.

    Project files are read once per folder and kept here (one instance per
    checker, so per run), because a run checks many files from one repository.
    """

    def __init__(self, configured: Iterable[str] = (), builtin: bool = True) -> None:
        self._base = [*(builtin_accept_words() if builtin else []), *configured]
        self._by_folder: dict[str, AcceptList] = {}

    def for_path(self, checked_file: str | Path | None) -> AcceptList:
        key = ""
        files: list[Path] = []
        if checked_file not in (None, "", "-", "<stdin>"):
            files = project_accept_files(checked_file)  # type: ignore[arg-type]
            key = "|".join(str(f) for f in files)
        cached = self._by_folder.get(key)
        if cached is None:
            extra: list[str] = []
            for f in files:
                try:
                    extra.extend(read_word_list(f.read_text(encoding="utf-8")))
                except (OSError, UnicodeDecodeError):
                    continue  # an unreadable vocabulary file only costs suppressions
            cached = self._by_folder[key] = AcceptList.of(self._base, extra)
        return cached
