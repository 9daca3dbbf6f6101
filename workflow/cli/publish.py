"""Publishing commands: release."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..config import find_sources
from ..errors import EXIT_ERROR, EXIT_PROBLEMS
from ..model import Severity
from .common import Session, files_argument, json_option, language_option, locale_dir_option, print_json, shown


@click.command()
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
    from ..release import (  # jinja2 and the browser helpers load only for this command
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
        write_page,
    )
    from ..site import SiteOptions

    config = session.config(locale_dir=locale_dir, build_dir=build_dir)
    targets = languages or config.languages
    settings = release_settings(config)
    with session.writing(config):  # the gate reads the catalogs the pages are made of
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
                (shown(config, site / page.path), write_page(site, page, releases, site_langs, options))))
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
                        printed.append(shown(config, target))

                    session.run([page for page in pages if page.kind != "index"], "Printing", print_one)
    if as_json:
        print_json({
            "ok": not session.failed and not blocked,
            "site": shown(config, site),
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
    if session.failed:  # bad input outranks gaps: it must be fixed first
        sys.exit(EXIT_ERROR)
    if blocked:
        sys.exit(EXIT_PROBLEMS)
    if written and not as_json:
        click.echo(f"released {len(releases)} report(s) to {shown(config, site)}/", err=True)
