"""Smarter updates than msgmerge: trivial edits carried forward, numbers patched, sentences kept, hints."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from conftest import Run, msgfmt_check

from workflow.refine import classify_change

REPORT = """\
# Water in Aleppo

The council met on November 1, 2025 to discuss the water network of the eastern neighbourhoods.

Residents asked for a timetable of the repairs. They also asked for tanker deliveries in the meantime. \
The council promised an answer within 14 days.

Is the network safe?
"""

TRANSLATIONS = {
    "Water in Aleppo": "المياه في حلب",
    "The council met on November 1, 2025 to discuss the water network of the eastern neighbourhoods.": (
        "اجتمع المجلس في ١ تشرين الثاني ٢٠٢٥ لمناقشة شبكة المياه في الأحياء الشرقية."
    ),
    "Residents asked for a timetable of the repairs. They also asked for tanker deliveries in the meantime. "
    "The council promised an answer within 14 days.": (
        "وطالب الأهالي بجدول زمني للإصلاحات. كما طالبوا بتوزيع المياه بالصهاريج ريثما تنتهي. ووعد المجلس بالرد خلال "
        "14 يوماً."
    ),
    "Is the network safe?": "هل الشبكة آمنة؟",
}
PO = "locale/ar/LC_MESSAGES/report.po"


@pytest.fixture
def folder(tmp_path: Path, run: Run) -> Path:
    """A report with a reviewed Arabic catalog (Arabic-Indic digits in one paragraph, Western in another)."""
    root = tmp_path / "reports"
    root.mkdir()
    (root / "report.md").write_text(REPORT, "utf-8")
    assert run("update", "-l", "ar", "report.md", cwd=root).exit_code == 0
    catalog = polib.pofile(str(root / PO), wrapwidth=79)
    for entry in catalog:
        entry.msgstr = TRANSLATIONS.get(entry.msgid, entry.msgstr)
    catalog.save()
    return root


def edit(folder: Path, run: Run, *replacements: tuple[str, str], config: str = "") -> dict[str, polib.POEntry]:
    text = REPORT
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    (folder / "report.md").write_text(text, "utf-8")
    if config:
        (folder / "workflow.toml").write_text(config, "utf-8")
    result = run("update", "-l", "ar", "report.md", cwd=folder)
    assert result.exit_code == 0, result.stderr
    assert msgfmt_check(folder / PO) == ""
    return {("#~" if e.obsolete else "") + e.msgid: e for e in polib.pofile(str(folder / PO))}


def lines(entry: polib.POEntry) -> str:
    return " ".join(line.strip() for line in entry.tcomment.split("\n"))


def test_a_typo_fix_carries_the_translation_forward_for_review_not_fuzzy(folder: Path, run: Run) -> None:
    entries = edit(folder, run, ("eastern neighbourhoods", "eastern neighborhoods"))

    entry = entries["The council met on November 1, 2025 to discuss the water network of the eastern neighborhoods."]
    assert not entry.fuzzy and entry.flags == ["review"] and entry.previous_msgid is None
    assert (
        entry.msgstr
        == TRANSLATIONS[
            "The council met on November 1, 2025 to discuss the water network of the eastern neighbourhoods."
        ]
    )
    assert entry.tcomment == (  # one line, however long: comments are never wrapped
        "workflow: review: the source changed in spelling (neighbourhoods -> neighborhoods) only;"
        " translation carried forward"
    )
    # The reviewed entry it came from stays, obsolete: reverting the edit brings it back whole.
    old = entries["#~The council met on November 1, 2025 to discuss the water network of the eastern neighbourhoods."]
    assert old.msgstr == entry.msgstr and not old.fuzzy


def test_a_note_keeps_the_translators_comment_with_its_empty_lines(folder: Path, run: Run) -> None:
    source = "The council met on November 1, 2025 to discuss the water network of the eastern neighbourhoods."
    text = (folder / PO).read_text("utf-8").replace(f'#: report.md:3\nmsgid "', '# راجعت التاريخ.\n#\n# Rania\n#: report.md:3\nmsgid "', 1)
    (folder / PO).write_text(text, "utf-8")

    entries = edit(folder, run, ("eastern neighbourhoods", "eastern neighborhoods"))

    comment = entries[source.replace("neighbourhoods", "neighborhoods")].tcomment
    assert comment.split("\n")[:3] == ["راجعت التاريخ.", "", "Rania"]
    assert comment.split("\n")[3].startswith("workflow: review: ")


def test_the_build_gate_passes_a_carried_translation_and_stops_a_patched_one(folder: Path, run: Run) -> None:
    edit(folder, run, ("eastern neighbourhoods", "eastern  neighbourhoods"), ("14 days", "21 days"))

    result = run("build", "-l", "ar", "report.md", cwd=folder)

    assert result.exit_code == 3
    assert result.stderr.count("[fuzzy]") == 1 and "Residents asked" in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        ("Is the network safe?", "Is the  network\u00a0safe?", "whitespace"),
        ("The crisis, the war.", "The crisis; the war.", "punctuation"),
        ("The goverment met.", "The government met.", "typo"),
        ("لمّا كان الاعتراف", "لما كان الاعتراف", "typo"),
    ],
)
def test_trivial_edits(old: str, new: str, kind: str) -> None:
    change = classify_change(old, new, "ترجمة.", "ar" if "ل" in old else "en", "ar")

    assert change is not None and (change.kind, change.fuzzy, change.msgstr) == (kind, False, "ترجمة.")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("The council will now meet.", "The council will not meet."),  # short words: a different word
        ("This is legal.", "This is illegal."),  # a negation prefix
        ("They met in Hama today.", "They met in Homs today."),  # a name
        ("Is the network safe.", "Is the network safe?"),  # a question now
        ("The *council* met.", "The council met."),  # markup
        ("The council met the mayor and the governor.", "The councel met the majors and the governors."),  # three words
    ],
)
def test_edits_that_are_not_trivial(old: str, new: str) -> None:
    change = classify_change(old, new, "ترجمة.", "en", "ar")

    assert change is None or change.fuzzy


def test_changed_numbers_are_patched_in_the_translations_digit_system_and_stay_fuzzy(folder: Path, run: Run) -> None:
    entries = edit(folder, run, ("November 1, 2025", "December 3, 2026"), ("within 14 days", "within 21 days"))

    dated = entries["The council met on December 3, 2026 to discuss the water network of the eastern neighbourhoods."]
    assert dated.fuzzy and dated.msgstr == "اجتمع المجلس في ٣ كانون الأول ٢٠٢٦ لمناقشة شبكة المياه في الأحياء الشرقية."
    assert lines(dated) == (
        "workflow: fuzzy: numbers or dates changed in the source (November -> December, 1 -> 3,"
        " 2025 -> 2026); patched in the translation: check it"
    )
    residents = [e for key, e in entries.items() if key.startswith("Residents") and not key.startswith("#~")][0]
    assert residents.fuzzy and residents.msgstr.endswith("ووعد المجلس بالرد خلال 21 يوماً.")


def test_patches_keep_separators_and_the_month_names_the_translation_uses() -> None:
    def patch(old: str, new: str, translation: str) -> str:
        change = classify_change(old, new, translation, "en", "ar")
        assert change is not None and change.kind == "numbers"
        return change.msgstr

    assert patch("1,250 people", "1,300 people", "١٬٢٥٠ شخصاً") == "١٬٣٠٠ شخصاً"
    assert patch("1,250 people", "1,300 people", "1250 شخصاً") == "1300 شخصاً"
    assert patch("In May 2025.", "In June 2025.", "في مايو 2025.") == "في يونيو 2025."
    assert patch("In May 2025.", "In June 2025.", "في أيار 2025.") == "في حزيران 2025."
    assert patch("٢٠٢٥", "٢٠٢٦", "2025") == "2026"


def test_a_number_the_translation_writes_in_words_is_not_patched() -> None:
    change = classify_change("Within 14 days.", "Within 21 days.", "خلال أسبوعين.", "en", "ar")

    assert change is None


def test_unchanged_sentences_keep_their_translations_and_new_ones_are_listed(folder: Path, run: Run) -> None:
    entries = edit(
        folder,
        run,
        (
            "They also asked for tanker deliveries in the meantime.",
            "They also asked for tanker deliveries in the meantime. Schools have had no water for a week.",
        ),
        ("The council promised an answer within 14 days.", ""),
    )

    entry = [e for key, e in entries.items() if key.startswith("Residents") and not key.startswith("#~")][0]
    assert entry.fuzzy
    assert entry.msgstr == "وطالب الأهالي بجدول زمني للإصلاحات. كما طالبوا بتوزيع المياه بالصهاريج ريثما تنتهي."
    assert lines(entry) == (
        "workflow: fuzzy: 2 of 3 sentences unchanged, translations kept (1, 2); new, to translate: 3. Schools have"
        " had no water for a week.; 1 removed sentence(s) dropped from the translation"
    )


def test_a_second_update_changes_nothing_and_notes_go_with_their_state(folder: Path, run: Run) -> None:
    edit(folder, run, ("eastern neighbourhoods", "eastern neighborhoods"), ("within 14 days", "within 21 days"))
    before = (folder / PO).read_bytes()

    assert run("update", "-l", "ar", "report.md", cwd=folder).stdout == ""
    assert (folder / PO).read_bytes() == before

    catalog = polib.pofile(str(folder / PO), wrapwidth=79)
    for entry in catalog:  # the translator reviews both: removes the review flag, clears fuzzy
        entry.flags = [flag for flag in entry.flags if flag not in ("review", "fuzzy")]
        entry.previous_msgid = None
    catalog.save()
    assert run("update", "-l", "ar", "report.md", cwd=folder).stdout == f"updated: {PO}\n"
    assert "workflow:" not in (folder / PO).read_text("utf-8")


def test_hint_setting_keeps_every_guess_out_of_the_msgstr(folder: Path, run: Run) -> None:
    entries = edit(
        folder,
        run,
        ("within 14 days", "within 21 days"),
        ("Water in Aleppo", "Water in Aleppo and Idlib"),
        config='fuzzy = "hint"\n',
    )

    guessed = [e for key, e in entries.items() if not key.startswith("#~") and "workflow: hint:" in e.tcomment]
    assert len(guessed) == 2 and all(not e.msgstr and not e.fuzzy and e.previous_msgid is None for e in guessed)
    title = entries["Water in Aleppo and Idlib"]
    assert (
        lines(title)
        == "workflow: hint: a similar string's translation; it translates: Water in Aleppo => المياه في حلب"
    )
    # The reviewed entries the guesses came from are kept, obsolete.
    assert entries["#~Water in Aleppo"].msgstr == "المياه في حلب"
    result = run("build", "-l", "ar", "report.md", cwd=folder)
    assert result.exit_code == 3 and result.stderr.count("[missing]") == 2 and "[fuzzy]" not in result.stderr
