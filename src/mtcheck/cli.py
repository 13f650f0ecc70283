"""The ``mtcheck`` command line.

Exit codes (stable, for hooks and CI): 0 = nothing at or above the failing
severity, 1 = findings at or above it, 2 = usage, configuration or input error.
"""

from __future__ import annotations

import dataclasses
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


def pipeline_options(f):
    """Options shared by every command that runs the pipeline.

    Defaults are ``None`` so that a value from ``[tool.mtcheck]`` applies
    unless the option is given on the command line.
    """
    opts = [
        click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), default=None,
                     help="Use this configuration file instead of searching for one."),
        click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), help="Extra rule directory (repeatable)."),
        click.option("--select", multiple=True, help="Only these rule ids or prefixes (MT, MT.Terms, HARPER); comma-separated or repeated."),
        click.option("--ignore", multiple=True, help="Skip these rule ids or prefixes."),
        click.option("--grammar", default=None,
                     help="Grammar backends: harper (default), languagetool, harper,languagetool or none."),
        click.option("--languagetool-url", default=None, help="Use this LanguageTool server (e.g. http://localhost:8081)."),
        click.option("--languagetool-path", default=None, type=click.Path(exists=True, file_okay=False),
                     help="A local LanguageTool directory to start a server from (default: $LTP_PATH)."),
        click.option("--lt-disable", "lt_disable", multiple=True,
                     help="LanguageTool rule ids or CATEGORY:<id> to disable (repeatable, comma-separated)."),
        click.option("--language", default=None, help="English variety: en (default: American and British spellings both accepted), en-US, en-GB, en-AU, en-CA, en-IN."),
        click.option("--picky", is_flag=True, default=None, help="Style preferences too: LanguageTool's picky level and Harper's house-style rules (Oxford comma, joined prefixes, ellipsis and dash characters, title case)."),
        click.option("--lm", default=None, help="Fluency model: a Hugging Face id or directory, or 'none' (default: the shipped model)."),
        click.option("--input-format", type=click.Choice(["text", "markdown", "html"]), default=None,
                     help="Treat every input as this format (default: by file extension)."),
        click.option("--no-cache", is_flag=True, help="Do not read or write the result cache."),
        click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
                     help="Cache directory (default: .mtcheck_cache next to the configuration, or $MTCHECK_CACHE_DIR)."),
        click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
                     help="Check files in this many processes."),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def _split(values) -> list[str]:
    out: list[str] = []
    for v in values or ():
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def confidence_options(f):
    """--min-confidence / --all-findings, shared by check and report."""
    f = click.option("--all-findings", is_flag=True, help="Show every finding (same as --min-confidence 0).")(f)
    f = click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
                     help="Hide grammar and fluency findings whose calibrated confidence (the chance that a "
                          "professional reviewer agrees) is below this; rule findings and errors are always "
                          "shown (default: the risk model's threshold).")(f)
    return f


def make_runner(config_file, rule_dirs, select, ignore, grammar, languagetool_url, languagetool_path, lt_disable,
                language, picky, lm, input_format, no_cache, cache_dir, jobs, fail_on=None, min_severity=None,
                min_confidence=None):
    from mtcheck.config import ConfigError
    from mtcheck.runner import Overrides, Runner

    backends = None
    if grammar is not None:
        backends = [b.strip().lower() for b in grammar.split(",") if b.strip()]
        if backends == ["none"]:
            backends = []
        unknown = set(backends) - {"harper", "languagetool"}
        if unknown:
            raise click.BadParameter(f"unknown grammar backend(s): {', '.join(sorted(unknown))}", param_hint="--grammar")
        if languagetool_url and "languagetool" not in backends:
            backends.append("languagetool")
    elif languagetool_url or languagetool_path:
        backends = ["harper", "languagetool"]
    overrides = Overrides(
        select=_split(select) or None, ignore=_split(ignore) or None, rule_dirs=list(rule_dirs), grammar=backends,
        languagetool_url=languagetool_url, language=language, picky=picky, lm=lm, format=input_format,
        languagetool_path=languagetool_path,
        lt_disabled_rules=[x for x in _split(lt_disable) if not x.upper().startswith("CATEGORY:")],
        lt_disabled_categories=[x.split(":", 1)[1] for x in _split(lt_disable) if x.upper().startswith("CATEGORY:")],
        fail_on=Severity.parse(fail_on) if fail_on else None,
        min_severity=Severity.parse(min_severity) if min_severity else None,
        min_confidence=min_confidence,
    )
    try:
        return Runner(overrides, config_file=config_file, use_cache=not no_cache, cache_dir=cache_dir, jobs=jobs)
    except ConfigError as e:
        raise _ClickExit2(f"configuration error: {e}") from None


def run_files(runner, paths, progress=None, files=None):
    """Run the runner over PATHS, turning configuration and rule errors into exit code 2."""
    from mtcheck.config import ConfigError
    from mtcheck.pipeline import STDIN
    from mtcheck.rules.loader import RuleError

    try:
        files = [f for f in (files if files is not None else expand_paths(paths))
                 if f == STDIN or not runner.config_for(f).excluded(f)]
        stdin = sys.stdin.buffer.read() if STDIN in files else None
        run = runner.run(files, stdin=stdin, progress=progress)
    except RuleError as e:
        raise _ClickExit2(f"broken rule file: {e}") from None
    except ConfigError as e:
        raise _ClickExit2(f"configuration error: {e}") from None
    for w in run.meta.get("warnings", []):
        click.echo(f"mtcheck: warning: {w}", err=True)
    return run


@main.command()
@click.argument("paths", nargs=-1, required=True)
@pipeline_options
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(formatter_names()), help="Output format.")
@click.option("--min-severity", type=SEVERITIES, default=None,
              help="Show findings at or above this severity (default: suggestion).")
@click.option("--fail-on", type=SEVERITIES, default=None,
              help="Exit 1 when a finding at or above this severity is found (default: error).")
@confidence_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the output to this file instead of standard output.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are found.")
@click.option("--statistics", is_flag=True, help="Print a count of findings per rule instead of the findings.")
@click.option("--fix", "do_fix", is_flag=True, help="Apply safe fixes to the files (atomic writes).")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply unsafe fixes.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
def check(paths, config_file, rule_dirs, select, ignore, grammar, languagetool_url, languagetool_path, lt_disable,
          language, picky, lm, input_format, no_cache, cache_dir, jobs, fmt, min_severity, fail_on, min_confidence, all_findings, output, exit_zero,
          statistics, do_fix, unsafe_fixes, show_diff):
    """Check PATH... (files, directories, or - for standard input)."""
    from mtcheck.output import View, get_formatter

    runner = make_runner(config_file, rule_dirs, select, ignore, grammar, languagetool_url, languagetool_path,
                         lt_disable, language, picky, lm, input_format, no_cache, cache_dir, jobs, fail_on,
                         min_severity, 0.0 if all_findings else min_confidence)
    with runner:
        run = run_files(runner, paths)
        if do_fix or show_diff:  # fix what the view shows, not the findings it hides
            changed = _apply_fixes(run, runner.confident_findings, unsafe=unsafe_fixes,
                                   write=do_fix and not show_diff)
            if show_diff:
                sys.exit(EXIT_FINDINGS if changed and not exit_zero else EXIT_OK)
            if changed:  # report what is left after fixing, as ruff does
                run = run_files(runner, tuple(fr.path for fr in run.files if fr.document is not None
                                              and fr.path != "<stdin>"))
    first = runner.config_for(run.files[0].path if run.files else ".")
    view = View(min_severity=runner.min_severity(first), color=output is None and sys.stdout.isatty(),
                min_confidence=runner.min_confidence(first))
    run.meta["min_confidence"] = view.min_confidence
    if statistics:
        from mtcheck.output.statistics import format_statistics

        text = format_statistics(run, view)
    else:
        text = get_formatter(fmt)(run, view)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    shown_on_stdout = output is None and not statistics and fmt in ("text", "concise")
    for fr in run.files:
        if fr.error and not shown_on_stdout:
            click.echo(f"mtcheck: {fr.error_line}", err=True)
    if any(fr.error for fr in run.files):
        sys.exit(EXIT_ERROR)
    failing = False
    for fr in run.files:
        cfg = runner.config_for(fr.path if fr.path != "<stdin>" else "-")
        if any(f.severity >= runner.fail_on(cfg) for f in runner.confident_findings(fr)):
            failing = True
        if cfg.score_threshold is not None and fr.score is not None and fr.score < cfg.score_threshold:
            failing = True
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_OK)


def _apply_fixes(run, findings_of, unsafe: bool, write: bool) -> bool:
    """Apply the fixes of ``findings_of(file_result)`` per file; print a diff when not
    writing. True when anything changed."""
    from mtcheck.fixes import apply_fixes
    from mtcheck.writeback import WriteError, unified_diff, write_fixed

    changed = False
    for fr in run.files:
        if fr.document is None or fr.path == "<stdin>":
            continue
        new_text, applied = apply_fixes(fr.document.text, findings_of(fr), unsafe=unsafe)
        if not applied or new_text == fr.document.text:
            continue
        changed = True
        if write:
            try:
                write_fixed(fr.document, new_text)
            except (WriteError, OSError) as e:
                raise _ClickExit2(str(e)) from None
            click.echo(f"Fixed {len(applied)} finding{'s' if len(applied) != 1 else ''} in {fr.path}", err=True)
        else:
            click.echo(unified_diff(fr.document, new_text), nl=False)
    return changed


@main.command()
@click.argument("paths", nargs=-1, required=True)
@pipeline_options
@click.option("-o", "--out", "outdir", type=click.Path(file_okay=False), required=True,
              help="Directory for the reports (created if missing).")
@click.option("--format", "formats", default="html", show_default=True,
              help="Report formats, comma-separated: html, md, json.")
@click.option("--ready-at", type=click.FloatRange(0, 100), default=None,
              help="Score at or above which an article is 'ready' (default 90).")
@click.option("--edits-at", type=click.FloatRange(0, 100), default=None,
              help="Score at or above which it 'needs edits' rather than re-translation (default 75).")
@confidence_options
def report(paths, config_file, rule_dirs, select, ignore, grammar, languagetool_url, languagetool_path, lt_disable,
           language, picky, lm, input_format, no_cache, cache_dir, jobs, outdir, formats, ready_at, edits_at,
           min_confidence, all_findings):
    """Write one report per article and an index to --out."""
    from mtcheck.report import Thresholds, write_reports

    fmts = [f.strip().lower() for f in formats.split(",") if f.strip()]
    bad = set(fmts) - {"html", "md", "json"}
    if bad or not fmts:
        raise click.BadParameter(f"unknown report format(s): {', '.join(sorted(bad)) or '(none)'}", param_hint="--format")
    defaults = Thresholds()
    thresholds = Thresholds(ready=ready_at if ready_at is not None else defaults.ready,
                            edits=edits_at if edits_at is not None else defaults.edits)
    if thresholds.edits > thresholds.ready:
        raise click.BadParameter("--edits-at must not exceed --ready-at", param_hint="--edits-at")
    runner = make_runner(config_file, rule_dirs, select, ignore, grammar, languagetool_url, languagetool_path,
                         lt_disable, language, picky, lm, input_format, no_cache, cache_dir, jobs,
                         min_confidence=0.0 if all_findings else min_confidence)
    files = expand_paths(paths)
    with runner, _progress(len(files)) as tick:
        run = run_files(runner, paths, progress=tick, files=files)
    run.files = [dataclasses.replace(fr, findings=runner.confident_findings(fr)) for fr in run.files]
    written = write_reports(run, Path(outdir), fmts, thresholds)
    index = [p for p in written if p.name.startswith("index.")]
    click.echo(f"Wrote {len(written)} report files to {outdir}" + (f" (open {index[0]})" if index else ""))
    for fr in run.files:
        if fr.error:
            click.echo(f"mtcheck: {fr.error_line}", err=True)
    sys.exit(EXIT_ERROR if any(fr.error for fr in run.files) else EXIT_OK)


class _progress:
    """A progress bar on a terminal; silent when stderr is not a terminal (CI, hooks, pipes)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar = None

    def __enter__(self):
        if sys.stderr.isatty() and self.total > 1:
            from tqdm import tqdm

            self.bar = tqdm(total=self.total, unit="article", file=sys.stderr, leave=False)

        def tick(_path: str) -> None:
            if self.bar is not None:
                self.bar.update(1)

        return tick

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


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
