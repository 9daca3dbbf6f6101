"""The core commands: segment, update, status, build, verify."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Sequence
from typing import Any

import click

from ..config import Config, Source, find_sources
from ..errors import EXIT_ERROR, EXIT_PROBLEMS, WorkflowError
from ..model import Severity
from ..incremental import build_all, status_all, update_all
from ..parallel import default_jobs
from ..project import load_document
from ..segment import GRANULARITIES
from .common import (
    Session, files_argument, jobs_option, json_option, language_option, locale_dir_option, print_json, shown,
)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--segmentation", type=click.Choice(GRANULARITIES), help="paragraph (default) or sentence.")
@json_option
@click.pass_obj
def segment(session: Session, file: str, segmentation: str | None, as_json: bool) -> None:
    """Print the translatable segments of FILE with their lines and kinds.

    \b
    Example:
      workflow segment seeds/aleppo-civil-peace-dialogue.txt --json
    """
    config = session.config(segmentation=segmentation)
    [source] = find_sources(config, [file])
    document = load_document(config, source)
    records = [
        {"id": s.id, "path": s.location.path, "line": s.location.line, "kind": s.kind, "text": s.text}
        for s in document.segments
    ]
    if as_json:
        print_json(records)
    else:
        for record in records:
            click.echo(f"{record['path']}:{record['line']}: {record['kind']}: {record['text']}")


@click.command()
@language_option
@locale_dir_option
@click.option("--check", is_flag=True, help="Write nothing; exit 3 if any catalog is out of date.")
@click.option("--fill", is_flag=True, help="Fill untranslated segments from the translation memory (setting: fill).")
@jobs_option
@json_option
@files_argument
@click.pass_obj
def update(session: Session, languages: tuple[str, ...], locale_dir: str | None, check: bool, fill: bool,
           jobs: int | None, as_json: bool, files: tuple[str, ...]) -> None:
    """Extract templates (POT) and merge them into the PO catalogs.

    Unchanged segments keep their translation, changed ones get the closest
    old translation marked fuzzy (with the old source as #| msgid), removed
    ones become obsolete (#~). A run that changes nothing writes nothing.
    With --fill, the translation memory translates new segments it knows
    (exact match) and offers close matches as fuzzy translations.

    \b
    Example:
      workflow update -l ar report.md
      workflow update --fill
    """
    config = session.config(locale_dir=locale_dir, fill=fill or None)
    targets = languages or config.languages
    changes = []
    with session.writing(config, dry_run=check):
        memory = None
        if config.fill:
            from ..memory import load_memory  # reads every catalog of the project: only with --fill

            memory = load_memory(config)
        sources = find_sources(config, files)
        with session.progress(len(sources), "Updating") as advance:
            for _, outcome in update_all(config, sources, targets, write=not check, memory=memory,
                                         jobs=jobs or default_jobs(), progress=advance):
                if isinstance(outcome, WorkflowError):
                    session.fail(outcome)
                else:
                    changes.extend(outcome)
    pending = [change for change in changes if change.action != "unchanged"]
    if session.failed:  # update_all wrote nothing
        if pending and not check:
            click.echo(f"nothing written ({len(pending)} file(s) left as they were); fix the error(s) above"
                       " and run: workflow update", err=True)
        if as_json:
            print_json([])
        sys.exit(EXIT_ERROR)
    if as_json:
        print_json([{"path": c.path, "action": c.action} for c in changes])
    else:
        for change in pending:
            click.echo(f"{'would be ' if check else ''}{change.action}: {change.path}")
        if not pending:
            click.echo("catalogs are up to date", err=True)
    if check and pending:
        click.echo(f"{len(pending)} file(s) out of date; run: workflow update", err=True)
        sys.exit(EXIT_PROBLEMS)


@click.command()
@language_option
@locale_dir_option
@jobs_option
@json_option
@files_argument
@click.pass_obj
def status(session: Session, languages: tuple[str, ...], locale_dir: str | None, jobs: int | None, as_json: bool,
           files: tuple[str, ...]) -> None:
    """Show translation progress per report and language.

    \b
    Example:
      workflow status -l ar --json
    """
    config = session.config(locale_dir=locale_dir)
    targets = languages or config.languages
    rows = []
    sources = find_sources(config, files)
    with session.progress(len(sources), "Reading") as advance:
        for _, outcome in status_all(config, sources, targets, jobs=jobs or default_jobs(), progress=advance):
            if isinstance(outcome, WorkflowError):
                session.fail(outcome)
            else:
                rows.extend(outcome)
    if as_json:
        print_json([row.to_json() for row in rows])
    elif rows:
        header = ("report", "lang", "segments", "words", "done", "fuzzy", "todo", "obsolete", "%", "stale")
        table = [header] + [
            (r.report, r.language, r.segments, r.words, r.translated, r.fuzzy, r.untranslated, r.obsolete,
             f"{r.percent:.1f}", "yes" if r.stale else "no")
            for r in rows
        ]
        widths = [max(len(str(row[i])) for row in table) for i in range(len(header))]
        for row in table:
            cells = [str(cell).ljust(w) if i < 2 else str(cell).rjust(w) for i, (cell, w) in enumerate(zip(row, widths))]
            click.echo("  ".join(cells).rstrip())
    if session.failed:
        sys.exit(EXIT_ERROR)


@click.command()
@language_option
@locale_dir_option
@click.option("--build-dir", type=click.Path(file_okay=False), help="Output folder. Default: build.")
@click.option("--allow-missing", is_flag=True, help="Use the source text for missing, fuzzy or stale segments.")
@click.option(
    "--min-translated", type=click.FloatRange(0, 100), metavar="PCT",
    help="Build a report when at least PCT percent is translated, using the source text for the rest.",
)
@click.option(
    "--format", "output_format", type=click.Choice(["text", "html"]), default="text",
    help="text: each edition in the source's format; html: as a standalone HTML page (an HTML report's edition"
         " is one already: it is written as with text).",
)
@jobs_option
@json_option
@files_argument
@click.pass_obj
def build(session: Session, languages: tuple[str, ...], locale_dir: str | None, build_dir: str | None,
          allow_missing: bool, min_translated: float | None, output_format: str, jobs: int | None, as_json: bool,
          files: tuple[str, ...]) -> None:
    """Write each report in each target language to BUILD/LANG/.

    A missing, fuzzy or stale segment stops that report (exit 3), with one
    line per problem, unless --allow-missing or --min-translated is given.

    \b
    Example:
      workflow build -l ar --json
      workflow build --format html
    """
    config = session.config(locale_dir=locale_dir, build_dir=build_dir)
    targets = languages or config.languages
    reports = []

    def build_one(source: Source) -> None:
        reports.extend(_build_html(config, source, targets, allow_missing, min_translated))

    with session.writing(config):
        sources = find_sources(config, files)
        if output_format == "html":  # both would be BUILD/LANG/NAME.html for an HTML report
            session.run([source for source in sources if source.format != "html"], "Building", build_one)
            sources = [source for source in sources if source.format == "html"]
        if sources:
            with session.progress(len(sources), "Building") as advance:
                for _, outcome in build_all(config, sources, targets, allow_missing=allow_missing,
                                            min_translated=min_translated, jobs=jobs or default_jobs(),
                                            progress=advance):
                    if isinstance(outcome, WorkflowError):
                        session.fail(outcome)
                    else:
                        reports.extend(outcome)
    problems = [problem for report in reports for problem in report.problems]
    if as_json:
        print_json({
            "ok": not session.failed and not any(r.blocked for r in reports),
            "reports": [
                {"report": r.source.shown, "language": r.language, "output": r.output, "catalog": r.catalog,
                 "percent": r.percent, "built": not r.blocked, "written": r.written, "problems": len(r.problems)}
                for r in reports
            ],
            "problems": [problem.to_json() for problem in problems],
        })
    for problem in problems:
        click.echo(problem.format(), err=True)
    if not as_json:  # one write per run of lines to the same stream: 10,000 single echoes took a tenth of a run
        for blocked, run in itertools.groupby(reports, key=lambda r: r.blocked):
            if blocked:
                click.echo("\n".join(f"not built: {r.output} ({r.percent:.1f}% translated)" for r in run), err=True)
            else:
                click.echo("\n".join(f"{'wrote' if r.written else 'unchanged'}: {r.output}" for r in run))
    if session.failed:
        sys.exit(EXIT_ERROR)
    if any(r.blocked for r in reports):
        errors = sum(1 for p in problems if p.severity is Severity.ERROR)
        click.echo(f"{errors} segment(s) block the build; translate them or pass --allow-missing", err=True)
        sys.exit(EXIT_PROBLEMS)


@click.command()
@files_argument
@click.pass_obj
def verify(session: Session, files: tuple[str, ...]) -> None:
    """Prove that each report rebuilds byte for byte from an identity catalog.

    Names the first differing line if one does not (exit 3).

    \b
    Example:
      workflow verify notes.md
    """
    from ..build import verify_source  # the build modules load only for the commands that build

    config = session.config()
    mismatches = []
    count = 0

    def check(source: Source) -> None:
        nonlocal count
        count += 1
        mismatch = verify_source(config, source)
        if mismatch:
            mismatches.append(mismatch)

    session.run(find_sources(config, files), "Verifying", check)
    for mismatch in mismatches:
        click.echo(f"{mismatch.location}: error: rebuilt text differs from the source [identity]", err=True)
        click.echo(f"  source:  {mismatch.expected!r}", err=True)
        click.echo(f"  rebuilt: {mismatch.actual!r}", err=True)
    if session.failed:
        sys.exit(EXIT_ERROR)
    if mismatches:
        sys.exit(EXIT_PROBLEMS)
    click.echo(f"verified {count} report(s): each rebuilds byte for byte")


def _build_html(config: Config, source: Source, targets: Sequence[str], allow_missing: bool,
                min_translated: float | None) -> list[Any]:
    """``build --format html``: the build gate, then BUILD/LANG/NAME.html for each language that passes."""
    from ..release import prepare_report, release_settings, write_edition_html  # jinja2 only when needed
    from ..site import SiteOptions

    settings = release_settings(config)
    options = SiteOptions(project=config.project, digits=settings.digits, locales=settings.locales)
    reports = []
    for language in source.targets(targets):
        outcome = prepare_report(config, source, [language], allow_missing=allow_missing,
                                 min_translated=min_translated, checks=False, settings=settings)
        [report] = outcome.gates
        if not report.blocked:
            path, report.written = write_edition_html(config, outcome, language, options)
            report.output = shown(config, path)
        else:
            report.output = shown(config, config.root / config.build_dir / language / f"{source.name}.html")
        reports.append(report)
    return reports


