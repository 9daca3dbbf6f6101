"""update, status, build and check over many reports: skipping unchanged ones, the rest on several cores.

Each function looks every report up in the cache (``cache.py``), runs the others through
``parallel.map_reports``, records their results, and yields one outcome per report in the order
given: the same outcomes, printed the same way, as a clean sequential run.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from .cache import Cache, report_key, settings_key
from .config import Config, Source
from .errors import Location, WorkflowError
from .fileio import WriteBatch
from .model import Problem, Severity
from .parallel import Outcome, map_reports
from .parsed import prune
from .project import FileChange, StatusRow, catalog_file, load_document, report_status, update_report

if TYPE_CHECKING:
    from .build import BuildReport

__all__ = ["update_all", "status_all", "build_all", "check_all", "problem_record", "problem_from_record"]

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[int], None]


def _incremental(
    items: Sequence[T],
    cached: Callable[[int, T], Any | None],
    work: Callable[[T, WriteBatch], R],
    *,
    jobs: int,
    progress: Progress | None,
    all_or_nothing: bool = False,
) -> Iterator[tuple[int, T, Any | None, Outcome[R] | None]]:
    """(position, item, cached value or None, fresh outcome or None) for each item, in order."""
    hits: dict[int, Any] = {}
    misses: list[tuple[int, T]] = []
    for position, item in enumerate(items):
        value = cached(position, item)
        if value is not None:
            hits[position] = value
        else:
            misses.append((position, item))
    if progress is not None and hits:
        progress(len(hits))
    fresh = map_reports(work, [item for _, item in misses], jobs=jobs, progress=progress, all_or_nothing=all_or_nothing)
    for position, item in enumerate(items):
        if position in hits:
            yield position, item, hits[position], None
        else:
            _, outcome = next(fresh)
            yield position, item, None, outcome
    for _ in fresh:  # run the generator to its end: its last writes are put in place there
        raise AssertionError("more outcomes than reports")


# --- update -----------------------------------------------------------------------------------------------


def _update_one(
    config: Config, languages: tuple[str, ...], write: bool, memory: Any, own: dict[str, dict[str, str]],
    source: Source, batch: WriteBatch,
) -> tuple[list[FileChange], dict[str, str | None], list[str]]:
    """The report's changes, the hashes of its files, and which of them hold bytes not rendered here."""
    record: dict[str, str | None] = {}
    rendered = own.get(source.shown, {})
    changes = update_report(config, source, languages, write=write, writer=batch.write, memory=memory, record=record,
                            own=rendered)
    return changes, record, [path for path in record if path not in rendered]


def update_all(
    config: Config,
    sources: Sequence[Source],
    languages: Sequence[str],
    *,
    write: bool = True,
    memory: Any = None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Iterator[tuple[Source, list[FileChange] | WorkflowError]]:
    """``update_report`` for each source. With a translation memory (``--fill``) every report is merged
    again: the memory is drawn from all catalogs, so no single report's files decide its result. If any
    report fails, no file is written (and the cache learns nothing): a half-updated set of catalogs
    would hide the failure."""
    targets = tuple(languages)
    cache = Cache.of(config, "update") if memory is None else None
    base = settings_key(config, "update", targets)

    def key(source: Source) -> str:
        return report_key(base, source.shown, source.language, source.format)

    own: dict[str, dict[str, str]] = {}  # report -> its files that hold bytes the last update rendered

    def cached(_: int, source: Source) -> Any | None:
        if cache is None:
            return None
        value = cache.lookup("update", source.shown, key(source))
        if isinstance(value, list):
            return value
        own[source.shown] = cache.own("update", source.shown, key(source), (source.file,))
        return None

    work = functools.partial(_update_one, config, targets, write, memory, own)
    failed = False
    for _, source, value, outcome in _incremental(sources, cached, work, jobs=jobs, progress=progress,
                                                  all_or_nothing=True):
        if value is not None:
            yield source, [FileChange(str(path), "unchanged") for path in value]
            continue
        if isinstance(outcome, WorkflowError):
            failed = True
            yield source, outcome
            continue
        changes, record, foreign = outcome  # type: ignore[misc]
        if cache is not None and (write or all(change.action == "unchanged" for change in changes)):
            files = {source.file: cache.file_digest(source.file), **record}
            cache.store("update", source.shown, key(source), files, [change.path for change in changes], foreign)
        yield source, changes
    if cache is not None and not failed:
        cache.save()
    prune()


# --- status -----------------------------------------------------------------------------------------------


def _status_one(config: Config, languages: tuple[str, ...], source: Source, batch: WriteBatch) -> list[StatusRow]:
    return report_status(config, source, languages)


def status_all(
    config: Config, sources: Sequence[Source], languages: Sequence[str], *, jobs: int = 1,
    progress: Progress | None = None,
) -> Iterator[tuple[Source, list[StatusRow] | WorkflowError]]:
    """``report_status`` for each source."""
    targets = tuple(languages)
    cache = Cache.of(config, "status")
    inputs: dict[str, dict[str, str | None]] = {}
    base = settings_key(config, "status", targets)

    def key(source: Source) -> str:
        return report_key(base, source.shown, source.language, source.format)

    def cached(_: int, source: Source) -> Any | None:
        paths = [source.file] + [catalog_file(config, source, language) for language in source.targets(targets)]
        inputs[source.shown] = {path: cache.file_digest(path) for path in paths}
        value = cache.lookup("status", source.shown, key(source))
        return value if isinstance(value, list) else None

    work = functools.partial(_status_one, config, targets)
    for _, source, value, outcome in _incremental(sources, cached, work, jobs=jobs, progress=progress):
        if value is not None:
            yield source, [StatusRow(**row) for row in value]
            continue
        if not isinstance(outcome, WorkflowError):
            rows: list[StatusRow] = outcome  # type: ignore[assignment]
            cache.store("status", source.shown, key(source), inputs[source.shown], [row.to_json() for row in rows])
        yield source, outcome  # type: ignore[misc]
    cache.save()


# --- build ------------------------------------------------------------------------------------------------


def _build_one(
    config: Config, languages: tuple[str, ...], allow_missing: bool, min_translated: float | None, source: Source,
    batch: WriteBatch,
) -> list[BuildReport]:
    from .build import build_report

    document = load_document(config, source)
    return [
        build_report(config, source, document, language, allow_missing=allow_missing,
                     min_translated=min_translated, writer=batch.write)
        for language in source.targets(languages)
    ]


def build_all(
    config: Config,
    sources: Sequence[Source],
    languages: Sequence[str],
    *,
    allow_missing: bool = False,
    min_translated: float | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Iterator[tuple[Source, list[BuildReport] | WorkflowError]]:
    """``build_report`` for each source and target language (plain-text/Markdown editions)."""
    from .build import BuildReport, edition_file  # with the output checks and renderers: only build loads them

    targets = tuple(languages)
    cache = Cache.of(config, "build")
    inputs: dict[str, dict[str, str | None]] = {}
    base = settings_key(config, "build", targets, allow_missing, min_translated)

    def key(source: Source) -> str:
        return report_key(base, source.shown, source.language, source.format)

    def cached(_: int, source: Source) -> Any | None:
        paths = [source.file]
        for language in source.targets(targets):
            paths += [catalog_file(config, source, language), edition_file(config, source, language)]
        inputs[source.shown] = {path: cache.file_digest(path) for path in paths}
        value = cache.lookup("build", source.shown, key(source))
        return value if isinstance(value, list) else None

    work = functools.partial(_build_one, config, targets, allow_missing, min_translated)
    for _, source, value, outcome in _incremental(sources, cached, work, jobs=jobs, progress=progress):
        if value is not None:
            yield source, [
                BuildReport(source, item["language"], item["output"], item["catalog"],
                            [problem_from_record(p) for p in item["problems"]], item["percent"], False,
                            item["blocked"], item["digest"])
                for item in value
            ]
            continue
        if not isinstance(outcome, WorkflowError):
            reports: list[BuildReport] = outcome  # type: ignore[assignment]
            files = dict(inputs[source.shown])
            for report in reports:
                if not report.blocked:
                    files[edition_file(config, source, report.language)] = report.digest
            cache.store("build", source.shown, key(source), files, [
                {"language": r.language, "output": r.output, "catalog": r.catalog, "percent": r.percent,
                 "blocked": r.blocked, "digest": r.digest, "problems": [problem_record(p) for p in r.problems]}
                for r in reports
            ])
        yield source, outcome  # type: ignore[misc]
    cache.save()


# --- check ------------------------------------------------------------------------------------------------


def _check_one(config: Config, settings: Any, item: tuple[Any, list[Any] | None], batch: WriteBatch) -> tuple[Any, list[Problem] | None]:
    """(catalog view or None, problems); a target whose problems are cached is only read, for the
    checks across catalogs."""
    from .checks.suite import find_problems
    from .checks.loader import load_catalog_view

    target, known = item
    if known is None:
        return find_problems(config, target, settings)
    if target.source is not None and not target.path.exists():
        return None, None
    view = load_catalog_view(
        target.path, target.shown, language=target.language,
        source_language=target.source.language if target.source else "",
        source=load_document(config, target.source) if target.source is not None else None,
    )
    return view, None


def check_all(
    config: Config, targets: Sequence[Any], settings: Any, *, jobs: int = 1, progress: Progress | None = None,
) -> tuple[list[tuple[Any, list[Problem] | WorkflowError]], list[Problem]]:
    """Per target (catalog) its problems, then the problems across catalogs (consistency).

    A target's own problems come from the cache when its catalog, its source, the check settings and
    the glossary are unchanged; the checks across catalogs reuse theirs only when every target is
    unchanged, and otherwise see every catalog in full, as a clean run does.
    """
    from .checks.suite import find_project_problems

    cache = Cache.of(config, "check")
    glossary = (config.extra.get("checks") or {}).get("glossary")
    glossary_digest = cache.file_digest(config.root / glossary) if isinstance(glossary, str) else None
    inputs: dict[int, dict[str, str | None]] = {}
    keys: dict[int, str] = {}
    known: dict[int, list[Any]] = {}
    base = settings_key(config, "check", glossary_digest)
    for position, target in enumerate(targets):
        paths = [target.path] + ([target.source.path] if target.source is not None else [])
        inputs[position] = {str(path): cache.file_digest(path) for path in paths}
        keys[position] = report_key(base, target.shown, target.language, target.source.shown if target.source else None)
        value = cache.lookup("check", str(target.path), keys[position])
        if isinstance(value, list):
            known[position] = value
    project_key = settings_key(config, "check-project", glossary_digest,
                               [(str(target.path), sorted(inputs[position].items()))
                                for position, target in enumerate(targets)])
    project_cached = cache.lookup("check-project", "all", project_key)
    everything_known = len(known) == len(targets) and isinstance(project_cached, list)

    results: list[tuple[Any, list[Problem] | WorkflowError]] = []
    catalogs: list[Any] = []
    if everything_known:
        if progress is not None:
            progress(len(targets))
        results = [(target, [problem_from_record(p) for p in known[i]]) for i, target in enumerate(targets)]
        return results, [problem_from_record(p) for p in project_cached]
    work = functools.partial(_check_one, config, settings)
    items = [(target, known.get(position)) for position, target in enumerate(targets)]
    for position, (item, outcome) in enumerate(map_reports(work, items, jobs=jobs, progress=progress)):
        target = item[0]
        if isinstance(outcome, WorkflowError):
            results.append((target, outcome))
            continue
        view, found = outcome
        if view is not None:
            catalogs.append(view)
        if found is None:
            found = [problem_from_record(p) for p in known[position]]
        else:
            cache.store("check", str(target.path), keys[position], inputs[position],
                        [problem_record(p) for p in found])
        results.append((target, found))
    across = find_project_problems(catalogs, settings)
    if all(not isinstance(outcome, WorkflowError) for _, outcome in results):
        cache.store("check-project", "all", project_key, {}, [problem_record(p) for p in across])
    cache.save()
    return results, across


# --- problems as JSON records -----------------------------------------------------------------------------


def problem_record(problem: Problem) -> list[Any]:
    return [problem.location.path, problem.location.line, problem.severity.value, problem.kind, problem.message,
            problem.msgid, problem.language, problem.catalog, [list(pair) for pair in problem.extra]]


def problem_from_record(record: list[Any]) -> Problem:
    path, line, severity, kind, message, msgid, language, catalog, extra = record
    return Problem(Location(path, line), Severity(severity), kind, message, msgid, language, catalog,
                   tuple((str(name), value) for name, value in extra))
