"""Result cache, so a pre-commit re-run over unchanged files is near-instant.

An entry is keyed by the file's bytes, its detected format, the run's options,
the mtcheck version and fingerprints of the rule files and the fluency model:
change any of them and the entry is simply not found. Each entry is one small
JSON file written atomically (temporary file + ``os.replace``), so parallel
runs never see a half-written entry; a corrupt entry is ignored and rewritten.

The cache is per file rather than per sentence because several checks look
across sentences (recurring names, repeated terms, clauses cut off at the
previous full stop): a per-sentence cache would return stale findings when a
neighbouring sentence changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable

from mtcheck import __version__
from mtcheck.model import Applicability, Finding, Fix, Severity
from mtcheck.results import FileResult, SentenceResult

CACHE_FORMAT = 1


def fingerprint_files(paths: Iterable[str | Path]) -> str:
    """Hash of the contents of the given files (rule packs, model files)."""
    h = hashlib.sha256()
    for p in sorted(str(x) for x in paths):
        h.update(p.encode())
        try:
            h.update(Path(p).read_bytes())
        except OSError:
            h.update(b"<missing>")
    return h.hexdigest()


def default_cache_dir(root: Path) -> Path:
    env = os.environ.get("MTCHECK_CACHE_DIR")
    return Path(env) if env else root / ".mtcheck_cache"


class ResultCache:
    def __init__(self, directory: Path, salt: str) -> None:
        self.directory = directory
        self.salt = salt

    def key(self, data: bytes, path: str) -> str:
        h = hashlib.sha256()
        h.update(f"{CACHE_FORMAT}|{__version__}|{self.salt}|{Path(path).suffix.lower()}|".encode())
        h.update(data)
        return h.hexdigest()

    def _file(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            return json.loads(self._file(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, fr: FileResult) -> None:
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            gitignore = self.directory / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n", encoding="utf-8")
            fd, tmp = tempfile.mkstemp(dir=str(target.parent), suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(dump_result(fr), fh, ensure_ascii=False)
            os.replace(tmp, target)
        except OSError:
            pass  # a read-only or full disk must not fail the check


def dump_result(fr: FileResult) -> dict[str, Any]:
    return {
        "score": fr.score,
        "backends": fr.backends,
        "warnings": fr.warnings,
        "findings": [
            {
                "rule": f.rule, "source": f.source, "severity": f.severity.label, "message": f.message,
                "start": f.start, "end": f.end, "text": f.text, "suggestions": f.suggestions,
                "fix": None if f.fix is None else {"replacement": f.fix.replacement,
                                                   "applicability": f.fix.applicability.value,
                                                   "span": list(f.fix.span) if f.fix.span else None},
                "link": f.link, "meta": f.meta,
            }
            for f in fr.findings
        ],
        "sentences": [
            {"start": s.start, "end": s.end, "text": s.text, "risk": s.risk, "fluency": s.fluency, "scores": s.scores}
            for s in fr.sentences
        ],
    }


def restore_result(fr: FileResult, data: dict[str, Any]) -> FileResult:
    """Fill ``fr`` (which carries the freshly loaded document) from a cache entry."""
    fr.score = data["score"]
    fr.backends = data["backends"]
    fr.warnings = data["warnings"]
    fr.findings = [
        Finding(
            rule=f["rule"], source=f["source"], severity=Severity.parse(f["severity"]), message=f["message"],
            start=f["start"], end=f["end"], text=f["text"], suggestions=f["suggestions"],
            fix=None if f["fix"] is None else Fix(f["fix"]["replacement"], Applicability(f["fix"]["applicability"]),
                                                   tuple(f["fix"]["span"]) if f["fix"]["span"] else None),
            link=f["link"], meta=f["meta"],
        )
        for f in data["findings"]
    ]
    fr.sentences = [SentenceResult(s["start"], s["end"], s["text"], s["risk"], s["fluency"], s["scores"])
                    for s in data["sentences"]]
    return fr
