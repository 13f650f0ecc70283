"""Grammar backends on MQM 2021 (zh->en): speed and how often a finding hits a rater-marked error.

For each backend: words per second over the ``target`` texts of
``../shared/data/mqm/mqm_zhen_2021.jsonl`` (one record per system and segment),
and the share of its findings that overlap a rater-marked error span on the
target side (``errors[].start/end``; spans that could not be aligned, null,
are skipped). Segments are checked as documents of one block per segment,
grouped by (system, document), as an article would be.

LanguageTool runs only when ``--languagetool-url`` is given.

    .venv/bin/python benchmarks/grammar_bench.py [--limit N] [--languagetool-url URL]
"""

from __future__ import annotations

import argparse
import bisect
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from mtcheck.checkers.grammar import make_grammar_checkers
from mtcheck.document import Block, Document, Sentence

SENTENCE_WIDE = {"HARPER.LongSentences", "LT.TOO_LONG_SENTENCE"}
DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "mqm" / "mqm_zhen_2021.jsonl"


def load_records(path: Path, limit: int | None) -> list[dict]:
    records = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            records.append(json.loads(line))
            if limit and len(records) >= limit:
                break
    return records


def build_documents(records: list[dict]) -> list[tuple[Document, list[int], list[dict]]]:
    """One Document per (system, doc_id): segments as blocks; returns each block's
    start offset and its record, so findings map back to segments."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in records:
        groups[(r["system"], r["doc_id"])].append(r)
    out = []
    for (system, doc_id), recs in groups.items():
        recs.sort(key=lambda r: r["doc_seg_id"])
        parts, blocks, sentences, starts = [], [], [], []
        pos = 0
        for i, r in enumerate(recs):
            t = r["target"]
            if i:
                parts.append("\n\n")
                pos += 2
            starts.append(pos)
            origin = list(range(pos, pos + len(t) + 1))
            blocks.append(Block(t, origin))
            sentences.append(Sentence(i, t, origin, i))
            parts.append(t)
            pos += len(t)
        out.append((Document(f"{system}/{doc_id}", "".join(parts), blocks=blocks, sentences=sentences), starts, recs))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=None, help="only the first N records")
    ap.add_argument("--languagetool-url", default=None)
    ap.add_argument("--top", type=int, default=8, help="show the N most frequent rules")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"MQM data not found: {args.data}", file=sys.stderr)
        return 2
    records = load_records(args.data, args.limit)
    docs = build_documents(records)
    words = sum(len(r["target"].split()) for r in records)
    print(f"{len(records)} segments, {len(docs)} documents, {words} words ({args.data.name})")
    backends = ["harper"] + (["languagetool"] if args.languagetool_url else [])
    for name in backends:
        [checker] = make_grammar_checkers([name], languagetool_url=args.languagetool_url)
        # warm-up outside the timing (Harper builds its dictionary, LanguageTool connects)
        checker.check(docs[0][0])
        findings = on_span = 0
        by_rule: Counter[str] = Counter()
        hits_by_rule: Counter[str] = Counter()
        warnings: set[str] = set()
        t0, c0 = time.perf_counter(), time.process_time()
        results = [checker.check(doc) for doc, _, _ in docs]
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        checker.close()
        for (doc, starts, recs), res in zip(docs, results):
            warnings.update(res.warnings)
            for f in res.findings:
                i = bisect.bisect_right(starts, f.start) - 1
                rec, base = recs[i], starts[i]
                a, b = f.start - base, max(f.end - base, f.start - base + 1)
                spans = [(e["start"], e["end"]) for e in rec["errors"]
                         if e.get("side", "target") == "target" and e["start"] is not None and e["end"] is not None]
                hit = any(a < e and s < b for s, e in spans)
                findings += 1
                on_span += hit
                by_rule[f.rule] += 1
                hits_by_rule[f.rule] += hit
        share = on_span / findings if findings else 0.0
        # CPU words/s is the fairer figure on a shared machine (for LanguageTool it
        # counts only this client, not the server)
        print(f"{name}: {words / seconds:,.0f} words/s wall ({seconds:.2f} s; {words / cpu:,.0f} words/s "
              f"of this process's CPU), {findings} findings, "
              f"{share:.1%} on rater-marked error spans")
        # sentence-wide findings (a long sentence) overlap almost any span in it
        wide = {r for r in by_rule if r in SENTENCE_WIDE}
        n_narrow = findings - sum(by_rule[r] for r in wide)
        hits_narrow = on_span - sum(hits_by_rule[r] for r in wide)
        if wide and n_narrow:
            print(f"    without sentence-wide rules ({', '.join(sorted(wide))}): {n_narrow} findings, "
                  f"{hits_narrow / n_narrow:.1%} on rater-marked error spans")
        for rule, n in by_rule.most_common(args.top):
            print(f"    {rule:40s} {n:6d}  {hits_by_rule[rule] / n:6.1%} on spans")
        for w in sorted(warnings)[:3]:
            print(f"    warning: {w}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
