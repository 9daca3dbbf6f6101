"""The ``workflow`` command: parse options, call one core function per report, print, choose the exit code."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar

import click

from . import __version__
from .build import build_report, verify_source
from .config import Config, Source, find_sources, load_config, validate
from .fileio import display_path
from .errors import EXIT_ERROR, EXIT_PROBLEMS, ConfigError, WorkflowError
from .locales import normalize_language
from .checks import ALL_CHECKS, CheckTarget, check_targets, find_problems, find_project_problems, project_settings
from .model import Problem, Severity
from .project import load_document, report_status, update_report
from .release import (
    SITE_DIR,
    BrowserMissing,
    ReportRelease,
    find_browser,
    override_warnings,
    prepare_report,
    print_pdf,
    release_settings,
    site_languages,
    site_pages,
    write_edition_html,
    write_page,
)
from .site import SiteOptions
from .segment import GRANULARITIES

T = TypeVar("T")


class Session:
    """Per-invocation state: the loaded config and whether any report failed."""

    def __init__(self, config_path: Path | None) -> None:
        self.config_path = config_path
        self.failed = False

    def config(self, **overrides: Any) -> Config:
        config = load_config(explicit=self.config_path)
        given = {key: value for key, value in overrides.items() if value not in (None, ())}
        for key in ("locale_dir", "build_dir"):
            if key in given:
                given[key] = Path(given[key]).resolve()
        return validate(config, **given)

    def run(self, items: Iterable[T], label: str, action: Callable[[T], None]) -> None:
        items = list(items)
        bar = click.progressbar(items, label=label, file=sys.stderr) if sys.stderr.isatty() and len(items) > 3 else None
        with bar if bar is not None else _nothing():
            for item in bar if bar is not None else items:
                try:
                    action(item)
                except WorkflowError as exc:
                    self.fail(exc)

    def fail(self, exc: WorkflowError) -> None:
        self.failed = True
        click.echo(exc.format_message(), err=True)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def _languages(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    try:
        return tuple(normalize_language(code) for code in value)
    except ConfigError as exc:
        raise click.BadParameter(exc.message, ctx, param) from None


language_option = click.option(
    "-l", "--language", "languages", multiple=True, callback=_languages, metavar="LANG",
    help="Target language (repeatable). Default: every configured language.",
)
locale_dir_option = click.option(
    "--locale-dir", type=click.Path(file_okay=False), help="Folder of templates and catalogs. Default: locale."
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON on stdout.")
files_argument = click.argument("files", nargs=-1, type=click.Path(dir_okay=False))


def _print_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


class _Group(click.Group):
    """Prints an expected failure as one ``path:line: error:`` line with its exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WorkflowError as exc:
            click.echo(exc.format_message(), err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="workflow")
@click.option(
    "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
    help="Config file (workflow.toml or pyproject.toml). Default: the nearest one above the working directory.",
)
@click.pass_context
def main(ctx: click.Context, config_path: Path | None) -> None:
    """Translate reports between Arabic and English with gettext PO catalogs.

    \b
    Exit codes: 0 fine; 1 bad input or I/O; 2 usage; 3 missing, fuzzy
    or stale translations (or out-of-date catalogs with --check).
    """
    ctx.obj = Session(config_path)


@main.command()
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
        _print_json(records)
    else:
        for record in records:
            click.echo(f"{record['path']}:{record['line']}: {record['kind']}: {record['text']}")


@main.command()
@language_option
@locale_dir_option
@click.option("--check", is_flag=True, help="Write nothing; exit 3 if any catalog is out of date.")
@json_option
@files_argument
@click.pass_obj
def update(session: Session, languages: tuple[str, ...], locale_dir: str | None, check: bool, as_json: bool,
           files: tuple[str, ...]) -> None:
    """Extract templates (POT) and merge them into the PO catalogs.

    Unchanged segments keep their translation, changed ones get the closest
    old translation marked fuzzy (with the old source as #| msgid), removed
    ones become obsolete (#~). A run that changes nothing writes nothing.

    \b
    Example:
      workflow update -l ar report.md
    """
    config = session.config(locale_dir=locale_dir)
    targets = languages or config.languages
    changes = []
    session.run(
        find_sources(config, files), "Updating",
        lambda source: changes.extend(update_report(config, source, targets, write=not check)),
    )
    pending = [change for change in changes if change.action != "unchanged"]
    if as_json:
        _print_json([{"path": c.path, "action": c.action} for c in changes])
    else:
        for change in pending:
            click.echo(f"{'would be ' if check else ''}{change.action}: {change.path}")
        if not pending and not session.failed:
            click.echo("catalogs are up to date", err=True)
    if session.failed:
        sys.exit(EXIT_ERROR)
    if check and pending:
        click.echo(f"{len(pending)} file(s) out of date; run: workflow update", err=True)
        sys.exit(EXIT_PROBLEMS)


@main.command()
@language_option
@locale_dir_option
@json_option
@files_argument
@click.pass_obj
def status(session: Session, languages: tuple[str, ...], locale_dir: str | None, as_json: bool,
           files: tuple[str, ...]) -> None:
    """Show translation progress per report and language.

    \b
    Example:
      workflow status -l ar --json
    """
    config = session.config(locale_dir=locale_dir)
    targets = languages or config.languages
    rows = []
    session.run(find_sources(config, files), "Reading", lambda source: rows.extend(report_status(config, source, targets)))
    if as_json:
        _print_json([row.to_json() for row in rows])
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


@main.command()
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
    help="text: each edition in the source's format (plain text or Markdown); html: as a standalone HTML page.",
)
@json_option
@files_argument
@click.pass_obj
def build(session: Session, languages: tuple[str, ...], locale_dir: str | None, build_dir: str | None,
          allow_missing: bool, min_translated: float | None, output_format: str, as_json: bool,
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
        if output_format == "html":
            reports.extend(_build_html(config, source, targets, allow_missing, min_translated))
            return
        document = load_document(config, source)
        for language in source.targets(targets):
            reports.append(build_report(config, source, document, language,
                                        allow_missing=allow_missing, min_translated=min_translated))

    session.run(find_sources(config, files), "Building", build_one)
    problems = [problem for report in reports for problem in report.problems]
    if as_json:
        _print_json({
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
    if not as_json:
        for r in reports:
            if r.blocked:
                click.echo(f"not built: {r.output} ({r.percent:.1f}% translated)", err=True)
            else:
                click.echo(f"{'wrote' if r.written else 'unchanged'}: {r.output}")
    if session.failed:
        sys.exit(EXIT_ERROR)
    if any(r.blocked for r in reports):
        errors = sum(1 for p in problems if p.severity is Severity.ERROR)
        click.echo(f"{errors} segment(s) block the build; translate them or pass --allow-missing", err=True)
        sys.exit(EXIT_PROBLEMS)


@main.command()
@language_option
@click.option("--strict", is_flag=True, help="Exit 3 on warnings too, not only on errors.")
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "github"]), default="text",
    help="text (path:line: severity: message [check]), json, or github (CI annotations).",
)
@json_option
@click.option("--list-checks", is_flag=True, help="List every check with its id, severity and description.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.pass_obj
def check(session: Session, languages: tuple[str, ...], strict: bool, output_format: str, as_json: bool,
          list_checks: bool, paths: tuple[str, ...]) -> None:
    """Find missing, fuzzy, stale and suspicious translations.

    PATH is a source report, a PO file (any project's) or a folder of PO
    files; with none, every catalog of the project. Exit 3 when an error is
    found (a warning too with --strict).

    \b
    Example:
      workflow check -l ar --json
      workflow check path/to/django.po
    """
    if list_checks:
        for item in ALL_CHECKS:
            click.echo(f"{item.id:24} {item.severity.value:8} {item.description}")
        return
    config = session.config()
    settings = project_settings(config)
    problems = []
    catalogs = []

    def check_one(target: CheckTarget) -> None:
        catalog, found = find_problems(config, target, settings)
        if catalog is not None:
            catalogs.append(catalog)
        problems.extend(found)

    targets = check_targets(config, paths, languages)
    session.run(targets, "Checking", check_one)
    problems.extend(find_project_problems(catalogs, settings))
    if as_json or output_format == "json":
        _print_json([problem.to_json() for problem in problems])
    else:
        for problem in problems:
            click.echo(_github_annotation(problem) if output_format == "github" else problem.format())
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    click.echo(f"{errors} error(s), {warnings} warning(s) in {len(targets)} catalog(s)", err=True)
    if session.failed:
        sys.exit(EXIT_ERROR)
    if errors or (strict and warnings):
        sys.exit(EXIT_PROBLEMS)


def _github_annotation(problem: Problem) -> str:
    level = "error" if problem.severity is Severity.ERROR else "warning"
    line = f",line={problem.location.line}" if problem.location.line else ""
    message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} file={problem.location.path}{line},title={problem.kind}::{message}"


@main.command()
@files_argument
@click.pass_obj
def verify(session: Session, files: tuple[str, ...]) -> None:
    """Prove that each report rebuilds byte for byte from an identity catalog.

    Names the first differing line if one does not (exit 3).

    \b
    Example:
      workflow verify notes.md
    """
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
    settings = release_settings(config)
    options = SiteOptions(project=config.project, digits=settings.digits, locales=settings.locales)
    reports = []
    for language in source.targets(targets):
        outcome = prepare_report(config, source, [language], allow_missing=allow_missing,
                                 min_translated=min_translated, checks=False, settings=settings)
        [report] = outcome.gates
        if not report.blocked:
            path, report.written = write_edition_html(config, outcome, language, options)
            report.output = _shown(config, path)
        else:
            report.output = _shown(config, config.root / config.build_dir / language / f"{source.name}.html")
        reports.append(report)
    return reports


def _shown(config: Config, path: Path) -> str:
    return display_path(path, config.root)


@main.command()
@language_option
@locale_dir_option
@click.option("--build-dir", type=click.Path(file_okay=False), help="Output folder; the site is BUILD/site. Default: build.")
@click.option("--allow-missing", is_flag=True,
              help="Publish with the source text, visibly marked, in place of missing, fuzzy or stale segments.")
@click.option("--pdf", is_flag=True, help="Also print every edition to PDF with headless Chromium.")
@json_option
@files_argument
@click.pass_obj
def release(session: Session, languages: tuple[str, ...], locale_dir: str | None, build_dir: str | None,
            allow_missing: bool, pdf: bool, as_json: bool, files: tuple[str, ...]) -> None:
    """Publish the reports as a static site in BUILD/site: each edition, the
    bilingual editions and an index, optionally as PDF too.

    The release gate is build's (missing, fuzzy, stale) plus every error of
    `workflow check`: if anything stops it, nothing is written (exit 3).
    Without Chromium, --pdf writes the HTML, says how to install it, and
    exits 1.

    \b
    Example:
      workflow release
      workflow release --pdf -l ar seeds/report.md
    """
    config = session.config(locale_dir=locale_dir, build_dir=build_dir)
    targets = languages or config.languages
    settings = release_settings(config)
    releases: list[ReportRelease] = []
    session.run(
        find_sources(config, files), "Checking",
        lambda source: releases.append(
            prepare_report(config, source, targets, allow_missing=allow_missing, settings=settings)
        ),
    )
    blocked = [r for r in releases if r.blocked]
    problems = [problem for r in releases for problem in r.problems]
    site = config.root / config.build_dir / SITE_DIR
    written: list[tuple[str, bool]] = []
    printed: list[str] = []
    if not blocked and not session.failed and releases:
        site_langs = site_languages(config, releases)
        options = SiteOptions(project=config.project, digits=settings.digits, locales=settings.locales)
        pages = site_pages(releases, site_langs, indexes=not files and not languages)
        session.run(pages, "Writing", lambda page: written.append(
            (_shown(config, site / page.path), write_page(site, page, releases, site_langs, options))))
        problems.extend(override_warnings(releases))
        if pdf:
            try:
                browser = find_browser()
            except BrowserMissing as exc:
                session.fail(exc)
            else:
                def print_one(page: Any) -> None:
                    target = site / page.path.replace(".html", ".pdf")
                    print_pdf(browser, site / page.path, target)
                    printed.append(_shown(config, target))

                session.run([page for page in pages if page.kind != "index"], "Printing", print_one)
    if as_json:
        _print_json({
            "ok": not session.failed and not blocked,
            "site": _shown(config, site),
            "reports": [
                {"report": r.source.shown, "language": gate.language, "percent": gate.percent,
                 "released": not r.blocked and not session.failed,
                 "problems": sum(1 for p in r.problems if p.language == gate.language)}
                for r in releases for gate in r.gates
            ],
            "pages": [{"path": path, "written": changed} for path, changed in written],
            "pdfs": printed,
            "problems": [problem.to_json() for problem in problems],
        })
    for problem in problems:
        click.echo(problem.format(), err=True)
    if not as_json:
        for path, changed in written:
            click.echo(f"{'wrote' if changed else 'unchanged'}: {path}")
        for path in printed:
            click.echo(f"printed: {path}")
    if blocked:
        errors = sum(1 for p in problems if p.severity is Severity.ERROR)
        for r in blocked:
            click.echo(f"not released: {r.source.shown}", err=True)
        click.echo(
            f"{errors} problem(s) stop the release; nothing was written. Fix them (a missing segment may be"
            " published in the source language, marked, with --allow-missing)", err=True,
        )
        sys.exit(EXIT_PROBLEMS)
    if session.failed:
        sys.exit(EXIT_ERROR)
    if written and not as_json:
        click.echo(f"released {len(releases)} report(s) to {_shown(config, site)}/", err=True)
