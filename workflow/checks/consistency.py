"""Consistency across reports: one source segment, translated differently in two catalogs of a language.

The rendering most catalogs use wins (the first one on a tie); every other rendering is reported
where it stands, naming a catalog and line that has the winning one.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from typing import Iterator

from .base import Catalog, Check, Entry, Settings, base_language, project_check

__all__ = ["CHECKS"]

_Key = tuple[str | None, str, str]
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\t": " ", "\n": " "})


def _rendering(entry: Entry) -> tuple[str, ...]:
    forms = entry.plurals if entry.msgid_plural else (entry.msgstr,)
    return tuple(" ".join(unicodedata.normalize("NFC", form).translate(_SPACES).split()) for form in forms)


def _excerpt(rendering: tuple[str, ...], width: int = 60) -> str:
    text = rendering[0] if rendering else ""
    return text if len(text) <= width else text[: width - 1] + "…"


@project_check("inconsistent-translation", "warning")
def inconsistent_translation(catalogs: list[Catalog], settings: Settings) -> Iterator[tuple[Catalog, Entry | None, str]]:
    """The same source segment is translated differently in another catalog of the same language."""
    groups: dict[tuple[str, _Key], list[tuple[Catalog, Entry, tuple[str, ...]]]] = defaultdict(list)
    for catalog in catalogs:
        language = base_language(catalog.language)
        if not language:
            continue
        for entry in catalog.entries:
            if entry.obsolete or entry.fuzzy or not entry.msgid or not entry.translated:
                continue
            groups[(language, (entry.msgctxt, entry.msgid, entry.msgid_plural))].append(
                (catalog, entry, _rendering(entry))
            )
    for members in groups.values():
        if len(members) < 2 or len({rendering for _, _, rendering in members}) < 2:
            continue
        if len({catalog.path for catalog, _, _ in members}) < 2:
            continue
        votes: dict[tuple[str, ...], int] = defaultdict(int)
        for _, _, rendering in members:
            votes[rendering] += 1
        winner = max(votes, key=lambda rendering: votes[rendering])  # first seen wins a tie
        reference = next(member for member in members if member[2] == winner)
        for catalog, entry, rendering in members:
            if rendering == winner:
                continue
            yield catalog, entry, (
                f"translated differently in {reference[0].path}:{reference[1].line}"
                f" («{_excerpt(winner)}»); use one rendering, or add a msgctxt if the meanings differ"
            )


CHECKS: tuple[Check, ...] = (inconsistent_translation,)
