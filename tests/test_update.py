"""``workflow update``: templates and catalogs with msgmerge semantics, no churn, ``--check`` and ``--json``."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import polib
import pytest
from conftest import Run, msgfmt_check

REPORT = """\
# Water in Aleppo

The council met on Monday to discuss the water network of the eastern neighbourhoods.

Residents asked for a timetable of the repairs and for tanker deliveries in the meantime.

The council met on Monday to discuss the water network of the eastern neighbourhoods.
"""

TRANSLATIONS = {
    "Water in Aleppo": "المياه في حلب",
    "The council met on Monday to discuss the water network of the eastern neighbourhoods.":
        "اجتمع المجلس يوم الاثنين لمناقشة شبكة المياه في الأحياء الشرقية.",
    "Residents asked for a timetable of the repairs and for tanker deliveries in the meantime.":
        "وطالب الأهالي بجدول زمني للإصلاحات وبتوزيع المياه بالصهاريج ريثما تنتهي.",
}

POT = "locale/report.pot"
PO = "locale/ar/LC_MESSAGES/report.po"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder with one Markdown report and no configuration file."""
    root = tmp_path / "reports"
    root.mkdir()
    (root / "report.md").write_text(REPORT, "utf-8")
    return root


def update(run: Run, folder: Path, *args: str) -> None:
    result = run("update", "-l", "ar", *args, "report.md", cwd=folder)
    assert result.exit_code == 0, result.stderr


def translate(path: Path, translations: dict[str, str]) -> None:
    """What a translator's editor does: fill msgstr and clear the fuzzy flag."""
    catalog = polib.pofile(str(path), wrapwidth=79)
    for entry in catalog:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            if entry.fuzzy:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
    catalog.save()


def entries(path: Path) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in polib.pofile(str(path))}


def translated_folder(folder: Path, run: Run) -> Path:
    update(run, folder)
    translate(folder / PO, TRANSLATIONS)
    update(run, folder)
    return folder / PO


def snapshot(folder: Path) -> dict[Path, tuple[bytes, int]]:
    return {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in sorted(folder.rglob("*")) if path.is_file()}


def test_update_in_a_folder_without_configuration_creates_template_and_catalog(folder: Path, run: Run) -> None:
    result = run("update", "-l", "ar", "report.md", cwd=folder)

    assert result.exit_code == 0
    assert result.stdout == f"created: {POT}\ncreated: {PO}\n"
    assert result.stderr == ""
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        ".workflow.lock", PO, POT, "report.md"
    ]


def test_catalog_has_babel_headers_for_arabic(folder: Path, run: Run) -> None:
    update(run, folder)
    catalog = polib.pofile(str(folder / PO))
    template = polib.pofile(str(folder / POT))

    assert catalog.metadata["Language"] == "ar"
    assert catalog.metadata["Plural-Forms"] == (
        "nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3 "
        ": n % 100 >= 11 && n % 100 <= 99 ? 4 : 5);"
    )
    assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert catalog.metadata["Content-Transfer-Encoding"] == "8bit"
    assert catalog.metadata["Project-Id-Version"] == "reports"
    assert catalog.metadata["Language-Team"] == "Arabic"
    assert catalog.metadata["POT-Creation-Date"] == template.metadata["POT-Creation-Date"] == "2025-11-01 12:26+0000"
    assert template.metadata["Language"] == "" and "Plural-Forms" not in template.metadata
    assert msgfmt_check(folder / PO) == ""


def test_entries_carry_references_and_kind_and_identical_paragraphs_share_one(folder: Path, run: Run) -> None:
    update(run, folder)
    text = (folder / PO).read_text("utf-8")

    assert '#. heading\n#: report.md:1\nmsgid "Water in Aleppo"\nmsgstr ""\n' in text
    assert "#. paragraph\n#: report.md:3 report.md:7\nmsgid \"\"\n\"The council met" in text
    assert "#: report.md:5\n" in text
    assert [entry.msgid for entry in polib.pofile(str(folder / POT))] == list(TRANSLATIONS)


def test_inserting_a_paragraph_keeps_every_other_translation(folder: Path, run: Run) -> None:
    po = translated_folder(folder, run)
    inserted = "A note from the editors: figures are provisional until the council publishes its minutes."
    (folder / "report.md").write_text(REPORT.replace("# Water in Aleppo\n", f"# Water in Aleppo\n\n{inserted}\n"), "utf-8")

    update(run, folder)

    found = entries(po)
    assert {msgid: entry.msgstr for msgid, entry in found.items()} == {**TRANSLATIONS, inserted: ""}
    assert not any(entry.fuzzy or entry.obsolete for entry in found.values())
    assert found["Residents asked for a timetable of the repairs and for tanker deliveries in the meantime."].occurrences == [
        ("report.md", "7")
    ]


def test_changed_paragraph_gets_old_translation_as_fuzzy_with_previous_msgid(folder: Path, run: Run) -> None:
    po = translated_folder(folder, run)
    old = "Residents asked for a timetable of the repairs and for tanker deliveries in the meantime."
    new = "Residents asked for a timetable of the repairs and for daily tanker deliveries in the meantime."
    (folder / "report.md").write_text(REPORT.replace(old, new), "utf-8")

    update(run, folder)

    entry = entries(po)[new]
    assert entry.flags == ["fuzzy"]
    assert entry.msgstr == TRANSLATIONS[old]
    assert entry.previous_msgid == old
    assert old not in entries(po)  # used for the fuzzy match, so not kept as obsolete
    text = po.read_text("utf-8")
    assert "#| msgid \"\"\n#| \"Residents asked" in text and "msgid_plural" not in text
    assert msgfmt_check(po) == ""


def test_removed_paragraph_becomes_obsolete_and_comes_back_translated(folder: Path, run: Run) -> None:
    po = translated_folder(folder, run)
    removed = "Residents asked for a timetable of the repairs and for tanker deliveries in the meantime."
    (folder / "report.md").write_text(REPORT.replace(removed + "\n\n", ""), "utf-8")

    update(run, folder)

    entry = entries(po)[removed]
    assert entry.obsolete and entry.msgstr == TRANSLATIONS[removed] and entry.occurrences == []
    assert '#~ msgid ""\n#~ "Residents asked' in po.read_text("utf-8")

    (folder / "report.md").write_text(REPORT, "utf-8")
    update(run, folder)

    entry = entries(po)[removed]
    assert not entry.obsolete and not entry.fuzzy and entry.msgstr == TRANSLATIONS[removed]
    assert entry.occurrences == [("report.md", "5")]
    assert not any(entry.obsolete for entry in entries(po).values())


def test_translator_comments_flags_and_obsolete_entries_survive(folder: Path, run: Run) -> None:
    po = translated_folder(folder, run)
    catalog = polib.pofile(str(po), wrapwidth=79)
    for entry in catalog:
        entry.tcomment = f"checked by Rania: {entry.msgid[:12]}"
        entry.flags.append("ignore-same")
    catalog.append(polib.POEntry(msgid="An old paragraph.", msgstr="فقرة قديمة.", obsolete=True, tcomment="keep"))
    catalog.save()
    old_title = "Water in Aleppo"
    (folder / "report.md").write_text(REPORT.replace("# Water in Aleppo", "# Water in Aleppo, 2025"), "utf-8")

    update(run, folder)

    found = entries(po)
    fuzzy = found["Water in Aleppo, 2025"]
    assert (fuzzy.tcomment, fuzzy.flags, fuzzy.previous_msgid) == ("checked by Rania: Water in Ale", ["fuzzy", "ignore-same"], old_title)
    kept = found["Residents asked for a timetable of the repairs and for tanker deliveries in the meantime."]
    assert (kept.tcomment, kept.flags) == ("checked by Rania: Residents as", ["ignore-same"])
    assert (found["An old paragraph."].obsolete, found["An old paragraph."].tcomment) == (True, "keep")


def test_removed_untranslated_entry_is_dropped_unless_it_has_a_translator_comment(folder: Path, run: Run) -> None:
    update(run, folder)
    catalog = polib.pofile(str(folder / PO), wrapwidth=79)
    for entry in catalog:
        if entry.msgid.startswith("Residents"):
            entry.tcomment = "ask the council which repairs are meant"
    catalog.save()
    (folder / "report.md").write_text("# Water in Aleppo\n", "utf-8")

    update(run, folder)

    found = entries(folder / PO)
    assert sorted(found) == [
        "Residents asked for a timetable of the repairs and for tanker deliveries in the meantime.",
        "Water in Aleppo",
    ]
    assert found["Residents asked for a timetable of the repairs and for tanker deliveries in the meantime."].obsolete


def test_second_run_writes_no_byte_and_keeps_mtimes(folder: Path, run: Run) -> None:
    po = translated_folder(folder, run)
    (folder / "report.md").write_text(REPORT.replace("Monday", "Tuesday").replace("# Water", "# Drinking water"), "utf-8")
    update(run, folder)  # fuzzy entries with previous msgids, an obsolete one
    (folder / "report.md").write_text(REPORT.replace("# Water in Aleppo\n\n", ""), "utf-8")
    update(run, folder)  # the fuzzy title becomes an obsolete fuzzy entry with #~| lines
    assert "#, fuzzy\n#~| msgid \"Water in Aleppo\"\n#~ msgid \"Drinking water in Aleppo\"" in po.read_text("utf-8")
    before = snapshot(folder)

    result = run("update", "-l", "ar", "report.md", cwd=folder)

    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "catalogs are up to date\n"
    assert snapshot(folder) == before


def test_obsolete_previous_msgid_survives_later_updates(folder: Path, run: Run) -> None:
    """polib drops ``#~|`` lines when reading; the catalog reader puts them back."""
    po = translated_folder(folder, run)
    (folder / "report.md").write_text(REPORT.replace("# Water", "# Drinking water"), "utf-8")
    update(run, folder)
    (folder / "report.md").write_text(REPORT.replace("# Water in Aleppo\n\n", ""), "utf-8")
    update(run, folder)
    (folder / "report.md").write_text(REPORT.replace("# Water in Aleppo\n\n", "").replace("Monday", "Sunday"), "utf-8")

    update(run, folder)

    assert "#, fuzzy\n#~| msgid \"Water in Aleppo\"\n#~ msgid \"Drinking water in Aleppo\"" in po.read_text("utf-8")


def test_check_writes_nothing_and_exits_3_when_out_of_date(folder: Path, run: Run) -> None:
    result = run("update", "-l", "ar", "--check", "report.md", cwd=folder)

    assert result.exit_code == 3
    assert result.stdout == f"would be created: {POT}\nwould be created: {PO}\n"
    assert result.stderr == "2 file(s) out of date; run: workflow update\n"
    assert not (folder / "locale").exists()

    update(run, folder)
    (folder / "report.md").write_text(REPORT.replace("Monday", "Tuesday"), "utf-8")
    before = snapshot(folder)
    result = run("update", "-l", "ar", "--check", "report.md", cwd=folder)

    assert result.exit_code == 3
    assert result.stdout == f"would be updated: {POT}\nwould be updated: {PO}\n"
    assert snapshot(folder) == before


def test_check_exits_0_when_catalogs_are_current(folder: Path, run: Run) -> None:
    update(run, folder)
    before = snapshot(folder)

    result = run("update", "-l", "ar", "--check", "report.md", cwd=folder)

    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "catalogs are up to date\n"
    assert snapshot(folder) == before


def test_json_lists_every_file_and_what_happened(folder: Path, run: Run) -> None:
    result = run("update", "-l", "ar", "--json", "report.md", cwd=folder)

    assert result.exit_code == 0
    assert json.loads(result.stdout) == [{"path": POT, "action": "created"}, {"path": PO, "action": "created"}]

    result = run("update", "-l", "ar", "--json", "report.md", cwd=folder)

    assert json.loads(result.stdout) == [{"path": POT, "action": "unchanged"}, {"path": PO, "action": "unchanged"}]


def test_arabic_source_gets_an_english_catalog(tmp_path: Path, run: Run) -> None:
    (tmp_path / "udhr.ar.md").write_text("# الإعلان العالمي لحقوق الإنسان\n\nيولد جميع الناس أحرارًا.\n", "utf-8")

    result = run("update", "udhr.ar.md", cwd=tmp_path)

    assert result.exit_code == 0
    assert result.stdout == "created: locale/udhr.pot\ncreated: locale/en/LC_MESSAGES/udhr.po\n"
    catalog = polib.pofile(str(tmp_path / "locale/en/LC_MESSAGES/udhr.po"))
    assert catalog.metadata["Language"] == "en"
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert catalog.metadata["X-Source-Language"] == "ar"
    assert [(e.msgid, e.occurrences) for e in catalog] == [
        ("الإعلان العالمي لحقوق الإنسان", [("udhr.ar.md", "1")]),
        ("يولد جميع الناس أحرارًا.", [("udhr.ar.md", "3")]),
    ]
    assert not (tmp_path / "locale/ar").exists()


def test_several_languages_at_once(folder: Path, run: Run) -> None:
    result = run("update", "-l", "ar", "-l", "fr", "report.md", cwd=folder)

    assert result.exit_code == 0
    assert result.stdout == f"created: {POT}\ncreated: {PO}\ncreated: locale/fr/LC_MESSAGES/report.po\n"
    french = folder / "locale/fr/LC_MESSAGES/report.po"
    assert polib.pofile(str(french)).metadata["Language"] == "fr"
    assert msgfmt_check(french) == ""


def test_unknown_language_code_is_a_usage_error_naming_it(folder: Path, run: Run) -> None:
    result = run("update", "-l", "xx", "report.md", cwd=folder)

    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: Invalid value for '-l' / '--language': unknown language code 'xx'"
    assert not (folder / "locale").exists()


def test_locale_dir_option(folder: Path, run: Run) -> None:
    result = run("update", "-l", "ar", "--locale-dir", "i18n", "report.md", cwd=folder)

    assert result.exit_code == 0
    assert result.stdout == "created: i18n/report.pot\ncreated: i18n/ar/LC_MESSAGES/report.po\n"


def test_rewritten_files_keep_their_permissions_and_new_ones_follow_the_umask(folder: Path, run: Run) -> None:
    leftover = folder / "locale/ar/LC_MESSAGES/.report.po.ab_3kz9q.tmp"  # a killed run's (mkstemp's letters)
    leftover.parent.mkdir(parents=True)
    leftover.write_text("half a catalog", "utf-8")
    old_umask = os.umask(0o027)
    try:
        update(run, folder)
        assert not leftover.exists()
        assert stat.S_IMODE((folder / PO).stat().st_mode) == 0o640  # 0o666 less the umask
        (folder / POT).chmod(0o664)  # group-writable: more than the umask would give a new file
        (folder / PO).chmod(0o600)
        (folder / "report.md").write_text(REPORT.replace("Monday", "Tuesday"), "utf-8")

        update(run, folder)
    finally:
        os.umask(old_umask)

    assert "Tuesday" in (folder / PO).read_text("utf-8")
    assert stat.S_IMODE((folder / POT).stat().st_mode) == 0o664
    assert stat.S_IMODE((folder / PO).stat().st_mode) == 0o600
    assert sorted(p.name for p in (folder / "locale/ar/LC_MESSAGES").iterdir()) == ["report.po"]
