"""``workflow release``: the build gate plus the checks, then a static site of every report in every
language (editions, bilingual editions, indexes) and, on request, PDFs printed by headless Chromium.

Nothing is written unless every report passes: a release is published whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from .build import BuildReport, build_report
from .catalog import active_entries, is_translated
from .checks.suite import CheckTarget, find_problems, project_settings
from .config import Config, Source
from .errors import ConfigError, Location, SourceError, WorkflowError
from .fileio import display_path, write_atomic
from .layout import document_blocks
from .locales import DIGIT_POLICIES, normalize_language
from .model import Document, Problem, Severity
from .project import catalog_path, load_catalog, load_document, shown
from .site import (
    Edition,
    ReportPages,
    SiteOptions,
    bilingual_path,
    edition_path,
    index_path,
    render_bilingual,
    render_edition,
    render_index,
)

__all__ = [
    "SITE_DIR",
    "INSTALL_HINT",
    "ReleaseSettings",
    "release_settings",
    "ReportRelease",
    "prepare_report",
    "Page",
    "site_languages",
    "site_pages",
    "write_page",
    "write_edition_html",
    "find_browser",
    "print_pdf",
    "BrowserMissing",
]

SITE_DIR = "site"
"""The site goes to ``BUILD/site``, beside the source-format editions of ``workflow build``."""
INSTALL_HINT = "apt-get install chromium fonts-noto-core fonts-hosny-amiri"
_GATE_KINDS = frozenset({"missing", "fuzzy", "stale"})
_RELEASE_KEYS = {"date", "dates", "digits", "locales"}
_FRONT_MATTER_DATE = re.compile(r"^date[ \t]*:[ \t]*['\"]?(?P<value>[^'\"#\r\n]*?)['\"]?[ \t]*(?:#.*)?$", re.M)

Key = tuple[str | None, str]


@dataclass(frozen=True)
class ReleaseSettings:
    """``[tool.workflow.release]``."""

    date: dt.date | None = None
    """Publication date of every report that has no date of its own."""
    dates: Mapping[str, dt.date] = field(default_factory=dict)
    """Publication date per report name."""
    digits: str = "latn"
    """``latn`` (0-9) or ``arab`` (٠-٩) in the dates and percentages of Arabic pages."""
    locales: Mapping[str, str] = field(default_factory=dict)
    """Formatting locale per language: ``{ ar = "ar_SY" }`` gives Levantine month names."""


def release_settings(config: Config) -> ReleaseSettings:
    """Validate ``[tool.workflow.release]``; ``digits`` and the Arabic locale default to the ``checks`` table's."""
    where = Location(display_path(config.file, config.root)) if config.file else None
    table: dict[str, Any] = dict(config.extra.get("release", {}))
    checks: dict[str, Any] = dict(config.extra.get("checks", {}))
    unknown = sorted(set(table) - _RELEASE_KEYS)
    if unknown:
        known = ", ".join(sorted(_RELEASE_KEYS))
        raise ConfigError(f"unknown setting {unknown[0]!r} in [tool.workflow.release] (known: {known})", where)
    digits = table.get("digits", checks.get("digits") if checks.get("digits") in DIGIT_POLICIES else "latn")
    if digits not in DIGIT_POLICIES:
        raise ConfigError(f"'digits' in [tool.workflow.release] must be 'latn' or 'arab', not {digits!r}", where)
    locales: dict[str, str] = {}
    if "arabic-locale" in checks:
        locales["ar"] = normalize_language(str(checks["arabic-locale"]), where)
    raw_locales = table.get("locales", {})
    if not isinstance(raw_locales, dict):
        raise ConfigError("'locales' in [tool.workflow.release] must be a table such as { ar = \"ar_SY\" }", where)
    for language, locale in raw_locales.items():
        locales[normalize_language(str(language), where)] = normalize_language(str(locale), where)
    dates = table.get("dates", {})
    if not isinstance(dates, dict):
        raise ConfigError("'dates' in [tool.workflow.release] must be a table of report name = date", where)
    return ReleaseSettings(
        date=_date(table["date"], "date", where) if "date" in table else None,
        dates={str(name): _date(value, f"dates.{name}", where) for name, value in dates.items()},
        digits=digits,
        locales=locales,
    )


def _date(value: object, key: str, where: Location | None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ConfigError(f"{key!r} must be a date such as 2025-11-01, not {value!r}", where) from None


def _publication_date(document: Document, source: Source, settings: ReleaseSettings) -> dt.date | None:
    """Front matter ``date:`` first, then the release settings for the report, then the release date."""
    if document.format == "markdown":
        text = document.text.lstrip("\ufeff")
        match = re.match(r"---[ \t]*\r?\n(.*?\r?\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|$)", text, re.S)
        found = _FRONT_MATTER_DATE.search(match.group(1)) if match else None
        if found and found.group("value").strip():
            line = text.count("\n", 0, match.start(1) + found.start()) + 1  # type: ignore[union-attr]
            try:
                return dt.date.fromisoformat(found.group("value").strip()[:10])
            except ValueError:
                raise SourceError.at(
                    source.shown, line, f"front matter date {found.group('value')!r} is not a date such as 2025-11-01"
                ) from None
    return settings.dates.get(source.name, settings.date)


@dataclass
class ReportRelease:
    """One report after the gate: what stops it, and if nothing does, what its pages are made of."""

    source: Source
    gates: list[BuildReport]
    problems: list[Problem]
    """The gate's findings (missing, fuzzy, stale) then the checks' errors, in that order."""
    pages: ReportPages | None = None

    @property
    def blocked(self) -> bool:
        return any(gate.blocked for gate in self.gates) or any(
            problem.severity is Severity.ERROR for problem in self.problems
        )


def prepare_report(
    config: Config,
    source: Source,
    languages: Iterable[str],
    *,
    allow_missing: bool = False,
    min_translated: float | None = None,
    checks: bool = True,
    settings: ReleaseSettings | None = None,
) -> ReportRelease:
    """Run the build gate (and, with ``checks``, the error-level checks) for each target language."""
    settings = settings or ReleaseSettings()
    document = load_document(config, source)
    targets = source.targets(languages)
    gates = [_gate(config, source, document, language, allow_missing, min_translated) for language in targets]
    problems = [problem for gate in gates for problem in gate.problems]
    if checks:
        check_settings = project_settings(config)
        for language in targets:
            path = catalog_path(config, source, language)
            target = CheckTarget(path, shown(config, path), language, source)
            _, found = find_problems(config, target, check_settings)
            problems.extend(p for p in found if p.severity is Severity.ERROR and p.kind not in _GATE_KINDS)
    release = ReportRelease(source, gates, problems)
    if release.blocked:
        return release
    editions = {source.language: Edition(source.language, None)}
    for gate in gates:
        editions[gate.language] = Edition(gate.language, _translations(config, source, gate.language), gate.percent)
    release.pages = ReportPages(
        source, document, document_blocks(document, config.split_options()), editions,
        _publication_date(document, source, settings),
    )
    return release


def _gate(
    config: Config, source: Source, document: Document, language: str, allow_missing: bool, min_translated: float | None
) -> BuildReport:
    # build_report also writes the source-format edition when its gate passes. A release writes
    # nothing until every report has passed, so that edition goes to a scratch folder and is dropped.
    with tempfile.TemporaryDirectory(prefix="workflow-gate-") as scratch:
        return build_report(
            replace(config, build_dir=Path(scratch)), source, document, language,
            allow_missing=allow_missing, min_translated=min_translated,
            refuse_unsafe=False,  # HTML pages sanitize every translation; a release's checks stop unsafe ones
        )


def _translations(config: Config, source: Source, language: str) -> dict[Key, str]:
    """The publishable translations: translated and not fuzzy, exactly what the gate accepts."""
    catalog = load_catalog(config, catalog_path(config, source, language), language)
    if catalog is None:
        return {}
    return {key: entry.msgstr for key, entry in active_entries(catalog).items() if is_translated(entry) and not entry.fuzzy}


@dataclass(frozen=True)
class Page:
    """A page of the site, before or after writing."""

    path: str
    """Relative to the site folder, with ``/``."""
    kind: str
    """edition, bilingual or index."""
    language: str
    report: str = ""
    target: str = ""
    """The translation's language, for a bilingual page."""


def site_languages(config: Config, releases: Sequence[ReportRelease]) -> list[str]:
    """The languages the site has pages in: the project's source language first, then the configured order."""
    present = {language for release in releases if release.pages for language in release.pages.editions}
    order = [config.source_language, *config.languages, *sorted(present)]
    return [language for language in dict.fromkeys(order) if language in present]


def site_pages(releases: Sequence[ReportRelease], languages: Sequence[str], *, indexes: bool = True) -> list[Page]:
    """Every page of the site: editions and bilingual editions per report, then (for a release of the
    whole project: a partial one would list only some reports) the indexes."""
    pages: list[Page] = []
    for release in releases:
        report = release.pages
        assert report is not None
        for language in report.editions:
            pages.append(Page(edition_path(report.source.name, language), "edition", language, report.source.shown))
        for target in report.targets:
            pages.append(Page(bilingual_path(report, target), "bilingual", report.source.language,
                              report.source.shown, target))
    if indexes:
        pages.append(Page(index_path(), "index", languages[0]))
        pages.extend(Page(index_path(language), "index", language) for language in languages)
    return pages


def write_page(
    site: Path, page: Page, releases: Sequence[ReportRelease], languages: Sequence[str], options: SiteOptions
) -> bool:
    """Render and write one page; False when the file already held exactly this page."""
    reports = [release.pages for release in releases if release.pages is not None]
    if page.kind == "index":
        root = page.path == index_path()
        html = render_index(reports, languages, None if root else page.language, options)
    else:
        report = next(r for r in reports if r.source.shown == page.report)
        if page.kind == "edition":
            html = render_edition(report, page.language, options)
        else:
            html = render_bilingual(report, page.target, options)
    return write_atomic(site / page.path, html.encode("utf-8"))


def write_edition_html(config: Config, release: ReportRelease, language: str, options: SiteOptions) -> tuple[Path, bool]:
    """``workflow build --format html``: the standalone edition page at ``BUILD/LANG/NAME.html``."""
    assert release.pages is not None
    path = config.root / config.build_dir / language / f"{release.source.name}.html"
    return path, write_atomic(path, render_edition(release.pages, language, options, site=False).encode("utf-8"))


def override_warnings(releases: Sequence[ReportRelease]) -> list[Problem]:
    """A warning for every bidi override removed from a page (found once the pages are rendered)."""
    seen = set()
    problems = []
    for release in releases:
        if release.pages is None:
            continue
        for segment, language, name in release.pages.overrides:
            key = (segment.location, language, name)
            if key in seen:
                continue
            seen.add(key)
            problems.append(Problem(
                segment.location, Severity.WARNING, "bidi-override",
                f"removed a {name} (U+202D/U+202E) from the {language} text and marked the place",
                msgid=segment.text, language=language,
            ))
    return problems


class BrowserMissing(WorkflowError):
    """``--pdf`` needs Chromium, which is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "cannot print PDFs: 'chromium' is not on PATH; install it with: "
            f"{INSTALL_HINT} (the HTML pages were written)"
        )


def find_browser() -> str:
    """The Chromium executable on PATH, or ``BrowserMissing``."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise BrowserMissing()


def print_pdf(browser: str, html: Path, pdf: Path, timeout: float = 120.0) -> None:
    """Print a page to PDF with headless Chromium (WeasyPrint reverses Arabic word order around inline
    markup: ARABIC.md §4b). The pages hold no script; the sandbox is off because it cannot run as root."""
    pdf.parent.mkdir(parents=True, exist_ok=True)
    partial = pdf.with_name(f".{pdf.name}.partial")
    with tempfile.TemporaryDirectory(prefix="workflow-chromium-") as profile:
        command = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
            f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={partial}", html.resolve().as_uri(),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            partial.unlink(missing_ok=True)
            raise WorkflowError.at(html, None, f"chromium did not print this page within {timeout:.0f} s") from None
        except OSError as exc:
            raise WorkflowError.at(html, None, f"cannot run {browser}: {exc.strerror or exc}") from exc
    if result.returncode != 0 or not partial.is_file() or partial.stat().st_size == 0:
        partial.unlink(missing_ok=True)
        # Chromium chatters on stderr (dbus, GPU); the last line is the useful one.
        detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise WorkflowError.at(html, None, f"chromium could not print this page (exit {result.returncode}): {detail}")
    os.replace(partial, pdf)
