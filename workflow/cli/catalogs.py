"""Commands on any gettext catalogs, inside a project or not: merge."""

from __future__ import annotations

from pathlib import Path

import click

from ..catalog import file_layout, read_catalog, render_catalog
from ..fileio import display_path, write_atomic
from ..heap import without_cycle_collection
from ..merge import merge_catalog
from ..parallel import default_jobs
from .common import Session


@click.command()
@click.argument("definitions", metavar="DEF.po", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("reference", metavar="REF.pot", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output-file", "output", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True),
    help="Write the result to FILE (atomically); '-' or no -o: standard output, as msgmerge does.",
)
@click.option(
    "--previous/--no-previous", default=False,
    help="Keep the previous msgid (#|) of fuzzy entries, as msgmerge --previous does. Default: not kept.",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
    help="Threads for the fuzzy search of a large catalog. Default: the machine's cores.",
)
@click.pass_obj
def merge(session: Session, definitions: Path, reference: Path, output: str | None, previous: bool,
          jobs: int | None) -> None:
    """Merge the translations of DEF.po into the template REF.pot, like GNU msgmerge.

    The engine of `workflow update`: identical strings keep their
    translation, a changed one gets the old translation msgmerge would pick
    (marked fuzzy), strings gone from REF.pot become obsolete. Works on any
    gettext project. Strings that did not change keep DEF.po's line breaks;
    new and changed ones are wrapped as polib wraps them.

    \b
    Example:
      workflow merge --previous -o fr.new.po fr.po messages.pot
      workflow merge de.po messages.pot > de.merged.po
    """
    with without_cycle_collection():  # a tenth of a 50,000-entry merge went to walking live entries
        old = read_catalog(definitions, display_path(definitions))
        template = read_catalog(reference, display_path(reference))
        merged = merge_catalog(old, template, jobs=jobs or default_jobs())
        if not previous:
            for entry in merged:
                entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        data = render_catalog(merged, file_layout(old))
    if output is None or output == "-":
        click.echo(data, nl=False)  # bytes go to the binary stdout, untouched by any text encoding
    else:
        write_atomic(Path(output), data)
