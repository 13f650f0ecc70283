"""Corpus reading, sentence splitting and the deterministic held-out split.

The corpora are xz (or plain) text with one paragraph per line and a blank line
between documents. The model is trained on *sentences* (each wrapped in BOS/EOS)
because that is how it is used: the checker and BLiMP score single sentences.
"""

from __future__ import annotations

import hashlib
import lzma
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "st",
    "jr", "sr", "prof", "inc", "corp", "co", "ltd", "no", "vs", "etc", "e.g", "i.e", "u.s",
    "u.n", "d.c", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "fig", "dept", "gov't", "pres", "messrs", "hon", "rev", "ft", "mt", "approx",
}
_BOUNDARY = re.compile(r"""(?<=[.!?])["'\u201d\u2019)\]]*\s+(?=["'\u201c\u2018(\[]?[A-Z0-9])""")


def open_text(path: str | Path) -> Iterator[str]:
    """Lines of a text file, transparently decompressing ``.xz``."""
    p = Path(path)
    opener = lzma.open if p.suffix == ".xz" else open
    with opener(p, "rt", encoding="utf-8", errors="replace") as fh:  # type: ignore[operator]
        for line in fh:
            yield line.rstrip("\n")


def read_documents(paths: Iterable[str | Path]) -> Iterator[list[str]]:
    """Documents (lists of non-empty paragraphs) from all corpus files, in order."""
    for path in paths:
        doc: list[str] = []
        for line in open_text(path):
            line = line.strip()
            if line:
                doc.append(line)
            elif doc:
                yield doc
                doc = []
        if doc:
            yield doc


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences with a small abbreviation-aware regex.

    Good enough for training data and for scoring lines; the checker itself uses
    the document model's sentences, not this function.
    """
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(paragraph):
        before = paragraph[start : m.start()]
        word = before.rsplit(None, 1)[-1] if before.strip() else ""
        stem = word.rstrip(".!?\"')]\u201d\u2019").lower()
        if word.endswith(".") and (stem in _ABBREV or (len(stem) == 1 and stem.isalpha())):
            continue
        sent = paragraph[start : m.start() + len(m.group(0).rstrip())].strip()
        if sent:
            out.append(sent)
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out


def is_heldout(doc_key: str, percent: float = 1.0) -> bool:
    """Deterministic document-level split: a stable hash puts ~``percent``% of documents in held-out."""
    h = int.from_bytes(hashlib.blake2b(doc_key.encode("utf-8"), digest_size=8).digest(), "big")
    return (h % 10000) < percent * 100


def corpus_sentences(
    paths: Iterable[str | Path], *, heldout: bool, percent: float = 1.0, min_chars: int = 10, max_chars: int = 600
) -> Iterator[list[str]]:
    """Per document, the sentences of the train (``heldout=False``) or held-out side.

    Documents are keyed by their first paragraph, so the split does not depend on
    which files are passed or in which order.
    """
    for doc in read_documents(paths):
        if is_heldout(doc[0], percent) != heldout:
            continue
        sents = [s for p in doc for s in split_sentences(p) if min_chars <= len(s) <= max_chars]
        if sents:
            yield sents
