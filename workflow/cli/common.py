"""What every command shares: the per-run session, common options, JSON output."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from ..config import Config, load_config, validate
from ..errors import ConfigError, WorkflowError
from ..fileio import display_path
from ..locales import normalize_language
from ..lock import DEFAULT_WAIT, project_lock

T = TypeVar("T")


class Session:
    """Per-invocation state: the loaded config, how long to wait for the project lock, whether any report failed."""

    def __init__(self, config_path: Path | None, wait: float = DEFAULT_WAIT) -> None:
        self.config_path = config_path
        self.wait = wait
        self.failed = False

    def config(self, **overrides: Any) -> Config:
        config = load_config(explicit=self.config_path)
        given = {key: value for key, value in overrides.items() if value not in (None, ())}
        for key in ("locale_dir", "build_dir"):
            if key in given:
                given[key] = Path(given[key]).resolve()
        return validate(config, **given)

    @contextmanager
    def writing(self, config: Config, *, dry_run: bool = False) -> Iterator[None]:
        """Hold the project lock while a command reads, merges and writes (every writing command does).

        Waits up to ``--wait`` seconds for another command to finish, then fails with exit 1 naming the
        lock file. ``dry_run`` (``update --check``) writes nothing, so it takes no lock and creates no file.
        """
        if dry_run:
            yield
            return
        with project_lock(config.root, self.wait):
            yield

    def run(self, items: Iterable[T], label: str, action: Callable[[T], None]) -> None:
        items = list(items)
        bar = click.progressbar(items, label=label, file=sys.stderr) if sys.stderr.isatty() and len(items) > 3 else None
        with bar if bar is not None else _nothing():
            for item in bar if bar is not None else items:
                try:
                    action(item)
                except WorkflowError as exc:
                    self.fail(exc)

    @contextmanager
    def progress(self, total: int, label: str) -> Iterator[Callable[[int], None] | None]:
        """A progress bar on a terminal (more than 3 reports), else nothing; yields its advance function."""
        if not (sys.stderr.isatty() and total > 3):
            yield None
            return
        with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
            yield bar.update

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
wait_option = click.option(
    "--wait", type=click.FloatRange(min=0), default=DEFAULT_WAIT, show_default=True, metavar="SECONDS",
    envvar="WORKFLOW_WAIT",
    help="How long a command that writes waits for another one writing the same project (env: WORKFLOW_WAIT).",
)
jobs_option = click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
    help="Reports processed in parallel. Default: the machine's cores; 1 runs them one after the other.",
)
files_argument = click.argument("files", nargs=-1, type=click.Path(dir_okay=False))


def print_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))




def shown(config: Config, path: Path) -> str:
    """A path as messages print it: relative to the project root."""
    return display_path(path, config.root)
