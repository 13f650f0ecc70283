"""How fast a full check is: cold start, warm latency and throughput.

    python benchmarks/speed.py                 # full pipeline (rules + Harper + shipped LM)
    python benchmarks/speed.py --lm none --docs 20

Prints:

* cold: wall time of ``mtcheck check ARTICLE --no-cache --format json`` as a
  subprocess on a 600-word article (median of ``--repeat`` runs; includes the
  interpreter start, imports, rule and model loading);
* warm: in-process ``Pipeline.check_document`` on the same article after one
  warm-up call (median);
* throughput: words/s of the full pipeline over the MQM 2021 texts, in one
  process (its stages run side by side on threads), with words per
  CPU-second too, which is the fairer figure on a shared machine; then the
  same texts as files through ``mtcheck check -j N --no-cache`` (``--jobs``,
  default 2: one worker process per core), start-up included.

Targets (issue 7): cold <= 1.5 s, warm <= 0.3 s, >= 5,000 words/s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mqm_data import build_articles, first_documents, load_segments  # noqa: E402

from mtcheck.loading import load_document  # noqa: E402
from mtcheck.pipeline import Pipeline, RunOptions  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"


def article_600(mqm_path: Path) -> str:
    """A 600-word machine-translated news article: the first MT system's documents of 2021, cut at 600 words."""
    arts = [a for a in build_articles(load_segments(mqm_path)) if a.system == "hyp.DIDI-NLP"]
    paras: list[str] = []
    n = 0
    for a in arts:
        for seg in a.segments:
            words = seg.target.split()
            take = words[: 600 - n]
            paras.append(" ".join(take))
            n += len(take)
            if n >= 600:
                return "\n\n".join(paras) + "\n"
    return "\n\n".join(paras) + "\n"


def mtcheck_command() -> list[str]:
    """The installed ``mtcheck`` script beside this interpreter, else ``python -m mtcheck``."""
    exe = Path(sys.executable).with_name("mtcheck")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "mtcheck"]


def cold(path: Path, lm: str | None, repeat: int) -> list[float]:
    cmd = mtcheck_command() + ["check", str(path), "--no-cache", "--format", "json", "--exit-zero"]
    if lm is not None:
        cmd += ["--lm", lm]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"mtcheck failed ({proc.returncode}): {proc.stderr[-500:]}")
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--lm", default=None, help="fluency model (default shipped; 'none' = off)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--docs", type=int, default=0, help="throughput over the first N documents only (0 = all)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for the CLI throughput run (0 = skip it)")
    args = ap.parse_args(argv)
    mqm = args.shared / "data" / "mqm" / "mqm_zhen_2021.jsonl"
    if not mqm.exists():
        print(f"MQM data not found at {mqm}", file=sys.stderr)
        return 2
    text = article_600(mqm)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "article.txt"
        path.write_text(text, encoding="utf-8")
        times = cold(path, args.lm, args.repeat)
    print(f"cold start, 600-word article (subprocess): median {statistics.median(times):.3f} s "
          f"(min {min(times):.3f}, {len(times)} runs)  target <= 1.5 s")

    opts = RunOptions(lm=args.lm)
    with Pipeline(opts) as pipe:
        doc = load_document("article.txt", data=text.encode("utf-8"), format="text")
        t0 = time.perf_counter()
        pipe.check_document(doc)
        first = time.perf_counter() - t0
        warm = []
        for _ in range(args.repeat * 2):
            doc = load_document("article.txt", data=text.encode("utf-8"), format="text")
            t0 = time.perf_counter()
            pipe.check_document(doc)
            warm.append(time.perf_counter() - t0)
        print(f"warm check_document, 600 words: median {statistics.median(warm):.3f} s "
              f"(first call {first:.3f} s)  target <= 0.3 s")

        articles = build_articles(load_segments(mqm))
        articles = first_documents(articles, args.docs)
        words = sum(len(a.text.split()) for a in articles)
        t0, c0 = time.perf_counter(), time.process_time()
        for a in articles:
            pipe.check_document(load_document(a.name + ".txt", data=a.text.encode("utf-8"), format="text"))
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"throughput, MQM 2021 ({len(articles)} articles, {words} words): {words / wall:,.0f} words/s wall, "
              f"{words / cpu:,.0f} words per CPU-second (one process)  target >= 5,000 words/s on 2 cores")
    if args.jobs:
        with tempfile.TemporaryDirectory() as tmp:
            for a in articles:
                (Path(tmp) / (a.name + ".txt")).write_text(a.text, encoding="utf-8")
            cmd = mtcheck_command() + ["check", tmp, "--no-cache", "--format", "concise", "--exit-zero",
                                       "-j", str(args.jobs)]
            if args.lm is not None:
                cmd += ["--lm", args.lm]
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, text=True)
            wall = time.perf_counter() - t0
            if proc.returncode != 0:
                raise SystemExit(f"mtcheck failed ({proc.returncode}): {proc.stderr[-500:]}")
        print(f"throughput, mtcheck check -j {args.jobs} --no-cache on the same {len(articles)} files: "
              f"{words / wall:,.0f} words/s ({wall:.1f} s, start-up included)  target >= 5,000 words/s on 2 cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
