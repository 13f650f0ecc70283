"""Versioned JSON (schema v1, ``docs/json-schema.md``) and JSON Lines output."""

from __future__ import annotations

import json

from mtcheck.output import View
from mtcheck.results import RunResult


def _filtered(run: RunResult, view: View) -> dict:
    data = run.to_json()
    for fj in data["files"]:
        fj["findings"] = [f for f in fj["findings"] if _sev(f["severity"]) >= view.min_severity]
    return data


def _sev(label: str):
    from mtcheck.model import Severity

    return Severity.parse(label)


def format_json(run: RunResult, view: View) -> str:
    return json.dumps(_filtered(run, view), ensure_ascii=False, indent=2) + "\n"


def format_jsonl(run: RunResult, view: View) -> str:
    """One finding per line, each carrying its path (for grep/jq pipelines)."""
    lines = []
    for fj in _filtered(run, view)["files"]:
        if "error" in fj:
            lines.append(json.dumps({"path": fj["path"], "error": fj["error"]}, ensure_ascii=False))
        for f in fj["findings"]:
            lines.append(json.dumps({"path": fj["path"], **f}, ensure_ascii=False))
    return "\n".join(lines) + ("\n" if lines else "")
