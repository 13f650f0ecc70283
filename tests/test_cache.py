"""The result cache: hits give identical output, any change misses, corrupt entries are ignored."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mtcheck.cli import main

ARTICLE = "GAC Group joined hands with SAIC Group. They discuss Collaborate and cooperate.\n"


def run(path: Path, cache: Path, *extra: str):
    r = CliRunner().invoke(main, ["check", str(path), "--grammar", "none", "--lm", "none", "--format", "json",
                                  "--cache-dir", str(cache), *extra], catch_exceptions=False)
    data = json.loads(r.stdout)
    for f in data["files"]:
        f.pop("seconds", None)
    data.pop("meta")
    return data


def entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.json"))


def test_cached_run_is_identical_and_changes_miss(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    cache = tmp_path / "cache"
    first = run(p, cache)
    assert len(entries(cache)) == 1
    assert run(p, cache) == first
    assert len(entries(cache)) == 1
    p.write_text(ARTICLE + "\nMore text here.\n", encoding="utf-8")
    run(p, cache)
    assert len(entries(cache)) == 2
    run(p, cache, "--ignore", "MT.Ceremony")  # other options, other key
    assert len(entries(cache)) == 3


def test_corrupt_entry_is_ignored_and_no_cache_bypasses(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    cache = tmp_path / "cache"
    first = run(p, cache)
    (entry,) = entries(cache)
    entry.write_text("{not json", encoding="utf-8")
    assert run(p, cache) == first
    other = tmp_path / "c2"
    run(p, other, "--no-cache")
    assert not other.exists()
