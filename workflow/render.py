"""Write a translated unit back in its source's layout and syntax (the inverse of splitting)."""

from __future__ import annotations

import re
import textwrap

from .model import Unit

__all__ = ["render_unit"]

_YAML_PLAIN_UNSAFE = re.compile(r"""^[-?:,\[\]{}#&*!|>'"%@`\s]|: |\s#|:$|\s$""")
_YAML_NOT_A_STRING = re.compile(
    r"(?i:true|false|yes|no|on|off|y|n|null|~)|[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:e[-+]?[0-9]+)?|\.[0-9]+|\.inf)"
    r"|\.nan|0x[0-9a-f_]+|0o[0-7_]+|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?",
    re.I,
)
"""Plain scalars YAML 1.1 or 1.2 reads as a boolean, null, number or date: a translation that is one is
quoted, so that the title stays a string."""
_YAML_DOUBLE = re.compile(r'\\(?:[0abt\tnvfre "/\\N_LP]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})?|"')
"""In a double-quoted YAML value: an escape, kept; or a bare quote or a backslash that escapes nothing, which
would end the value or make the front matter invalid."""
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def render_unit(unit: Unit, translations: list[str]) -> str:
    """The source text that replaces ``unit`` when its segments are translated as given.

    A translation equal to a multi-line source gets the source's own line breaks back; any other text
    is laid out by the unit's style (re-wrapped plain text, one Markdown line, an escaped table cell...).
    """
    text = translations[0]
    for separator, translation in zip(unit.separators, translations[1:]):
        text += separator + translation
    if unit.breaks and text == unit.text:
        return _restore_breaks(unit)
    if unit.style == "wrap":
        return _lay_out(unit, text)
    flat = " ".join(text.split("\n"))
    if unit.style == "table-cell":
        cell = _UNESCAPED_PIPE.sub(r"\\|", flat)
        # A backslash just before the next pipe escapes it (even an escaped one, to GFM's row splitting),
        # running the cell into the next; a space between them leaves both as they are.
        return cell + " " if cell.endswith("\\") and cell != unit.text else cell
    if unit.style == "yaml-double":
        # The msgid keeps the value's escapes as written; a translator's bare quote or lone backslash is text.
        return flat if flat == unit.text else _YAML_DOUBLE.sub(_escape_double, flat)
    if unit.style == "yaml-single":
        return flat.replace("'", "''")
    if unit.style == "yaml-plain" and flat != unit.text and (
        _YAML_PLAIN_UNSAFE.search(flat) or _YAML_NOT_A_STRING.fullmatch(flat)
    ):
        # An untranslated scalar stays exactly as written (``title: -5 degrees`` is valid plain YAML).
        return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return flat


def _escape_double(match: re.Match[str]) -> str:
    found = match.group()
    return found if len(found) > 1 else "\\" + found


def _restore_breaks(unit: Unit) -> str:
    pieces = []
    position = 0
    for item in unit.breaks:
        pieces.append(unit.text[position : item.offset])
        pieces.append(item.raw)
        position = item.offset + 1
    pieces.append(unit.text[position:])
    return "".join(pieces)


def _lay_out(unit: Unit, text: str) -> str:
    """Keep the translator's own line breaks; re-wrap to the source's width where it was wrapped."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if unit.width:
            first_indent = " " * len(unit.continuation)  # stands in for the prefix already in the skeleton
            wrapped = textwrap.wrap(
                paragraph,
                width=unit.width,
                initial_indent=first_indent,
                subsequent_indent=unit.continuation,
                break_long_words=False,
                break_on_hyphens=False,
            ) or [first_indent]
            lines.append(wrapped[0][len(first_indent) :])
            lines.extend(line[len(unit.continuation) :] for line in wrapped[1:])
        else:
            lines.append(paragraph)
    return (unit.newline + unit.continuation).join(lines)

