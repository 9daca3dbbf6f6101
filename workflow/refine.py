"""Smarter updates than msgmerge: a refinement of the merged catalog, entry by entry.

msgmerge re-opens a whole paragraph (fuzzy) for a typo fix and offers a similar string's
translation as a guess. After the merge, each entry that became fuzzy *because its source changed*
(its ``#|`` previous msgid is a reviewed old entry with that very translation) is classified:

- **whitespace, punctuation or typo only**: the reviewed translation still says what the source
  says, so it is carried forward **not fuzzy**, with the flag ``review`` and a ``workflow: review:``
  comment naming the change. Publishing it is honest: a human approved this translation for a text
  that differs only in spacing, punctuation that does not change the sentence type (not ``?``,
  ``!``, markup) or a misspelt word (same words otherwise, one or two letters apart, no negation
  prefix, no name). The release gate does not stop on it; ``review`` only tells the translator.
- **numbers or dates only**: the translation is patched mechanically (``2025`` -> ``2026`` becomes
  ``٢٠٢٥`` -> ``٢٠٢٦`` in the digit system the translation already uses; month names in the
  translation's own month-name set) and stays **fuzzy** with a comment listing the changes: the tool
  wrote it, so a human confirms it before the gate lets it through.
- **most sentences unchanged**: the translations of the unchanged sentences are kept where the old
  source and its translation align sentence by sentence; the entry stays **fuzzy**, with a comment
  saying which sentences were kept, which changed (old translation kept for review) and which are
  new (to translate). Removed sentences' translations are dropped.

Then ``fill`` answers untranslated entries from the translation memory (exact: translated, with a
``workflow: memory:`` comment naming where from; close: fuzzy, with the score), and the project's
``fuzzy = "hint"`` turns every fuzzy translation into a ``workflow: hint:`` comment (msgstr empty),
so nothing guessed can reach a release. Comments this module writes start with ``workflow: TAG:``,
one line each (those of earlier versions, on indented continuation lines, read whole), and go away with the state they describe: ``fuzzy`` blocks when
the entry is no longer fuzzy, ``review`` blocks when the flag is removed, ``hint`` blocks once the
entry is translated. ``memory`` and ``aligned`` blocks record provenance and stay.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

import polib
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from .catalog import Key, entry_key
from .config import Config
from .memory import Memory, normalize
from .sentences import sentence_spans

__all__ = [
    "REVIEW_FLAG",
    "Change",
    "Refinement",
    "classify_change",
    "refine_catalog",
    "set_note",
    "drop_notes",
    "tidy_notes",
    "without_notes",
    "make_hint",
]

REVIEW_FLAG = "review"
"""Flag of a reviewed translation carried forward over a trivial source edit (not fuzzy)."""

_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_TOKEN = re.compile(rf"(?:\w|[{_MARKS}])+|[^\w\s{_MARKS}]")
"""Words (with their combining marks: Arabic vowel signs are part of the word) and single other characters."""
_MARKUP = set("*_`[]()<>#|\\")
_FINAL_MARKS = set("?؟!")
_NEGATION_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non", "mis", "anti", "a")
_SENTENCE_END = set(".!?؟:;؛")
_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")
"""Arabic short vowels, shadda, sukun, dagger alef and tatweel: adding or removing them keeps the word."""


@dataclass(frozen=True)
class Change:
    """What a source edit allows: the translation to use, whether it stays fuzzy, and a note for the translator."""

    kind: str
    """whitespace, punctuation, typo, numbers or sentences."""
    msgstr: str
    fuzzy: bool
    note: str


@dataclass(frozen=True)
class Refinement:
    """What ``refine_catalog`` did to one entry (for reports and tests)."""

    msgid: str
    kind: str
    """One of Change.kind, or exact / fuzzy (memory fill), or hint."""
    detail: str = ""


# --- comments ---------------------------------------------------------------------------------------------


def _block(tag: str, text: str) -> list[str]:
    """A note on one line, however long: comments are never wrapped (gettext's way), and a line break would
    travel into an XLIFF note. Notes written on several lines by earlier versions are still read whole."""
    return [f"workflow: {tag}: {' '.join(text.split())}"]


def drop_notes(comment: str, tags: set[str]) -> str:
    """``comment`` without the ``workflow: TAG:`` blocks of ``tags`` (and their indented continuation lines)."""
    kept: list[str] = []
    dropping = False
    for line in comment.split("\n") if comment else []:
        if line.startswith("workflow: "):
            dropping = line[len("workflow: ") :].split(":", 1)[0] in tags
        elif not line.startswith("  "):
            dropping = False
        if not dropping:
            kept.append(line)
    return "\n".join(kept)


def without_notes(comment: str) -> str:
    """``comment`` without any ``workflow:`` block: the translator's own lines."""
    return drop_notes(comment, _note_tags(comment))


def set_note(entry: polib.POEntry, tag: str, text: str) -> None:
    """Replace the entry's ``workflow: TAG:`` comment with ``text``, keeping every other comment line."""
    kept = drop_notes(entry.tcomment, {tag})
    lines = kept.split("\n") if kept.strip() else []  # a translator's empty lines between words stay
    entry.tcomment = "\n".join(lines + _block(tag, text))


def _note_tags(comment: str) -> set[str]:
    return {line[len("workflow: ") :].split(":", 1)[0] for line in comment.split("\n") if line.startswith("workflow: ")}


# --- classification -----------------------------------------------------------------------------------------


def classify_change(old: str, new: str, translation: str, source_language: str, target_language: str) -> Change | None:
    """How a reviewed ``translation`` of ``old`` can serve ``new``, or None when only a fuzzy guess is honest.

    >>> classify_change("The goverment met.", "The government met.", "اجتمعت الحكومة.", "en", "ar").kind
    'typo'
    >>> classify_change("In 2025 we met.", "In 2026 we met.", "في عام ٢٠٢٥ اجتمعنا.", "en", "ar").msgstr
    'في عام ٢٠٢٦ اجتمعنا.'
    >>> classify_change("It is possible.", "It is impossible.", "هذا ممكن.", "en", "ar") is None
    True
    """
    if old == new or not translation:
        return None
    if normalize(old) == normalize(new):
        return Change("whitespace", translation, False, "the source changed in whitespace only")
    trivial = _trivial_edit(old, new)
    if trivial is not None:
        kind, detail = trivial
        return Change(kind, translation, False, f"the source changed in {detail} only; translation carried forward")
    from .patch import patch_numbers  # imports the checks package, which imports the project module

    patched = patch_numbers(old, new, translation)
    if patched is not None:
        text, changes = patched
        return Change(
            "numbers",
            text,
            True,
            f"numbers or dates changed in the source ({changes}); patched in the translation: check it",
        )
    return _reuse_sentences(old, new, translation, source_language, target_language)


def _trivial_edit(old: str, new: str) -> tuple[str, str] | None:
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    old_marks = [t for t in old_tokens if not _is_word(t)]
    new_marks = [t for t in new_tokens if not _is_word(t)]
    if _MARKUP & set("".join(old_marks) + "".join(new_marks)) and _changed_markup(old_marks, new_marks):
        return None
    if [t for t in old_marks if t in _FINAL_MARKS] != [t for t in new_marks if t in _FINAL_MARKS]:
        return None
    old_words = [(i, t) for i, t in enumerate(old_tokens) if _is_word(t)]
    new_words = [(i, t) for i, t in enumerate(new_tokens) if _is_word(t)]
    if len(old_words) != len(new_words):
        return None
    pairs = [(a, b) for a, b in zip(old_words, new_words) if a[1] != b[1]]
    if not pairs:
        return ("punctuation", "punctuation")
    if len(pairs) > 2:
        return None
    for (position, before), (_, after) in pairs:
        if not _looks_like_typo(before, after, sentence_start=_starts_sentence(old_tokens, position)):
            return None
    detail = ", ".join(f"{a[1]} -> {b[1]}" for a, b in pairs)
    if old_marks != new_marks:
        return ("typo", f"spelling ({detail}) and punctuation")
    return ("typo", f"spelling ({detail})")


def _is_word(token: str) -> bool:
    return token[0].isalnum() or token[0] == "_"


def _changed_markup(old: list[str], new: list[str]) -> bool:
    return [t for t in old if t in _MARKUP] != [t for t in new if t in _MARKUP]


def _starts_sentence(tokens: list[str], position: int) -> bool:
    return position == 0 or tokens[position - 1] in _SENTENCE_END


def _looks_like_typo(before: str, after: str, *, sentence_start: bool) -> bool:
    """A one- or two-letter slip in a word of some length, not a different word.

    >>> _looks_like_typo("goverment", "government", sentence_start=False)
    True
    >>> pairs = [("now", "not"), ("legal", "illegal"), ("Hama", "Homs")]
    >>> [_looks_like_typo(a, b, sentence_start=False) for a, b in pairs]
    [False, False, False]
    >>> _looks_like_typo("لمّا", "لما", sentence_start=False)
    True
    """
    if any(char.isdigit() for char in before + after):
        return False
    if _DIACRITICS.sub("", before) == _DIACRITICS.sub("", after):
        return True
    if min(len(before), len(after)) < 4:
        return False
    if not sentence_start and (before[0].isupper() or after[0].isupper()):
        return False  # a name: its spelling may change its transliteration
    low_before, low_after = before.casefold(), after.casefold()
    for prefix in _NEGATION_PREFIXES:
        if low_before == prefix + low_after or low_after == prefix + low_before:
            return False
    if low_before.endswith("n't") != low_after.endswith("n't"):
        return False
    allowed = 2 if min(len(before), len(after)) >= 8 else 1
    return OSA.distance(low_before, low_after) <= allowed


# --- sentences ----------------------------------------------------------------------------------------------


def _sentences(text: str, language: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text, language)]


def _reuse_sentences(old: str, new: str, translation: str, source_language: str, target_language: str) -> Change | None:
    old_sentences = _sentences(old, source_language)
    new_sentences = _sentences(new, source_language)
    if len(old_sentences) < 2 or len(new_sentences) < 1:
        return None
    translated = _sentence_translations(old_sentences, _sentences(translation, target_language))
    if translated is None:
        return None
    matched = _match_sentences(old_sentences, new_sentences)
    unchanged = [n for n, (o, kind) in matched.items() if kind == "same"]
    if len(unchanged) * 2 < len(new_sentences):
        return None
    parts: list[str] = []
    kept: list[int] = []
    changed: list[int] = []
    fresh: list[tuple[int, str]] = []
    for number, sentence in enumerate(new_sentences):
        old_number, kind = matched.get(number, (None, "new"))
        if old_number is not None and translated.get(old_number):
            parts.append(translated[old_number])
            (kept if kind == "same" else changed).append(number + 1)
        else:
            fresh.append((number + 1, sentence))
    removed = len(old_sentences) - len({o for o, _ in matched.values() if o is not None})
    note = [f"{len(kept)} of {len(new_sentences)} sentences unchanged, translations kept ({_numbers(kept)})"]
    if changed:
        note.append(f"changed: {_numbers(changed)} (old translation kept: revise it)")
    if fresh:
        note.append("new, to translate: " + "; ".join(f"{n}. {text}" for n, text in fresh))
    if removed:
        note.append(f"{removed} removed sentence(s) dropped from the translation")
    separator = " "
    return Change("sentences", separator.join(parts), True, "; ".join(note))


def _numbers(items: list[int]) -> str:
    return ", ".join(str(item) for item in items) or "none"


def _sentence_translations(sources: list[str], targets: list[str]) -> dict[int, str] | None:
    """Old source sentence -> its translation, where they align one to one."""
    if len(sources) == len(targets):
        return dict(enumerate(targets))
    from .align import Item, align_items  # the aligner imports the checks package (see patch_numbers)

    beads = align_items([Item(s) for s in sources], [Item(t) for t in targets])
    found = {
        b.source[0]: targets[b.target[0]] for b in beads if len(b.source) == len(b.target) == 1 and b.confidence >= 0.5
    }
    return found or None


def _match_sentences(old: list[str], new: list[str]) -> dict[int, tuple[int | None, str]]:
    """New sentence -> (old sentence, "same" or "changed"): a longest common subsequence of equal
    sentences, then, between those anchors, similar sentences paired in order."""
    a = [normalize(s) for s in old]
    b = [normalize(s) for s in new]
    lengths = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            lengths[i][j] = lengths[i + 1][j + 1] + 1 if a[i] == b[j] else max(lengths[i + 1][j], lengths[i][j + 1])
    anchors = []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            anchors.append((i, j))
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            i += 1
        else:
            j += 1
    result: dict[int, tuple[int | None, str]] = {j: (i, "same") for i, j in anchors}
    bounds = [(-1, -1), *anchors, (len(a), len(b))]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
        olds = list(range(i0 + 1, i1))
        for j in range(j0 + 1, j1):
            best = max(olds, key=lambda i: fuzz.ratio(a[i], b[j]), default=None)
            if best is not None and fuzz.ratio(a[best], b[j]) >= 60:
                result[j] = (best, "changed")
                olds = [i for i in olds if i > best]
    return result


# --- the catalog pass ---------------------------------------------------------------------------------------


def refine_catalog(
    merged: polib.POFile,
    old: polib.POFile | None,
    config: Config,
    *,
    source_language: str,
    target_language: str,
    memory: Memory | None = None,
) -> list[Refinement]:
    """Refine ``merged`` (the result of merging ``old`` with a new template) in place; return what changed.

    Nothing is lost: when an entry's fuzzy translation (from the old entry its ``#|`` names) is patched,
    recomposed, carried forward, replaced by an exact memory match or turned into a hint, that old
    entry stays in the catalog as obsolete (``#~``), so reverting the source edit brings it back whole.
    """
    done: list[Refinement] = []
    reviewed: dict[Key, str] = {}
    before: set[Key] = set()
    bases: dict[tuple[Key, str], polib.POEntry] = {}
    for entry in old or ():
        if entry.msgid_plural:
            continue
        if entry.msgstr and not entry.fuzzy:
            reviewed.setdefault(entry_key(entry), entry.msgstr)
            bases.setdefault((entry_key(entry), entry.msgstr), entry)
        elif entry.msgstr and entry.previous_msgid is not None:
            bases.setdefault(((entry.previous_msgctxt, entry.previous_msgid), entry.msgstr), entry)
        if not entry.obsolete:
            before.add(entry_key(entry))
    present = {(entry_key(entry), bool(entry.obsolete)) for entry in merged}
    retire: list[polib.POEntry] = []
    for entry in merged:
        if entry.obsolete or not entry.msgid or entry.msgid_plural:
            continue
        fresh = entry_key(entry) not in before
        guess: tuple[Key, str] | None = None
        if fresh and entry.fuzzy and entry.previous_msgid is not None:
            guess = ((entry.previous_msgctxt, entry.previous_msgid), entry.msgstr)
            base = reviewed.get(guess[0])
            if base is not None and base == entry.msgstr:
                _apply_change(entry, source_language, target_language, done)
        if memory is not None and (not entry.msgstr or (fresh and entry.fuzzy)):
            _fill(entry, memory, config.fill_threshold, source_language, target_language, done)
        tidy_notes(entry)
        if config.fuzzy == "hint" and entry.fuzzy and entry.msgstr:
            make_hint(entry)
            done.append(Refinement(entry.msgid, "hint"))
        if guess is not None and guess != ((entry.previous_msgctxt, entry.previous_msgid), entry.msgstr):
            base_entry = bases.get(guess)
            if base_entry is not None and not {(entry_key(base_entry), True), (entry_key(base_entry), False)} & present:
                retire.append(base_entry)
                present.add((entry_key(base_entry), True))
    for entry in retire:
        kept = copy.copy(entry)
        kept.obsolete, kept.occurrences, kept.comment = True, [], ""
        merged.append(kept)
    return done


def _apply_change(entry: polib.POEntry, source_language: str, target_language: str, done: list[Refinement]) -> None:
    change = classify_change(entry.previous_msgid or "", entry.msgid, entry.msgstr, source_language, target_language)
    if change is None:
        return
    entry.msgstr = change.msgstr
    if change.fuzzy:
        set_note(entry, "fuzzy", change.note)
    else:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        if REVIEW_FLAG not in entry.flags:
            entry.flags.append(REVIEW_FLAG)
        set_note(entry, "review", change.note)
        entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None
    done.append(Refinement(entry.msgid, change.kind, change.note))


def _fill(
    entry: polib.POEntry,
    memory: Memory,
    threshold: float,
    source_language: str,
    target_language: str,
    done: list[Refinement],
) -> None:
    """An exact memory match translates an empty entry (or replaces this merge's own fuzzy guess);
    a close one fills an empty entry as fuzzy, numbers patched."""
    match = memory.best(entry.msgid, source_language, target_language, threshold)
    if match is None or (entry.msgstr and not match.exact):
        return
    origin = str(match.unit.origin) + (" (read in reverse)" if match.unit.reverse else "")
    if match.exact:
        entry.msgstr = match.unit.target
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None
        set_note(entry, "memory", f"exact match from {origin}")
        done.append(Refinement(entry.msgid, "exact", origin))
        return
    from .patch import patch_numbers

    patched = patch_numbers(match.unit.source, entry.msgid, match.unit.target)
    entry.msgstr = patched[0] if patched else match.unit.target
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    entry.previous_msgid = match.unit.source
    note = f"{match.score:.0f}% memory match from {origin}"
    if patched:
        note += f"; numbers patched ({patched[1]})"
    set_note(entry, "fuzzy", note)
    done.append(Refinement(entry.msgid, "fuzzy", note))


def tidy_notes(entry: polib.POEntry) -> None:
    """Remove the ``workflow:`` comments whose state is gone (see the module docstring)."""
    if "workflow: " not in entry.tcomment:
        return
    stale = set()
    tags = _note_tags(entry.tcomment)
    if "fuzzy" in tags and not entry.fuzzy:
        stale.add("fuzzy")
    if "review" in tags and REVIEW_FLAG not in entry.flags:
        stale.add("review")
    if "hint" in tags and entry.msgstr:
        stale.add("hint")
    if stale:
        entry.tcomment = drop_notes(entry.tcomment, stale)


def _note_text(comment: str, tag: str) -> str:
    """The text of the ``workflow: TAG:`` block(s) of ``comment``, continuation lines joined."""
    parts: list[str] = []
    inside = False
    for line in comment.split("\n"):
        if line.startswith("workflow: "):
            inside = line.startswith(f"workflow: {tag}: ")
            if inside:
                parts.append(line[len(f"workflow: {tag}: ") :])
        elif inside and line.startswith("  "):
            parts.append(line.strip())
        else:
            inside = False
    return " ".join(parts)


def make_hint(entry: polib.POEntry) -> None:
    """A fuzzy translation becomes a comment: the translator sees it, a release cannot."""
    reason = _note_text(entry.tcomment, "fuzzy") or "a similar string's translation"
    if entry.previous_msgid:
        reason += f"; it translates: {entry.previous_msgid}"
    entry.tcomment = drop_notes(entry.tcomment, {"fuzzy"})
    set_note(entry, "hint", f"{reason} => {entry.msgstr}")
    entry.msgstr = ""
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None
