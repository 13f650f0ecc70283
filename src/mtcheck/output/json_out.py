"""Versioned JSON (schema v1, ``docs/json-schema.md``) and JSON Lines output."""

from __future__ import annotations

import dataclasses
import json

from mtcheck.output import View
from mtcheck.results import RunResult


def _filtered(run: RunResult, view: View) -> dict:
    shown = dataclasses.replace(run, files=[dataclasses.replace(fr, findings=view.visible(fr)) for fr in run.files])
    return shown.to_json()


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
