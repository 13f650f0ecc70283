"""False alarms of the rules stage on native English (US Senate press releases).

Every finding on native press English is a false alarm by construction (the
releases were written in English by native speakers). The project target is
fewer than 0.5 error-level findings per 1,000 words; this script prints:

* findings per 1,000 words by severity and by rule family,
* the top rules,
* ``--examples K`` example hits per rule (to judge whether a hit is plausible),
* the words/s throughput of the rules stage alone (loading and segmenting excluded).

Usage::

    .venv/bin/python benchmarks/false_alarms.py --releases 2000 --examples 5
    .venv/bin/python benchmarks/false_alarms.py --structural-only   # only the code checks

``--structural-only`` runs the checks of ``mtcheck.rules.structural`` directly
with their default parameters (useful when the YAML engine is not available).
When ``mtcheck.loading`` is missing, documents are built with a naive
line/sentence splitter so the checks can still be measured.
"""

from __future__ import annotations

import argparse
import lzma
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mtcheck.document import Block, Document, Sentence  # noqa: E402

CORPUS = "data/corpora/senate_press_releases.txt.xz"
WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['’.-][A-Za-z0-9]+)*")


def read_releases(path: Path, n: int) -> Iterator[str]:
    """Yield the first ``n`` releases (paragraph lines, blank line between releases)."""
    buf: list[str] = []
    count = 0
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                buf.append(line.rstrip("\n"))
                continue
            if buf:
                yield "\n\n".join(buf) + "\n"
                count += 1
                buf = []
                if count >= n:
                    return
    if buf and count < n:
        yield "\n\n".join(buf) + "\n"


_NAIVE_SPLIT = re.compile(r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bDr)(?<!\bSt)(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<=[.!?])\s+(?=[\"“(A-Z])")


def naive_document(name: str, text: str) -> Document:
    """Paragraph per blank-line block, sentences split after . ! ? before a capital."""
    doc = Document(path=name, text=text)
    pos = 0
    for para in text.split("\n\n"):
        start = text.index(para, pos)
        pos = start + len(para)
        if not para.strip():
            continue
        bi = len(doc.blocks)
        doc.blocks.append(Block(para, list(range(start, start + len(para) + 1))))
        s0 = 0
        for m in list(_NAIVE_SPLIT.finditer(para)) + [None]:
            s1 = m.start() if m else len(para)
            piece = para[s0:s1]
            if piece.strip():
                a = start + s0
                doc.sentences.append(Sentence(len(doc.sentences), piece, list(range(a, a + len(piece) + 1)), bi))
            s0 = m.end() if m else s1
    return doc


def load(name: str, text: str) -> Document:
    try:
        from mtcheck.loading import load_document
    except ImportError:
        return naive_document(name, text)
    return load_document(name, data=text.encode("utf-8"), format="text")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--releases", type=int, default=2000, help="number of releases to read (default 2000)")
    ap.add_argument("--shared", type=Path, default=ROOT / ".." / "shared", help="path to shared/ (default ../shared)")
    ap.add_argument("--examples", type=int, default=0, help="example hits to print per rule")
    ap.add_argument("--structural-only", action="store_true", help="run the structural checks directly, no YAML")
    ap.add_argument("--naive", action="store_true", help="use the naive splitter even if mtcheck.loading exists")
    args = ap.parse_args(argv)

    corpus = args.shared / CORPUS
    if not corpus.exists():
        print(f"corpus not found: {corpus}", file=sys.stderr)
        return 2

    t0 = time.perf_counter()
    docs = [
        (naive_document if args.naive else load)(f"release-{i}", text)
        for i, text in enumerate(read_releases(corpus, args.releases))
    ]
    t_load = time.perf_counter() - t0
    words = sum(len(WORD_RE.findall(d.text)) for d in docs)

    hits: list[tuple[str, str, str]] = []  # (rule, severity, text)
    if args.structural_only:
        from mtcheck.rules.structural import CHECKS

        severities = {"fragment": "error", "cut_clause": "error", "cjk_leftover": "error"}
        per_check: Counter[str] = Counter()
        params = {name: dict(check.params) for name, check in CHECKS.items()}
        t1 = time.perf_counter()
        for name, check in CHECKS.items():
            tc = time.perf_counter()
            for d in docs:
                for s in d.sentences:
                    for h in check.run(s, params[name], d):
                        hits.append((name, severities.get(name, "warning"), _context(s.text, h.start, h.end)))
            per_check[name] = time.perf_counter() - tc
        t_rules = time.perf_counter() - t1
    else:
        from mtcheck.rules.engine import RulesChecker
        from mtcheck.rules.loader import load_rules

        checker = RulesChecker(load_rules())
        t1 = time.perf_counter()
        results = [(d, checker.check(d)) for d in docs]
        t_rules = time.perf_counter() - t1
        for d, r in results:
            for f in r.findings:
                hits.append((f.rule, f.severity.label, _context(d.text, f.start, f.end)))

    per_k = 1000.0 / max(words, 1)
    print(f"releases: {len(docs)}  words: {words:,}  sentences: {sum(len(d.sentences) for d in docs):,}")
    print(f"load+segment: {t_load:.1f}s   rules stage: {t_rules:.2f}s = {words / max(t_rules, 1e-9):,.0f} words/s")
    if args.structural_only:
        print("time per structural check (all documents):")
        for name, sec in sorted(per_check.items(), key=lambda kv: -kv[1]):
            print(f"  {name:<20} {sec:6.2f}s  {words / max(sec, 1e-9):>12,.0f} words/s")
    sev = Counter(h[1] for h in hits)
    print("\nfindings per 1,000 words by severity:")
    for s in ("error", "warning", "suggestion"):
        print(f"  {s:<11} {sev.get(s, 0) * per_k:7.3f}   ({sev.get(s, 0)} findings)")
    fam: Counter[str] = Counter()
    fam_err: Counter[str] = Counter()
    for rule, s, _ in hits:
        f = ".".join(rule.split(".")[:2])
        fam[f] += 1
        if s == "error":
            fam_err[f] += 1
    print("\nfindings per 1,000 words by family (all / error):")
    for f, c in fam.most_common():
        print(f"  {f:<28} {c * per_k:7.3f} / {fam_err.get(f, 0) * per_k:7.3f}")
    by_rule = Counter(h[0] for h in hits)
    print("\ntop rules:")
    for rule, c in by_rule.most_common(25):
        print(f"  {rule:<40} {c:6d}  {c * per_k:7.3f}/1k")
    if args.examples:
        ex: dict[str, list[str]] = defaultdict(list)
        for rule, _, ctx in hits:
            if len(ex[rule]) < args.examples:
                ex[rule].append(ctx)
        print("\nexamples:")
        for rule, _ in by_rule.most_common():
            print(f"  {rule}")
            for c in ex[rule]:
                print(f"    - {c}")
    return 0


def _context(text: str, a: int, b: int, width: int = 60) -> str:
    left = text[max(0, a - width) : a]
    right = text[b : b + width]
    return f"…{left}[[{text[a:b]}]]{right}…".replace("\n", " ")


if __name__ == "__main__":
    raise SystemExit(main())
