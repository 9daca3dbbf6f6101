"""Sentence boundaries for English and Arabic, as character spans that keep the text exact."""

from __future__ import annotations

import re

__all__ = ["sentence_spans"]

# sentencex splits after these abbreviations; the list is explicit on purpose, because a generic
# "short word + dot" rule would glue real sentence ends such as "… لا." to the next sentence.
_ABBREVIATION_END = re.compile(
    r"(?:^|\s)(?:أ\.د|د|أ|م|هـ|ص|ج|ط|ت|ق\.م|ص\.ب|إلخ|Dr|Mr|Mrs|Ms|Prof|St|vs|No|Nos|Art|para|p|pp|Ref|Jan|Feb|Mar|Apr"
    r"|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$"
)


def sentence_spans(text: str, language: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans; what lies between two spans is whitespace only.

    >>> text = "Dr. Smith arrived. He spoke."
    >>> [text[a:b] for a, b in sentence_spans(text, "en")]
    ['Dr. Smith arrived.', 'He spoke.']
    """
    import sentencex  # its rule tables load only for sentence granularity, not on every start-up

    code = language.split("_")[0].split("-")[0]
    pieces: list[list[int]] = []
    position = 0
    for piece in sentencex.segment(code, text):
        start = text.find(piece, position) if piece else position
        if start < 0:  # sentencex only cuts, so this is unreachable; never lose text if it changes
            return _whole(text)
        end = start + len(piece)
        if pieces and _ABBREVIATION_END.search(text[pieces[-1][0] : pieces[-1][1]].rstrip()):
            pieces[-1][1] = end
        else:
            pieces.append([start, end])
        position = end
    spans = []
    for start, end in pieces:
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        if end - trail > start + lead:
            spans.append((start + lead, end - trail))
    if not spans or "".join(text[a:b] for a, b in spans) == "":
        return _whole(text)
    return spans


def _whole(text: str) -> list[tuple[int, int]]:
    lead = len(text) - len(text.lstrip())
    return [(lead, len(text.rstrip()))]
