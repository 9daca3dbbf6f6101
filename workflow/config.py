"""Project settings from ``[tool.workflow]`` (pyproject.toml) or ``workflow.toml``, and the sources they name."""

from __future__ import annotations

import glob
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

from .errors import ConfigError, Location, SourceError
from .fileio import decode_utf8, display_path
from .locales import language_suffix, normalize_language
from .segment import FORMATS, GRANULARITIES, SplitOptions

__all__ = ["Config", "Source", "load_config", "find_sources", "DEFAULT_BOILERPLATE"]

DEFAULT_BOILERPLATE = (r"(?i)scroll to top", r"(?i)back to top")
"""Lines scraped web pages leave behind; a project replaces the list with its own ``boilerplate``."""

DEFAULT_HTML_SKIP = (
    "nav", "footer", "[role=navigation]", "[role=contentinfo]", "[role=search]",
    ".skip-link", ".breadcrumb", ".breadcrumbs",
    "[id*=cookie]", "[class*=cookie]", "[class*=consent]",
    ".scroll-to-top", "#scroll-to-top", ".back-to-top", "#back-to-top", ".scroll-top", "#scroll-top",
    ".share-buttons", ".social-share", ".sharing", ".notranslate", "#comments", ".advert", ".ads",
)
"""Site chrome that is not part of a report; a project replaces the list with its own ``html-skip``."""


@dataclass(frozen=True)
class Config:
    """Everything a command needs to know about the project; every field has a command-line twin."""

    root: Path
    """Folder of the config file (or the working directory): source globs are relative to it."""
    file: Path | None = None
    sources: tuple[str, ...] = ()
    source_language: str = "en"
    languages: tuple[str, ...] = ("ar", "en")
    locale_dir: Path = Path("locale")
    build_dir: Path = Path("build")
    segmentation: str = "paragraph"
    boilerplate: tuple[str, ...] = DEFAULT_BOILERPLATE
    html_skip: tuple[str, ...] = DEFAULT_HTML_SKIP
    """CSS selectors of HTML elements that are site chrome, not report text (``html-skip``)."""
    project: str = "reports"
    bugs_address: str = ""
    team: str = ""
    fill: bool = False
    """``update`` fills untranslated segments from the translation memory (``update --fill``)."""
    fill_threshold: float = 75.0
    """Lowest similarity (percent) of a memory match that ``update --fill`` uses, as a fuzzy translation."""
    fuzzy: str = "translation"
    """What a guess becomes: ``translation`` (a fuzzy msgstr) or ``hint`` (a comment; msgstr stays empty)."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Tables owned by other modules (checks), validated there."""

    def split_options(self) -> SplitOptions:
        patterns = tuple(re.compile(pattern) for pattern in self.boilerplate)
        return SplitOptions(granularity=self.segmentation, boilerplate=patterns, html_skip=self.html_skip)

    def with_options(self, **changes: Any) -> "Config":
        """A copy with command-line overrides applied (None means "not given")."""
        return replace(self, **{key: value for key, value in changes.items() if value is not None})


_KEYS: dict[str, type | tuple[type, ...]] = {
    "sources": list,
    "source-language": str,
    "languages": list,
    "locale-dir": str,
    "build-dir": str,
    "segmentation": str,
    "boilerplate": list,
    "html-skip": list,
    "project": str,
    "bugs-address": str,
    "team": str,
    "fill": object,  # the translation-memory keys are type-checked by validate(), with a message per key
    "fill-threshold": object,
    "fuzzy": object,
}
FUZZY_MODES = ("translation", "hint")
_EXTRA_TABLES = ("checks", "release")


def load_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Read the nearest ``workflow.toml`` or ``pyproject.toml`` with a ``[tool.workflow]`` table.

    With none, the working directory is the root and every setting has its default.
    """
    path = explicit or _discover(start or Path.cwd())
    if path is None:
        root = (start or Path.cwd()).resolve()
        return Config(root=root, project=root.name or "reports")
    shown = display_path(path)
    try:
        text = decode_utf8(path.read_bytes(), shown, ConfigError)
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise ConfigError.at(shown, None, "no such config file") from None
    except OSError as exc:
        raise ConfigError.at(shown, None, f"cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        number = int(line.group(1)) if line else None
        if number is None and "end of document" in str(exc):
            number = len(text.splitlines()) or 1
        raise ConfigError.at(shown, number, f"invalid TOML: {exc}") from None
    table = data if path.name == "workflow.toml" else data.get("tool", {}).get("workflow", {})
    if not isinstance(table, dict):
        raise ConfigError.at(shown, None, f"[tool.workflow] must be a table, not {table!r}")
    return _from_table(table, path.parent.resolve(), path, text)


def _discover(start: Path) -> Path | None:
    for folder in [start.resolve(), *start.resolve().parents]:
        candidate = folder / "workflow.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and re.search(r"^\[tool\.workflow[\].]", candidate.read_text("utf-8", "replace"), re.M):
            return candidate
    return None


def _from_table(table: dict[str, Any], root: Path, path: Path, text: str) -> Config:
    shown = display_path(path)

    def where(key: str) -> Location:
        match = re.search(rf'^[ \t]*"?{re.escape(key)}"?[ \t]*=', text, re.M)
        return Location(shown, text.count("\n", 0, match.start()) + 1 if match else None)

    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in table.items():
        if key in _EXTRA_TABLES:
            if not isinstance(value, dict):
                raise ConfigError(f"setting {key!r} must be a table, not {value!r}", where(key))
            extra[key] = value
            continue
        expected = _KEYS.get(key)
        if expected is None:
            known = ", ".join(sorted([*_KEYS, *_EXTRA_TABLES]))
            raise ConfigError(f"unknown setting {key!r} in [tool.workflow] (known: {known})", where(key))
        if not isinstance(value, expected) or (expected is list and not all(isinstance(v, str) for v in value)):
            kind = "a list of strings" if expected is list else "a string"
            raise ConfigError(f"setting {key!r} must be {kind}, not {value!r}", where(key))
        values[key.replace("-", "_")] = value
    config = Config(root=root, file=path, project=root.name or "reports", extra=extra)
    for key, value in values.items():
        try:
            config = validate(config, **{key: value})
        except ConfigError as exc:
            raise ConfigError(exc.message, where(key.replace("_", "-"))) from None
    return config


def validate(config: Config, **values: Any) -> Config:
    """Apply settings (from a file or the command line), checking languages, granularity and patterns."""
    if "languages" in values:
        values["languages"] = tuple(normalize_language(code) for code in values["languages"])
    if "source_language" in values:
        values["source_language"] = normalize_language(values["source_language"])
    if values.get("segmentation", "paragraph") not in GRANULARITIES:
        raise ConfigError(f"'segmentation' must be one of {', '.join(GRANULARITIES)}, not {values['segmentation']!r}")
    for pattern in values.get("boilerplate", ()):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"'boilerplate' pattern {pattern!r} is not a valid regular expression: {exc}") from None
    for key in ("sources",):
        if key in values:
            values[key] = tuple(values[key])
            for pattern in values[key]:
                if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
                    raise ConfigError(f"'sources' pattern {pattern!r} reaches outside the project")
    if "boilerplate" in values:
        values["boilerplate"] = tuple(values["boilerplate"])
    if "html_skip" in values:
        values["html_skip"] = tuple(values["html_skip"])
        from .selectors import SelectorError, compile_selectors  # only projects with their own html-skip

        try:
            compile_selectors(values["html_skip"])
        except SelectorError as exc:
            raise ConfigError(f"'html-skip': {exc}") from None
    _validate_memory_settings(values)
    for key in ("locale_dir", "build_dir"):
        if key in values:
            values[key] = Path(values[key])
    return config.with_options(**values)


def _validate_memory_settings(values: dict[str, Any]) -> None:
    """``fill``, ``fill-threshold`` and ``fuzzy``: the translation memory's settings."""
    if "fill" in values and not isinstance(values["fill"], bool):
        raise ConfigError(f"'fill' must be true or false, not {values['fill']!r}")
    if "fill_threshold" in values:
        threshold = values["fill_threshold"]
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 1 <= threshold <= 100:
            raise ConfigError(f"'fill-threshold' must be a similarity percentage from 1 to 100, not {threshold!r}")
        values["fill_threshold"] = float(threshold)
    if "fuzzy" in values and values["fuzzy"] not in FUZZY_MODES:
        raise ConfigError(f"'fuzzy' must be one of {', '.join(FUZZY_MODES)}, not {values['fuzzy']!r}")


@dataclass(frozen=True)
class Source:
    """A source report and the names derived from it."""

    file: str
    """Its path as a string; ``path`` makes the Path when one is needed (at 10,000 reports, making them all
    up front was a tenth of a run with nothing to do)."""
    shown: str
    """As printed and written in ``#:`` references: relative to the project root."""
    name: str
    """Report name: the file stem without its language suffix (``udhr.ar.md`` -> ``udhr``)."""
    language: str
    format: str

    @property
    def path(self) -> Path:
        return Path(self.file)

    @property
    def output_name(self) -> str:
        """File name of a localized edition: the source name without its language suffix."""
        return f"{self.name}{os.path.splitext(self.file)[1]}"

    def targets(self, languages: Iterable[str]) -> list[str]:
        """The languages this report is translated into: every one but its own."""
        base = self.language.split("_")[0]
        return [code for code in languages if code.split("_")[0] != base]


def _outside(config: Config, path: Path) -> str:
    """Why a source outside the project folder is refused: its references, catalogs and editions would
    name a file the project does not hold (and a link could publish any file the user can read)."""
    if Path(os.path.normpath(path.absolute())).is_relative_to(config.root):  # inside by name, outside once resolved
        return "is a symbolic link to a file outside the project; copy the file into the project instead"
    return "is outside the project folder; run workflow from the folder that holds the report (or its config)"


def _file_kinds(folder: str) -> dict[str, bool | None]:
    """For each name in ``folder``: a file (False), a link to a file (True), or something else (None).

    One listing per folder: the directory entries carry their type, so the thousands of reports in a
    folder cost no ``lstat`` each (only links are followed, to see whether they lead to a file).
    """
    kinds: dict[str, bool | None] = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    if entry.is_file(follow_symlinks=False):
                        kinds[entry.name] = False
                    elif entry.is_symlink() and entry.is_file():
                        kinds[entry.name] = True
                except OSError:
                    continue
    except OSError:
        pass
    return kinds


def _real_name(name: str, link: bool, folders: dict[str, str]) -> str:
    """``os.path.realpath(name)``, resolving each folder once (thousands of reports share a few folders): a
    file that is not a link resolves to its folder's real path and its own name."""
    if link:
        return os.path.realpath(name)
    folder, base = os.path.split(name)
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder)
    return os.path.join(real, base)


def find_sources(config: Config, files: Iterable[str | Path] = ()) -> list[Source]:
    """The reports to work on: the files named, or else every file the config's globs match."""
    found: dict[str, str] = {}  # as named or matched -> resolved
    named = [Path(file) for file in files]
    if named:
        for path in named:
            if not path.is_file():
                raise SourceError.at(path, None, "no such source file" if not path.exists() else "not a file")
            if not path.resolve().is_relative_to(config.root):
                raise SourceError.at(path, None, _outside(config, path))
            found.setdefault(str(path.resolve()), str(path.resolve()))
    else:
        if not config.sources:
            raise ConfigError(
                "no sources: name report files on the command line or set 'sources' in [tool.workflow]",
                Location(display_path(config.file)) if config.file else None,
            )
        # Strings, not Paths, until the end: at 10,000 reports pathlib's parsing was most of a run with nothing to do.
        root = str(config.root)
        inside = root.rstrip(os.sep) + os.sep
        folders: dict[str, str] = {}
        kinds: dict[str, dict[str, bool | None]] = {}
        for pattern in config.sources:
            links: dict[str, bool] = {}
            for name in glob.glob(pattern, root_dir=root, recursive=True, include_hidden=True):
                if os.path.splitext(name)[1].lower() in FORMATS:
                    full = name if os.path.isabs(name) else inside + name
                    folder, base = os.path.split(full)
                    if folder not in kinds:
                        kinds[folder] = _file_kinds(folder)
                    link = kinds[folder].get(base)
                    if link is not None:
                        links[full] = link
            if not links:
                raise ConfigError(f"'sources' pattern {pattern!r} matches no report file (Markdown, text, HTML or DOCX)")
            # pathlib's order, part by part: the same as with NUL, below every other character, for separators.
            for name in sorted(links, key=lambda name: name.replace(os.sep, "\0")):
                if name not in found:
                    real = _real_name(name, links[name], folders)
                    if not real.startswith(inside):
                        path = Path(name)
                        shown = path.relative_to(config.root).as_posix() if path.is_relative_to(config.root) else name
                        raise SourceError.at(shown, None, _outside(config, path))
                    found[name] = real
    sources: dict[str, Source] = {}
    cut = len(str(config.root).rstrip(os.sep)) + 1
    for name, real in found.items():
        shown = real[cut:].replace(os.sep, "/")
        stem, suffix = os.path.splitext(os.path.basename(name))
        if suffix.lower() not in FORMATS:
            known = ", ".join(sorted(FORMATS))
            raise SourceError.at(shown, None, f"unsupported source format {suffix!r} (known: {known})")
        language = language_suffix(stem)
        report = stem.rsplit(".", 1)[0] if language else stem
        source = Source(name, shown, report, language or config.source_language, FORMATS[suffix.lower()])
        if report in sources:
            raise SourceError.at(
                shown, None, f"report name {report!r} is also used by {sources[report].shown}; rename one of them"
            )
        sources[report] = source
    return list(sources.values())
