"""The ``mtcheck`` command line.

Exit codes (stable, for hooks and CI): 0 = nothing at or above the failing
severity, 1 = findings at or above it, 2 = usage, configuration or input error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mtcheck import __version__
from mtcheck.model import Severity
from mtcheck.output import formatter_names

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".mdx", ".html", ".htm", ".xhtml"}
SEVERITIES = click.Choice([s.label for s in Severity], case_sensitive=False)


def expand_paths(paths: tuple[str, ...]) -> list[str]:
    """Files as given; directories become the text/Markdown/HTML files inside them."""
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            out.extend(str(f) for f in sorted(path.rglob("*"))
                       if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES
                       and not any(part.startswith(".") for part in f.relative_to(path).parts))
        else:
            out.append(p)
    return out


class _ClickExit2(click.ClickException):
    """A configuration or input error: exit code 2, message on stderr."""

    exit_code = EXIT_ERROR


def _load_ruleset(rule_dirs: tuple[str, ...]):
    from mtcheck.rules.loader import RuleError, load_rules

    try:
        return load_rules(rule_dirs)
    except RuleError as e:
        raise _ClickExit2(f"broken rule file: {e}") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtcheck")
def main() -> None:
    """Check English press releases machine-translated from Chinese."""


def grammar_options(f):
    """Options shared by every command that runs the pipeline."""
    opts = [
        click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), help="Extra rule directory (repeatable)."),
        click.option("--select", multiple=True, help="Only these rule ids or prefixes (MT, MT.Terms, HARPER); comma-separated or repeated."),
        click.option("--ignore", multiple=True, help="Skip these rule ids or prefixes."),
        click.option("--grammar", default="harper", show_default=True,
                     help="Grammar backends: harper, languagetool, harper,languagetool or none."),
        click.option("--languagetool-url", default=None, help="Use this LanguageTool server (e.g. http://localhost:8081)."),
        click.option("--language", default="en-US", show_default=True, help="Language variant for LanguageTool (en-US, en-GB)."),
        click.option("--picky", is_flag=True, help="LanguageTool picky level."),
        click.option("--lm", default=None, help="Fluency model: a Hugging Face id or directory, or 'none' (default: the shipped model)."),
        click.option("--input-format", type=click.Choice(["text", "markdown", "html"]), default=None,
                     help="Treat every input as this format (default: by file extension)."),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def build_options(rule_dirs, select, ignore, grammar, languagetool_url, language, picky, lm, input_format):
    from mtcheck.pipeline import RunOptions

    backends = [b.strip().lower() for b in grammar.split(",") if b.strip()]
    if backends == ["none"]:
        backends = []
    unknown = set(backends) - {"harper", "languagetool"}
    if unknown:
        raise click.BadParameter(f"unknown grammar backend(s): {', '.join(sorted(unknown))}", param_hint="--grammar")
    if languagetool_url and "languagetool" not in backends:
        backends.append("languagetool")
    return RunOptions(rule_dirs=list(rule_dirs), select=list(select), ignore=list(ignore), grammar=backends,
                      languagetool_url=languagetool_url, language=language, picky=picky, lm=lm,
                      format=input_format)


def run_pipeline(paths, options, ruleset=None):
    from mtcheck.pipeline import Pipeline, STDIN
    from mtcheck.results import RunResult
    from mtcheck.rules.loader import RuleError
    import time

    files = expand_paths(paths)
    stdin = sys.stdin.buffer.read() if STDIN in files else None
    t0 = time.perf_counter()
    try:
        pipe = Pipeline(options, ruleset=ruleset)
    except RuleError as e:
        raise _ClickExit2(f"broken rule file: {e}") from None
    with pipe:
        for w in pipe.warnings:
            click.echo(f"mtcheck: warning: {w}", err=True)
        results = [pipe.check_path(p, data=stdin if p == STDIN else None) for p in files]
        meta = pipe.meta()
    meta["seconds"] = round(time.perf_counter() - t0, 3)
    return RunResult(files=results, meta=meta)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@grammar_options
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(formatter_names()), help="Output format.")
@click.option("--min-severity", type=SEVERITIES, default="suggestion", show_default=True,
              help="Show findings at or above this severity.")
@click.option("--fail-on", type=SEVERITIES, default="error", show_default=True,
              help="Exit 1 when a finding at or above this severity is found.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the output to this file instead of standard output.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are found.")
def check(paths, rule_dirs, select, ignore, grammar, languagetool_url, language, picky, lm, input_format,
          fmt, min_severity, fail_on, output, exit_zero):
    """Check PATH... (files, directories, or - for standard input)."""
    from mtcheck.output import View, get_formatter

    options = build_options(rule_dirs, select, ignore, grammar, languagetool_url, language, picky, lm, input_format)
    run = run_pipeline(paths, options)
    view = View(min_severity=Severity.parse(min_severity), color=output is None and sys.stdout.isatty())
    text = get_formatter(fmt)(run, view)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    for fr in run.files:
        if fr.error:
            click.echo(f"mtcheck: {fr.error}", err=True)
    if any(fr.error for fr in run.files):
        sys.exit(EXIT_ERROR)
    threshold = Severity.parse(fail_on)
    failing = any(f.severity >= threshold for fr in run.files for f in fr.findings)
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_OK)


@main.group()
def rules() -> None:
    """List, show and test rules."""


@rules.command("list")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), help="Extra rule directory (repeatable).")
@click.option("--select", multiple=True, help="Only rule ids with these prefixes.")
def rules_list(rule_dirs, select):
    """List every rule: id, kind, severity, fix applicability."""
    from mtcheck.selection import Selector

    rs = _load_ruleset(rule_dirs)
    sel = Selector.from_options(select, ())
    shown = [r for r in rs.rules if sel.enabled(r.id)]
    for r in shown:
        fix = r.fix.value if r.fix else "none"
        click.echo(f"{r.id:<42} {r.kind:<14} {r.severity.label:<10} fix={fix}")
    click.echo(f"{len(shown)} rules in {len({r.family for r in shown})} families")


@rules.command("show")
@click.argument("rule_id")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path())
def rules_show(rule_id, rule_dirs):
    """Show one rule with its description and examples."""
    rs = _load_ruleset(rule_dirs)
    r = rs.get(rule_id)
    if r is None:
        raise _ClickExit2(f"no rule {rule_id!r}; see 'mtcheck rules list'")
    click.echo(f"{r.id}  ({r.kind}, {r.severity.label}, fix: {r.fix.value if r.fix else 'none'})")
    click.echo(f"defined at {r.file}:{r.line}")
    click.echo(f"message: {r.message}")
    if r.description:
        click.echo(f"\n{r.description.strip()}")
    if r.link:
        click.echo(f"\nsee: {r.link}")
    if r.kind in ("substitution", "existence"):
        click.echo("\npatterns:")
        for pat, sugg in r.patterns:
            click.echo(f"  {pat.pattern}  ->  {', '.join(s or '(delete)' for s in sugg) or '-'}")
    for t in r.tests:
        label = {"flag": "flags", "pass": "passes", "fix": "fixes"}[t.kind]
        click.echo(f"  {label}: {t.text}" + (f"  =>  {t.result}" if t.result is not None else ""))


@rules.command("test")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path())
def rules_test(rule_dirs):
    """Run the tests: examples embedded in every rule file."""
    from mtcheck.rules.selftest import run_rule_tests

    rs = _load_ruleset(rule_dirs)
    count, failures = run_rule_tests(rs)
    for f in failures:
        click.echo(str(f))
    click.echo(f"{len(rs.rules)} rules, {count} examples: {count - len(failures)} passed, {len(failures)} failed")
    sys.exit(EXIT_FINDINGS if failures else EXIT_OK)


def _register_optional_commands() -> None:
    """Sub-commands whose modules may be absent in a partial install."""
    try:
        from mtcheck.lm.cli import lm

        main.add_command(lm)
    except ImportError:
        pass


_register_optional_commands()


if __name__ == "__main__":  # pragma: no cover
    main()
