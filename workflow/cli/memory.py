"""Translation-memory commands: align, suggest, export, import."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click

from ..align import CONFIDENT, align_report
from ..config import Config, Source, find_sources
from ..errors import EXIT_ERROR, EXIT_PROBLEMS, ConfigError, WorkflowError
from ..exchange import Exported, Imported, export_tmx, export_xliff, import_file
from ..locales import language_suffix, normalize_language
from ..memory import Match, load_memory
from ..model import Severity
from ..project import catalog_path, load_catalog
from .common import Session, files_argument, json_option, language_option, locale_dir_option, print_json

_ARABIC = re.compile("[\u0600-\u06ff]")
_LATIN = re.compile("[A-Za-z]")


def _one_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    try:
        return normalize_language(value) if value else None
    except ConfigError as exc:
        raise click.BadParameter(exc.message, ctx, param) from None


@click.command()
@click.argument("source", type=click.Path(dir_okay=False))
@click.argument("translation", type=click.Path(dir_okay=False))
@click.option(
    "-l",
    "--language",
    callback=_one_language,
    metavar="LANG",
    help="Language of TRANSLATION. Default: its name's suffix (NAME.ar.md), else the report's only target language.",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=CONFIDENT,
    show_default=True,
    help="Pairs at least this confident are filled as translated; the others as fuzzy.",
)
@locale_dir_option
@json_option
@click.pass_obj
def align(
    session: Session,
    source: str,
    translation: str,
    language: str | None,
    min_confidence: float,
    locale_dir: str | None,
    as_json: bool,
) -> None:
    """Fill a report's catalog from an existing translation of it.

    SOURCE is a report; TRANSLATION the same report in another language, in
    the same format (an old report and its published translation). They are
    aligned unit by unit (headings with headings, paragraphs with paragraphs;
    lengths, numbers and punctuation as anchors), each pair with a
    confidence. Confident pairs fill the catalog as translated, the others as
    fuzzy; an existing translation is never replaced.

    \b
    Example:
      workflow align seeds/udhr.ar.md archive/udhr.en.md -l en --json
    """
    config = session.config(locale_dir=locale_dir)
    [report] = find_sources(config, [source])
    language = language or _translation_language(config, report, Path(translation))
    with session.writing(config):
        result = align_report(config, report, Path(translation), language, min_confidence=min_confidence)
    if as_json:
        print_json(result.to_json())
        return
    for pair, action in result.pairs:
        words = " ".join(pair.source.text.split()[:8])
        click.echo(
            f"{report.shown}:{pair.source.line}: {action} ({pair.confidence:.2f}, {pair.shape}) "
            f"<- {result.translation}:{pair.target_line}: {words}"
        )
    for item in result.lonely_source:
        click.echo(f"{report.shown}:{item.line}: no translation found: {' '.join(item.text.split()[:8])}", err=True)
    for item in result.lonely_target:
        click.echo(
            f"{result.translation}:{item.line}: matches no source segment: {' '.join(item.text.split()[:8])}", err=True
        )
    counts = result.counts()
    click.echo(
        f"{'updated' if result.written else 'unchanged'}: {result.catalog} ({counts['translated']} translated, "
        f"{counts['fuzzy'] + counts['hint']} uncertain, {counts['kept']} kept)"
    )


def _translation_language(config: Config, report: Source, path: Path) -> str:
    suffix = language_suffix(path.stem)
    if suffix:
        return suffix
    targets = report.targets(config.languages)
    if len(targets) != 1:
        raise ConfigError(f"which language is {path.name} in? name it NAME.LANG{path.suffix} or pass -l LANG")
    return targets[0]


@click.command()
@click.argument("text", required=False)
@click.option("--report", metavar="NAME", help="Suggest for every untranslated or fuzzy segment of this report.")
@language_option
@click.option(
    "-s",
    "--source-language",
    callback=_one_language,
    metavar="LANG",
    help="Language of TEXT. Default: guessed from its script.",
)
@click.option("--limit", type=click.IntRange(1), default=5, show_default=True, help="Matches per segment.")
@click.option(
    "--min-score", type=click.FloatRange(1, 100), default=50.0, show_default=True, help="Lowest similarity, in percent."
)
@locale_dir_option
@json_option
@click.pass_obj
def suggest(
    session: Session,
    text: str | None,
    report: str | None,
    languages: tuple[str, ...],
    source_language: str | None,
    limit: int,
    min_score: float,
    locale_dir: str | None,
    as_json: bool,
) -> None:
    """Show the translation memory's best matches, with scores and origins.

    The memory holds every reviewed translation of the project's catalogs
    (both directions) and the TMX files imported into locale/memory/.

    \b
    Example:
      workflow suggest -l ar "The session concluded with recommendations"
      workflow suggest --report aleppo-dialogue-follow-up --json
    """
    if (text is None) == (report is None):
        raise click.UsageError("give either TEXT or --report NAME")
    config = session.config(locale_dir=locale_dir)
    memory = load_memory(config)
    queries: list[dict[str, Any]] = []
    if text is not None:
        source = source_language or _guess_language(text, config)
        targets = [code for code in (languages or config.languages) if code.split("_")[0] != source.split("_")[0]]
        for target in targets:
            queries.append({"text": text, "path": None, "line": None, "source_language": source, "language": target})
    else:
        for item in _report_queries(config, str(report), languages or config.languages):
            queries.append(item)
    for query in queries:
        found = memory.search(
            query["text"], query["source_language"], query["language"], limit=limit, threshold=min_score
        )
        query["matches"] = [_match_json(match) for match in found]
    if as_json:
        print_json(queries)
        return
    for query in queries:
        where = f"{query['path']}:{query['line']}: " if query["path"] else ""
        words = " ".join(query["text"].split()[:10])
        click.echo(f"{where}[{query['source_language']} -> {query['language']}] {words}")
        if not query["matches"]:
            click.echo("  no match")
        for match in query["matches"]:
            kind = "exact" if match["exact"] else "fuzzy"
            click.echo(f"  {match['score']:5.1f}% {kind}  {match['origin']}{'  (reverse)' if match['reverse'] else ''}")
            click.echo(f"         {match['target']}")


def _guess_language(text: str, config: Config) -> str:
    if len(_ARABIC.findall(text)) > len(_LATIN.findall(text)):
        return "ar"
    return "en" if config.source_language.startswith("ar") else config.source_language


def _report_queries(config: Config, name: str, languages: tuple[str, ...]) -> list[dict[str, Any]]:
    sources = [s for s in find_sources(config) if name in (s.name, s.shown, s.path.name)]
    if not sources:
        sources = find_sources(config, [name])
    queries = []
    for source in sources:
        for language in source.targets(languages):
            catalog = load_catalog(config, catalog_path(config, source, language), language)
            if catalog is None:
                raise WorkflowError(
                    f"no catalog for {source.shown} in {language!r}; run: workflow update -l {language}"
                )
            for entry in catalog:
                if entry.obsolete or not entry.msgid or (entry.msgstr and not entry.fuzzy):
                    continue
                line = entry.occurrences[0][1] if entry.occurrences else None
                queries.append(
                    {
                        "text": entry.msgid,
                        "path": source.shown,
                        "line": int(line) if line else None,
                        "source_language": source.language,
                        "language": language,
                    }
                )
    return queries


def _match_json(match: Match) -> dict[str, Any]:
    origin = match.unit.origin
    return {
        "score": match.score,
        "exact": match.exact,
        "source": match.unit.source,
        "target": match.unit.target,
        "origin": str(origin),
        "file": origin.path,
        "line": origin.line,
        "report": origin.report,
        "reference": origin.reference,
        "reverse": match.unit.reverse,
    }


@click.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["xliff", "tmx"]),
    required=True,
    help="xliff: one XLIFF 1.2 file per report and language; tmx: the whole memory as TMX 1.4b.",
)
@language_option
@click.option("--output", type=click.Path(file_okay=False), help="Folder to write to. Default: BUILD/exchange.")
@locale_dir_option
@json_option
@files_argument
@click.pass_obj
def export(
    session: Session,
    output_format: str,
    languages: tuple[str, ...],
    output: str | None,
    locale_dir: str | None,
    as_json: bool,
    files: tuple[str, ...],
) -> None:
    """Write XLIFF files for CAT tools, or the translation memory as TMX.

    XLIFF keeps each segment's state (translated, needs-review-translation,
    new), its notes and source locations; edit it in OmegaT, Trados, memoQ
    or Weblate and bring it back with `workflow import`. Exporting twice
    writes the same bytes.

    \b
    Example:
      workflow export --format xliff -l ar --output outbox/
      workflow export --format tmx
    """
    config = session.config(locale_dir=locale_dir)
    folder = Path(output).resolve() if output else config.root / config.build_dir / "exchange"
    targets = languages or config.languages
    written: list[Exported] = []
    if output_format == "tmx":
        memory = load_memory(config)
        written.append(export_tmx(config, memory, languages, folder))
    else:
        session.run(
            find_sources(config, files),
            "Exporting",
            lambda source: written.extend(
                export_xliff(config, source, language, folder) for language in source.targets(targets)
            ),
        )
    if as_json:
        print_json([{"path": item.path, "written": item.written, "units": item.units} for item in written])
    else:
        for item in written:
            click.echo(f"{'wrote' if item.written else 'unchanged'}: {item.path} ({item.units} units)")
    if session.failed:
        sys.exit(EXIT_ERROR)


@click.command("import")
@click.option("--overwrite", is_flag=True, help="Replace reviewed translations (and imported TMX files) that differ.")
@locale_dir_option
@json_option
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.pass_obj
def import_(session: Session, overwrite: bool, locale_dir: str | None, as_json: bool, files: tuple[str, ...]) -> None:
    """Merge XLIFF files back into the catalogs; keep TMX files in the memory.

    An XLIFF translation fills an empty or fuzzy entry; one that differs from
    a reviewed translation is a conflict (not applied, exit 3) unless
    --overwrite; a unit whose source changed since the export is reported at
    its line and not applied (exit 3). A TMX file is kept in
    locale/memory/, from where the memory is rebuilt on every run.

    \b
    Example:
      workflow import outbox/aleppo-civil-peace-dialogue.ar.xlf
      workflow import partner-memory.tmx
    """
    config = session.config(locale_dir=locale_dir)
    results: list[Imported] = []
    with session.writing(config):
        session.run(
            [Path(file) for file in files],
            "Importing",
            lambda path: results.append(import_file(config, path, overwrite=overwrite)),
        )
    problems = [problem for result in results for problem in result.problems]
    if as_json:
        print_json(
            {
                "ok": not session.failed and not any(p.severity is Severity.ERROR for p in problems),
                "files": [
                    {
                        "path": r.path,
                        "applied": r.applied,
                        "unchanged": r.unchanged,
                        "catalogs": [{"path": path, "action": action} for path, action in r.catalogs],
                    }
                    for r in results
                ],
                "problems": [problem.to_json() for problem in problems],
            }
        )
    else:
        for result in results:
            for path, action in result.catalogs:
                click.echo(
                    f"{action}: {path} (from {result.path}: {result.applied} applied, {result.unchanged} unchanged)"
                )
    for problem in problems:
        click.echo(problem.format(), err=True)
    if session.failed:
        sys.exit(EXIT_ERROR)
    if any(problem.severity is Severity.ERROR for problem in problems):
        click.echo(f"{len(problems)} unit(s) not applied; see above", err=True)
        sys.exit(EXIT_PROBLEMS)
