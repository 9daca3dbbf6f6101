"""Commands on any gettext catalogs, inside a project or not: merge."""

from __future__ import annotations

from pathlib import Path

import click

from ..catalog import WRAP_WIDTH, file_layout, read_catalog, render_catalog
from ..fileio import BACKUP_CONTROLS, back_up, display_path, write_atomic
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
    "-U", "--update", "in_place", is_flag=True,
    help="Update DEF.po itself, as msgmerge -U does; it is written only when the merge changes it.",
)
@click.option(
    "--backup", "control", type=click.Choice(BACKUP_CONTROLS, case_sensitive=False), default="existing",
    envvar="VERSION_CONTROL", show_default=True, metavar="CONTROL",
    help="With -U, how DEF.po is copied aside before it is replaced, as GNU tools do: none (off), simple "
         "(never: DEF.po~), numbered (t: DEF.po.~1~), existing (nil: numbered if numbered copies exist).",
)
@click.option(
    "--suffix", default="~", envvar="SIMPLE_BACKUP_SUFFIX", show_default=True,
    help="The suffix of a simple backup.",
)
@click.option(
    "-N", "--no-fuzzy-matching", "exact_only", is_flag=True,
    help="Give a changed string no old translation, as msgmerge -N does (its old entry becomes obsolete).",
)
@click.option(
    "-w", "--width", type=click.IntRange(min=1), default=None, metavar="N",
    help=f"Wrap every string at N columns (as polib wraps), as msgmerge -w does; DEF.po's line breaks are "
         f"not kept. Default: unchanged strings keep them, the others are wrapped at {WRAP_WIDTH}.",
)
@click.option(
    "--no-wrap", is_flag=True,
    help="Write each string on one line per newline it holds, as msgmerge --no-wrap does; DEF.po's line "
         "breaks are not kept.",
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
def merge(session: Session, definitions: Path, reference: Path, output: str | None, in_place: bool,
          control: str, suffix: str, exact_only: bool, width: int | None, no_wrap: bool, previous: bool,
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
      workflow merge -U --previous ar.po messages.pot
    """
    if in_place and output is not None:
        raise click.UsageError("-U writes the result to DEF.po: give no -o with it")
    with without_cycle_collection():  # a tenth of a 50,000-entry merge went to walking live entries
        old = read_catalog(definitions, display_path(definitions))
        template = read_catalog(reference, display_path(reference))
        merged = merge_catalog(old, template, jobs=jobs or default_jobs(), fuzzy=not exact_only)
        if not previous:
            for entry in merged:
                entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        layout = file_layout(old)
        if layout is not None and (no_wrap or width is not None):
            layout = layout.rewrapped()  # strings laid out anew; what no width changes is kept
        data = render_catalog(merged, layout, width=0 if no_wrap else width or WRAP_WIDTH)
    if in_place:
        if data != definitions.read_bytes():
            back_up(definitions, control, suffix)
            write_atomic(definitions, data)
    elif output is None or output == "-":
        click.echo(data, nl=False)  # bytes go to the binary stdout, untouched by any text encoding
    else:
        write_atomic(Path(output), data)
