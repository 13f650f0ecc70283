"""GitHub Actions workflow commands, so findings show up as annotations on a pull request.

Each finding becomes one line such as::

    ::error file=news/a.txt,line=3,col=5,endLine=3,endColumn=12,title=MT.Script.CjkLeftover::Chinese ...

GitHub reads these from a step's standard output and pins them to the file
and line in the "Files changed" view. Severity maps to the command: error ->
``error``, warning -> ``warning``, suggestion -> ``notice``. Columns are
1-based and count Unicode code points; ``endColumn`` is the column just after
the last character (as ruff and SARIF use it); for a span over several lines
the columns are left out, as GitHub requires. Values are escaped the way the
Actions toolkit does (``%``, CR and LF everywhere, plus ``:`` and ``,`` in
properties), so a message or a path can never end the command early.
"""

from __future__ import annotations

from mtcheck.model import Finding, Severity
from mtcheck.output import View
from mtcheck.results import FileResult, RunResult

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "notice"}


def escape_data(value: str) -> str:
    """Escape a command's message (after ``::``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value (``file=...``, ``title=...``): data escapes plus ``:`` and ``,``."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **props: object) -> str:
    """One workflow command line; properties whose value is None are left out."""
    parts = [f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None]
    head = f"::{name}" + (" " + ",".join(parts) if parts else "")
    return f"{head}::{escape_data(message)}"


def _path(path: str) -> str:
    return path.replace("\\", "/")


def finding_command(fr: FileResult, f: Finding) -> str:
    assert fr.document is not None
    line, col = fr.document.lines.position(f.start)
    end_line, end_col = fr.document.lines.position(f.end)
    message = f.message
    if f.suggestions:
        message += " (-> " + " | ".join(f.suggestions[:3]) + ")"
    if end_line != line:  # GitHub accepts columns only for a span on one line
        col = end_col = None
    return command(
        COMMANDS[f.severity], message,
        file=_path(fr.path), line=line, col=col, endLine=end_line, endColumn=end_col, title=f.rule,
    )


def format_github(run: RunResult, view: View) -> str:
    lines: list[str] = []
    for fr in run.files:
        if fr.error is not None:
            lines.append(command("error", fr.error, file=_path(fr.path), title="mtcheck"))
            continue
        lines.extend(finding_command(fr, f) for f in view.visible(fr))
        lines.extend(command("warning", w, file=_path(fr.path), title="mtcheck") for w in fr.warnings)
    # Run-level warnings (a stage that could not start) as annotations without a file.
    lines.extend(command("warning", w, title="mtcheck") for w in run.meta.get("warnings", []))
    return "\n".join(lines) + ("\n" if lines else "")
