"""First run vs cached re-run of `mtcheck check` over 200 articles of ~600 words.

    python benchmarks/cache_bench.py                # default pipeline (rules + Harper + fluency model)
    python benchmarks/cache_bench.py --articles 50 --args "--grammar none --lm none"

Articles are assembled from the corpus's before/after texts (so they carry
real findings) and written to a temporary directory; each run is a fresh
`mtcheck check DIR` process, timed end to end (process start included), as a
pre-commit hook would run it. Target: the cached re-run takes at most 1.5 s.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_articles(out: Path, n: int, words: int) -> int:
    sources = sorted(p for p in (ROOT / "corpus").glob("*.txt"))
    texts = []
    for p in sources:
        raw = p.read_bytes()
        for enc in ("utf-8", "utf-16", "gb18030"):
            try:
                texts.append(raw.decode(enc))
                break
            except UnicodeDecodeError:
                continue
    paragraphs = [para.strip() for t in texts for para in t.split("\n\n") if len(para.split()) > 8]
    total = 0
    for i in range(n):
        body, count, j = [], 0, i
        while count < words:
            para = paragraphs[j % len(paragraphs)]
            body.append(para)
            count += len(para.split())
            j += 7
        (out / f"article-{i:03d}.txt").write_text(f"Article {i}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        total += count
    return total


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--args", default="", help="extra mtcheck arguments, quoted")
    a = ap.parse_args(argv)
    mtcheck = str(Path(sys.executable).parent / "mtcheck")
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp) / "articles"
        d.mkdir()
        words = make_articles(d, a.articles, a.words)
        cache = Path(tmp) / "cache"
        cmd = [mtcheck, "check", str(d), "--cache-dir", str(cache), "--format", "concise", *shlex.split(a.args)]
        first = timed(cmd)
        second = timed(cmd)
        third = timed(cmd)
        print(f"{a.articles} articles, {words:,} words; mtcheck check {' '.join(cmd[3:])}")
        print(f"first run (empty cache): {first:.2f} s ({words / first:,.0f} words/s)")
        print(f"cached re-run:           {min(second, third):.2f} s (best of 2; target <= 1.5 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
