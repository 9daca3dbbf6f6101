"""Numbered inline placeholders (``<1>…</1>``, ``<2/>``) of HTML and DOCX segments: a translation may move
them, but must keep each one, once, in its shape; otherwise ``build`` refuses the segment."""

from __future__ import annotations

from typing import Sequence

from ..placeholders import has_placeholders, placeholder_problems
from .base import Context, Entry, entry_check

__all__ = ["CHECKS"]

_PLAIN_FORMATS = ("text", "markdown")


@entry_check("placeholders")
def placeholders(entry: Entry, context: Context) -> Sequence[str]:
    """A placeholder of the source (<1>…</1>, <2/>) is missing, repeated, renamed, unbalanced or crossed."""
    source = context.catalog.source
    if source is not None and source.format in _PLAIN_FORMATS and (entry.msgctxt, entry.msgid) not in context.catalog.html_texts:
        return ()  # ``<1>`` in a Markdown or text report is just text, but for its HTML blocks'
    messages: dict[str, None] = {}
    for msgid, msgstr in entry.pairs():
        if not has_placeholders(msgid) and not has_placeholders(msgstr):
            continue
        problems = placeholder_problems(msgid, msgstr)
        if problems:
            messages["; ".join(problems) + "; keep every placeholder of the source once (moving them is fine)"] = None
    return list(messages)


CHECKS = (placeholders,)
