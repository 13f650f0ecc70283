"""Measure the fluency model: BLiMP, held-out perplexity, size, cold start, throughput.

    python benchmarks/lm_bench.py                      # the shipped model, all of BLiMP (67,000 pairs)
    python benchmarks/lm_bench.py --model DIR --pairs 200

BLiMP accuracy is the share of minimal pairs where the model gives the good
sentence the higher total log-probability (the "simple LM method" of Warstadt
et al. 2020), overall and per linguistics term, next to the published n-gram,
LSTM and GPT-2 figures from ``models_summary.jsonl``. Published overall:
5-gram 61.2, LSTM 69.8, GPT-2-large 83.0, humans 88.6. Perplexity is the
held-out figure written at training time (``meta.json``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
WORDS = ("the senator said that the new agreement between the two companies will create jobs for workers "
         "in the state and help farmers who export their products to markets in asia and europe next year").split()


def blimp(scorer, blimp_dir: Path, pairs_per_paradigm: int) -> dict:
    files = sorted(p for p in blimp_dir.glob("*.jsonl") if p.name != "models_summary.jsonl")
    by_term: dict[str, list[bool]] = defaultdict(list)
    by_field: dict[str, list[bool]] = defaultdict(list)
    by_uid: dict[str, float] = {}
    allr: list[bool] = []
    for f in files:
        rows = [json.loads(line) for line in f.open(encoding="utf-8")][:pairs_per_paradigm]
        good = scorer.score([r["sentence_good"] for r in rows])
        bad = scorer.score([r["sentence_bad"] for r in rows])
        wins = [g.logprob > b.logprob for g, b in zip(good, bad)]
        by_uid[rows[0]["UID"]] = sum(wins) / len(wins)
        by_term[rows[0]["linguistics_term"]].extend(wins)
        by_field[rows[0]["field"]].extend(wins)
        allr.extend(wins)
    published: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    summary = blimp_dir / "models_summary.jsonl"
    if summary.exists():
        for line in summary.open(encoding="utf-8"):
            r = json.loads(line)
            for m in ("ngram", "lstm", "gpt2"):
                published[r["linguistics_term"]][m].append(r[m])
                published["overall"][m].append(r[m])
    return {"overall": sum(allr) / len(allr), "pairs": len(allr), "by_uid": by_uid,
            "by_term": {k: sum(v) / len(v) for k, v in by_term.items()},
            "by_field": {k: sum(v) / len(v) for k, v in by_field.items()},
            "published": {t: {m: statistics.mean(v) for m, v in d.items()} for t, d in published.items()}}


def cold_start(model: str | None, runs: int = 5) -> tuple[float, float]:
    """Median wall time and CPU time (user+sys) of a fresh interpreter that loads the model and scores one sentence.

    The CPU figure is the fair one on a shared machine: wall time includes waiting for other jobs.
    """
    arg = repr(model) if model else "None"
    code = f"from mtcheck.lm.runtime import OnnxScorer; OnnxScorer({arg}).score(['The company signed the agreement.'])"
    import resource

    times, cpus = [], []
    for _ in range(runs):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - t)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    return statistics.median(times), statistics.median(cpus)


def throughput(scorer, n: int = 1000) -> tuple[float, float]:
    """Sentences/s (wall and process CPU) for 30-word sentences."""
    sents = []
    for i in range(n):
        w = WORDS[i % 7:] + WORDS[: i % 7]
        sents.append(" ".join(w[:30]).capitalize() + ".")
    scorer.score(sents[:64])
    t, c = time.perf_counter(), time.process_time()
    scorer.score(sents)
    return n / (time.perf_counter() - t), n / max(time.process_time() - c, 1e-9)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None, help="exported model directory (default: the shipped model)")
    ap.add_argument("--pairs", type=int, default=1000, help="pairs per BLiMP paradigm (1000 = all)")
    ap.add_argument("--no-blimp", action="store_true")
    args = ap.parse_args()

    from mtcheck.lm.runtime import OnnxScorer, shipped_model_dir

    d = Path(args.model) if args.model else shipped_model_dir()
    scorer = OnnxScorer(args.model)
    size = sum(p.stat().st_size for p in d.iterdir() if p.is_file())
    meta = scorer.meta
    print(f"model: {d}")
    print(f"size on disk: {size / 1e6:.2f} MB ({', '.join(sorted(p.name for p in d.iterdir()))})")
    print(f"parameters: {meta.get('parameters')}, quantized: {meta.get('quantized')}, "
          f"training steps: {meta.get('steps')}, training tokens available: {meta.get('train_tokens')}")
    print(f"held-out perplexity (from training): {meta.get('heldout_perplexity')}")
    wall_cs, cpu_cs = cold_start(args.model)
    print(f"cold start (fresh python: import, load, score one sentence; median of 5): {wall_cs:.3f} s wall, "
          f"{cpu_cs:.3f} s CPU")
    wall, cpu = throughput(scorer)
    print(f"throughput, 30-word sentences, 2 threads: {wall:.0f} sentences/s wall, {cpu:.0f} per CPU-second")
    blimp_dir = SHARED / "data" / "blimp"
    if args.no_blimp or not blimp_dir.exists():
        print("BLiMP: skipped" + ("" if args.no_blimp else f" ({blimp_dir} not found)"))
        return
    t = time.perf_counter()
    r = blimp(scorer, blimp_dir, args.pairs)
    print(f"BLiMP overall: {100 * r['overall']:.1f}% on {r['pairs']:,} pairs ({time.perf_counter() - t:.0f}s)"
          f"   published: 5-gram 61.2, LSTM 69.8, GPT-2-large 83.0, humans 88.6")
    for k, v in sorted(r["by_field"].items()):
        print(f"  field {k:22s} {100 * v:5.1f}%")
    pub = r["published"]
    print(f"  {'linguistics term':32s} {'ours':>6s} {'ngram':>6s} {'lstm':>6s} {'gpt2':>6s}")
    for k, v in sorted(r["by_term"].items()):
        p = pub.get(k, {})
        print(f"  {k:32s} {100 * v:6.1f} " + " ".join(f"{100 * p.get(m, float('nan')):6.1f}" for m in ("ngram", "lstm", "gpt2")))


if __name__ == "__main__":
    main()
