"""``workflow merge``'s flags and plural forms against GNU ``msgmerge --previous`` on the same small catalogs.

msgmerge takes the format, ``range:`` and wrap flags from the template and ``fuzzy`` from the old entry, adds
``fuzzy`` where the old translation may no longer fit, and gives a plural entry the old header's nplurals forms.
Each test compares the entries of both outputs; every output also passes ``msgfmt --check`` (conftest.py).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import ARABIC_HEADER, Run, catalog_and_template

pytestmark = pytest.mark.skipif(shutil.which("msgmerge") is None, reason="needs GNU msgmerge")

Entry = tuple[str | None, str, str, tuple[str, ...], frozenset[str], str | None, str | None, bool]


def entries(path: Path) -> list[Entry]:
    """What a merge decides about each entry: strings, translation forms, flags, previous msgid."""
    return [
        (
            entry.msgctxt, entry.msgid, entry.msgid_plural,
            tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)) or (entry.msgstr,),
            frozenset(entry.flags), entry.previous_msgid, entry.previous_msgid_plural, bool(entry.obsolete),
        )
        for entry in polib.pofile(str(path))
    ]


def merge_both(tmp_path: Path, run: Run, old_text: str, template_text: str) -> tuple[list[Entry], list[Entry]]:
    """Our entries and msgmerge's, from the same old catalog and template."""
    old, template = catalog_and_template(tmp_path, old_text, template_text)
    result = run("merge", "--previous", str(old), str(template), "-o", "ours.po", cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (0, "")
    subprocess.run(
        ["msgmerge", "--quiet", "--previous", "-o", str(tmp_path / "gnu.po"), str(old), str(template)], check=True
    )
    return entries(tmp_path / "ours.po"), entries(tmp_path / "gnu.po")


def fuzzy(merged: list[Entry]) -> set[str]:
    return {entry[1] for entry in merged if "fuzzy" in entry[4]}


def test_a_format_the_template_newly_declares_makes_a_translation_that_fails_it_fuzzy(
    tmp_path: Path, run: Run
) -> None:
    """msgmerge must not turn a catalog that passes ``msgfmt --check`` into one that does not."""
    ours, gnu = merge_both(
        tmp_path, run,
        'msgid "Hello %s"\nmsgstr "مرحبا"\n\n'
        'msgid "Rate: 5% per year"\nmsgstr "المعدل: 5% سنويا"\n\n'
        'msgid "Welcome, %s"\nmsgstr "أهلا، %s"\n\n'
        'msgid "View: %(name)s"\nmsgstr "عرض: %(name)s"\n\n'
        'msgid "Delete {name}?"\nmsgstr "حذف؟"\n\n'
        '#, no-c-format\nmsgid "%d%% done"\nmsgstr "تم"\n\n'
        'msgid "Not yet %d"\nmsgstr ""\n',
        '#, c-format\nmsgid "Hello %s"\nmsgstr ""\n\n'
        '#, c-format\nmsgid "Rate: 5% per year"\nmsgstr ""\n\n'
        '#, c-format\nmsgid "Welcome, %s"\nmsgstr ""\n\n'
        '#, python-format\nmsgid "View: %(name)s"\nmsgstr ""\n\n'
        '#, python-brace-format\nmsgid "Delete {name}?"\nmsgstr ""\n\n'
        '#, c-format\nmsgid "%d%% done"\nmsgstr ""\n\n'
        '#, c-format\nmsgid "Not yet %d"\nmsgstr ""\n',
    )

    assert ours == gnu
    assert fuzzy(ours) == {"Hello %s", "Rate: 5% per year", "Delete {name}?", "%d%% done"}
    assert ours[0][5] == "Hello %s"  # an exact match made fuzzy keeps its own msgid as the previous one


def test_plural_forms_are_checked_as_msgfmt_checks_them(tmp_path: Path, run: Run) -> None:
    """The Arabic forms for 0, 1 and 2 may leave the number out; the forms for many numbers may not."""
    forms = ["لا ملفات", "ملف واحد", "ملفان", "%d ملفات", "%d ملفا", "%d ملف"]
    plural = "".join(f'msgstr[{index}] "{form}"\n' for index, form in enumerate(forms))
    missing = plural.replace('"%d ملفا"', '"ملفا"')
    ours, gnu = merge_both(
        tmp_path, run,
        f'msgid "%d file"\nmsgid_plural "%d files"\n{plural}\n'
        f'msgid "%d folder"\nmsgid_plural "%d folders"\n{missing}',
        '#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
        '#, c-format\nmsgid "%d folder"\nmsgid_plural "%d folders"\nmsgstr[0] ""\nmsgstr[1] ""\n',
    )

    assert ours == gnu
    assert fuzzy(ours) == {"%d folder"}


def test_format_range_and_wrap_flags_come_from_the_template_and_translator_flags_stay(
    tmp_path: Path, run: Run
) -> None:
    ours, gnu = merge_both(
        tmp_path, run,
        '#, c-format, no-wrap, ignore-same\n'
        'msgid "Progress: %d%% of the files"\nmsgstr "التقدم: %d%% من الملفات"\n\n'
        '#, python-format\nmsgid "View: %(name)s"\nmsgstr "عرض: %(name)s"\n\n'
        '#, range: 1..5\nmsgid "Within %d"\nmsgstr "ضمن %d"\n\n'
        '#, range: 1..5\nmsgid "Beyond %d"\nmsgstr "خارج %d"\n\n'
        '#, range: 1..5\nmsgid "No longer %d"\nmsgstr "لم يعد %d"\n\n'
        '#, fuzzy, review\n#| msgid "Old title"\nmsgid "Title"\nmsgstr "عنوان"\n',
        'msgid "Progress: %d%% of the files"\nmsgstr ""\n\n'
        'msgid "View: name"\nmsgstr ""\n\n'
        '#, range: 2..3\nmsgid "Within %d"\nmsgstr ""\n\n'
        '#, range: 0..9\nmsgid "Beyond %d"\nmsgstr ""\n\n'
        'msgid "No longer %d"\nmsgstr ""\n\n'
        '#, no-c-format\nmsgid "Title"\nmsgstr ""\n',
    )

    translator_flags = {"ignore-same", "review"}  # deliberately kept, where msgmerge drops them
    assert [entry[4] & translator_flags for entry in ours] == [{"ignore-same"}, set(), set(), set(), set(), {"review"}]
    assert [(*entry[:4], entry[4] - translator_flags, *entry[5:]) for entry in ours] == gnu
    assert [sorted(entry[4]) for entry in ours] == [
        ["ignore-same"], ["fuzzy"], ["range: 2..3"], ["fuzzy", "range: 0..9"], ["fuzzy"],
        ["fuzzy", "no-c-format", "review"],
    ]


def test_a_new_plural_entry_gets_the_old_catalogs_nplurals_empty_forms(tmp_path: Path, run: Run) -> None:
    ours, gnu = merge_both(
        tmp_path, run,
        'msgid "Move page"\nmsgstr "نقل الصفحة"\n',
        'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n',
    )

    assert ours == gnu
    assert ours[0][3] == ("",) * 6


def test_a_singular_translation_fills_every_plural_form_and_is_fuzzy(tmp_path: Path, run: Run) -> None:
    """Nothing is lost: each of the six forms starts as the old translation, for the translator to adapt."""
    ours, gnu = merge_both(
        tmp_path, run,
        'msgid "Move page"\nmsgstr "نقل الصفحة"\n\n'
        'msgid "One comment"\nmsgstr "تعليق واحد"\n\n'
        'msgid "Not translated yet"\nmsgstr ""\n',
        'msgid "Move pages"\nmsgid_plural "Move %(count)s pages"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
        'msgid "One comment"\nmsgid_plural "Some comments"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
        'msgid "Not translated yet"\nmsgid_plural "Not translated yet, many"\nmsgstr[0] ""\nmsgstr[1] ""\n',
    )

    assert ours == gnu
    assert [entry[3] for entry in ours] == [("نقل الصفحة",) * 6, ("تعليق واحد",) * 6, ("",) * 6]
    assert fuzzy(ours) == {"Move pages", "One comment"}
    assert [entry[5] for entry in ours] == ["Move page", "One comment", None]


def test_a_plural_translation_matched_by_a_singular_entry_keeps_its_first_form_and_is_fuzzy(
    tmp_path: Path, run: Run
) -> None:
    forms = "".join(f'msgstr[{index}] "ملفات {index}"\n' for index in range(6))
    ours, gnu = merge_both(
        tmp_path, run,
        f'msgid "File"\nmsgid_plural "Files"\n{forms}\n'
        f'msgid "Old folder"\nmsgid_plural "Old folders"\n{forms}',
        'msgid "File"\nmsgstr ""\n\nmsgid "Old folders"\nmsgstr ""\n',
    )

    assert ours == gnu
    assert [(entry[3], entry[6]) for entry in ours] == [(("ملفات 0",), "Files"), (("ملفات 0",), "Old folders")]
    assert fuzzy(ours) == {"File", "Old folders"}


def test_another_msgid_plural_makes_the_entry_fuzzy(tmp_path: Path, run: Run) -> None:
    forms = "".join(f'msgstr[{index}] "ملفات {index}"\n' for index in range(6))
    ours, gnu = merge_both(
        tmp_path, run,
        f'msgid "File"\nmsgid_plural "Files"\n{forms}\nmsgid "Page"\nmsgid_plural "Pages"\n{forms}',
        'msgid "File"\nmsgid_plural "More files"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
        'msgid "Page"\nmsgid_plural "Pages"\nmsgstr[0] ""\nmsgstr[1] ""\n',
    )

    assert ours == gnu
    assert fuzzy(ours) == {"File"} and ours[0][5:7] == ("File", "Files")


def test_merging_a_catalog_with_its_own_template_changes_nothing(tmp_path: Path, run: Run) -> None:
    forms = "".join(f'msgstr[{index}] "%d ملفات {index}"\n' for index in range(6))
    old = tmp_path / "ar.po"
    old.write_text(
        ARABIC_HEADER
        + '#, c-format, ignore-same\nmsgid "Hello %s"\nmsgstr "مرحبا %s"\n\n'
        '#, fuzzy, python-format, review\n#| msgid "Old %(name)s"\n'
        'msgid "View: %(name)s"\nmsgstr "عرض: %(name)s"\n\n'
        '#, no-c-format, range: 1..5\nmsgid "%d%% done"\nmsgstr "تم"\n\n'
        f'#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\n{forms}\n'
        'msgid "%d page"\nmsgid_plural "%d pages"\nmsgstr[0] ""\nmsgstr[1] ""\n',
        "utf-8",
    )
    template = polib.pofile(str(old))
    for entry in template:
        entry.msgstr, entry.flags = "", [flag for flag in entry.flags if flag != "fuzzy"]
        entry.msgstr_plural = {index: "" for index in entry.msgstr_plural}
        entry.previous_msgid = None
    template.save(str(tmp_path / "ar.pot"))

    result = run("merge", "--previous", str(old), "ar.pot", "-o", "ours.po", cwd=tmp_path)

    assert result.exit_code == 0
    assert (tmp_path / "ours.po").read_bytes() == old.read_bytes()
