"""The checks run over catalogs: an explicit list of small functions, and the code that runs them.

``ALL_CHECKS`` is the registry: adding a check means writing a function in one of the family
modules and listing it in that module's ``CHECKS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..config import Config, Source, find_sources
from ..errors import Location
from ..fileio import display_path
from ..model import Problem, Severity
from ..project import catalog_path, load_document
from ..segment import FORMATS
from . import arabic, completeness, consistency, content, dates, english, integrity, length, terminology, whitespace
from . import placeholders, security, structure
from .base import Catalog, Check, Settings, run_checks, run_project_checks
from .loader import load_catalog_view, load_settings

__all__ = ["ALL_CHECKS", "CheckTarget", "check_targets", "find_problems", "find_project_problems", "load_target_catalogs", "project_settings"]

ALL_CHECKS: tuple[Check, ...] = (
    *completeness.CHECKS,
    *integrity.CHECKS,
    *content.CHECKS,
    *security.CHECKS,
    *structure.CHECKS,
    *placeholders.CHECKS,
    *arabic.CHECKS,
    *english.CHECKS,
    *whitespace.CHECKS,
    *length.CHECKS,
    *terminology.CHECKS,
    *dates.CHECKS,
    *consistency.CHECKS,
)


@dataclass(frozen=True)
class CheckTarget:
    """One catalog to check, with what the project knows about it."""

    path: Path
    shown: str
    language: str = ""
    source: Source | None = None


def project_settings(config: Config) -> Settings:
    where = Location(display_path(config.file, config.root)) if config.file else None
    known = {check.id for check in ALL_CHECKS}
    return load_settings(dict(config.extra.get("checks", {})), known, where, root=config.root)


def check_targets(config: Config, paths: Iterable[str | Path], languages: Iterable[str]) -> list[CheckTarget]:
    """The catalogs named by ``paths`` (reports, PO files, folders), or every catalog of the project."""
    wanted = list(languages) or list(config.languages)
    targets: list[CheckTarget] = []
    named = [Path(path) for path in paths]
    reports = [p for p in named if p.suffix.lower() in FORMATS]
    for path in named:
        if path.is_dir():
            for found in sorted(path.rglob("*.po")):
                targets.append(CheckTarget(found, display_path(found, config.root)))
        elif path not in reports:
            targets.append(CheckTarget(path, display_path(path, config.root)))
    if reports or not named:
        for source in find_sources(config, reports):
            for language in source.targets(wanted):
                found = catalog_path(config, source, language)
                targets.append(CheckTarget(found, display_path(found, config.root), language, source))
    return targets


def find_problems(config: Config, target: CheckTarget, settings: Settings) -> tuple[Catalog | None, list[Problem]]:
    """Load one catalog and run every enabled check on it. The source is read first: an unreadable
    one is the error to report, not the catalog that ``update`` could not write for it."""
    document = load_document(config, target.source) if target.source is not None else None
    if target.source is not None and not target.path.exists():
        problem = Problem(
            Location(target.shown),
            Severity.ERROR,
            "missing",
            f"no catalog for {target.source.shown}; run: workflow update -l {target.language}",
            language=target.language,
        )
        return None, [problem]
    catalog = load_catalog_view(
        target.path,
        target.shown,
        language=target.language,
        source_language=target.source.language if target.source else "",
        source=document,
    )
    return catalog, run_checks(catalog, settings, ALL_CHECKS)


def load_target_catalogs(config: Config, targets: Iterable[CheckTarget]) -> list[Catalog]:
    """The existing catalogs among ``targets``, as check views (for reports such as the glossary's)."""
    return [
        load_catalog_view(
            target.path,
            target.shown,
            language=target.language,
            source_language=target.source.language if target.source else "",
        )
        for target in targets
        if target.path.exists()
    ]


def find_project_problems(catalogs: list[Catalog], settings: Settings) -> list[Problem]:
    return run_project_checks(catalogs, settings, ALL_CHECKS)
