"""Quality commands: check, glossary."""

from __future__ import annotations

import sys

import click

from ..checks.suite import (
    ALL_CHECKS,
    check_targets,
    load_target_catalogs,
    project_settings,
)
from ..checks.glossary_report import glossary_usage
from ..checks.terminology import Glossary
from ..errors import ConfigError
from ..errors import EXIT_ERROR, EXIT_PROBLEMS
from ..model import Problem, Severity
from ..errors import WorkflowError
from ..incremental import check_all
from ..parallel import default_jobs
from .common import Session, jobs_option, json_option, language_option, print_json


@click.command()
@language_option
@click.option("--strict", is_flag=True, help="Exit 3 on warnings too, not only on errors.")
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "github"]), default="text",
    help="text (path:line: severity: message [check]), json, or github (CI annotations).",
)
@json_option
@click.option("--list-checks", is_flag=True, help="List every check with its id, severity and description.")
@jobs_option
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.pass_obj
def check(session: Session, languages: tuple[str, ...], strict: bool, output_format: str, as_json: bool,
          list_checks: bool, jobs: int | None, paths: tuple[str, ...]) -> None:
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
    targets = check_targets(config, paths, languages)
    with session.progress(len(targets), "Checking") as advance:
        outcomes, across = check_all(config, targets, settings, jobs=jobs or default_jobs(), progress=advance)
    for _, outcome in outcomes:
        if isinstance(outcome, WorkflowError):
            session.fail(outcome)
        else:
            problems.extend(outcome)
    problems.extend(across)
    if as_json or output_format == "json":
        print_json([problem.to_json() for problem in problems])
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


@click.command()
@language_option
@json_option
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.pass_obj
def glossary(session: Session, languages: tuple[str, ...], as_json: bool, paths: tuple[str, ...]) -> None:
    """List where each glossary term is used and how it was translated.

    Each use is approved (the approved rendering is there), forbidden (a
    forbidden variant stands for the term), missing (neither) or
    untranslated. PATH as for `check`; with none, every project catalog.

    \b
    Example:
      workflow glossary -l ar
      workflow glossary --json > terms.json
    """
    config = session.config()
    settings = project_settings(config)
    if not isinstance(settings.glossary, Glossary):
        raise ConfigError("no glossary: set 'glossary' in [tool.workflow.checks] to a CSV file (en, ar, forbidden, note, keep)")
    usages = glossary_usage(load_target_catalogs(config, check_targets(config, paths, languages)), settings.glossary)
    if as_json:
        print_json([usage.to_json() for usage in usages])
        return
    for usage in usages:
        term = usage.term
        counts = ", ".join(f"{usage.count(status)} {status}" for status in ("approved", "forbidden", "missing", "untranslated"))
        rendering = "(keep as is)" if term.keep else f"= {' | '.join(term.ar)}"
        click.echo(f"{' | '.join(term.en or term.ar)} {rendering}: {counts}")
        for use in usage.uses:
            words = ", ".join(use.approved_words or use.forbidden_words) or "-"
            click.echo(f"  {use.location}: {use.status}{' (fuzzy)' if use.fuzzy else ''}: {words}")
