"""The ``workflow`` command: parse options, call the core, print, choose the exit code.

Each submodule holds one family of commands; this one builds the group from an explicit list. A
command's module is imported only when that command runs (or ``--help`` lists them all), so that
``workflow status`` does not pay for the libraries behind ``workflow release``: start-up time is
most of a run that finds little to do.
"""

from __future__ import annotations

import importlib
import keyword
import os
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..errors import ConfigError, WorkflowError
from .common import Session, wait_option

__all__ = ["main"]


_COMMANDS = {
    "segment": "core",
    "update": "core",
    "status": "core",
    "build": "core",
    "verify": "core",
    "check": "quality",
    "glossary": "quality",
    "release": "publish",
    "align": "memory",
    "suggest": "memory",
    "export": "memory",
    "import": "memory",
    "merge": "catalogs",
}
"""Each command's module under ``workflow.cli``, in the order ``--help`` lists them."""


class _Group(click.Group):
    """Loads a command's module on first use, and prints an expected failure as one ``path:line: error:``
    line with its exit code, never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(_COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = _COMMANDS.get(name)
        if module is None:
            return None
        commands = importlib.import_module(f"{__name__}.{module}")
        command = getattr(commands, f"{name}_" if keyword.iskeyword(name) else name)
        assert isinstance(command, click.Command)
        return command

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
@wait_option
@click.pass_context
def main(ctx: click.Context, config_path: Path | None, wait: float) -> None:
    """Translate reports between Arabic and English with gettext PO catalogs.

    \b
    Exit codes: 0 fine; 1 bad input or I/O; 2 usage; 3 missing, fuzzy
    or stale translations (or out-of-date catalogs with --check).
    """
    try:
        os.getcwd()  # every command resolves paths against it
    except FileNotFoundError:
        raise ConfigError("the working directory no longer exists (deleted or moved?); cd to the project again") from None
    ctx.obj = Session(config_path, wait)
