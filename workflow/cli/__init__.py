"""The ``workflow`` command: parse options, call the core, print, choose the exit code.

Each submodule holds one family of commands; this one builds the group from an explicit list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..errors import WorkflowError
from . import catalogs, core, memory, publish, quality
from .common import Session, wait_option

__all__ = ["main"]


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
@wait_option
@click.pass_context
def main(ctx: click.Context, config_path: Path | None, wait: float) -> None:
    """Translate reports between Arabic and English with gettext PO catalogs.

    \b
    Exit codes: 0 fine; 1 bad input or I/O; 2 usage; 3 missing, fuzzy
    or stale translations (or out-of-date catalogs with --check).
    """
    ctx.obj = Session(config_path, wait)


for _command in (
    core.segment,
    core.update,
    core.status,
    core.build,
    core.verify,
    quality.check,
    quality.glossary,
    publish.release,
    memory.align,
    memory.suggest,
    memory.export,
    memory.import_,
    catalogs.merge,
):
    main.add_command(_command)
