"""``workflow status``: progress per report and language, and whether the catalog is stale."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from click.testing import Result
from conftest import Run

REPORT = """\
Water in Aleppo

The council met on Monday to discuss the water network.

Residents asked for a timetable of the repairs.

Tanker deliveries will continue until the pumps are repaired.

The council met on Monday to discuss the water network.
"""

PO = "locale/ar/LC_MESSAGES/report.po"


@pytest.fixture
def folder(tmp_path: Path, run: Run) -> Path:
    """Four distinct segments: one translated, one fuzzy, two untranslated; one obsolete entry."""
    root = tmp_path / "reports"
    root.mkdir()
    (root / "report.txt").write_text(REPORT, "utf-8")
    assert run("update", "-l", "ar", "report.txt", cwd=root).exit_code == 0
    catalog = polib.pofile(str(root / PO), wrapwidth=79)
    for entry in catalog:
        if entry.msgid == "Water in Aleppo":
            entry.msgstr = "المياه في حلب"
        elif entry.msgid.startswith("Residents"):
            entry.msgstr = "وطالب الأهالي بجدول زمني للإصلاحات."
            entry.flags.append("fuzzy")
    catalog.append(polib.POEntry(msgid="An old paragraph.", msgstr="فقرة قديمة.", obsolete=True))
    catalog.save()
    return root


def status(run: Run, folder: Path, *args: str) -> Result:
    return run("status", "-l", "ar", *args, "report.txt", cwd=folder)


def test_table(folder: Path, run: Run) -> None:
    result = status(run, folder)

    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == (
        "report      lang  segments  words  done  fuzzy  todo  obsolete     %  stale\n"
        "report.txt  ar           4     30     1      1     2         1  25.0     no\n"
    )


def test_json_fields(folder: Path, run: Run) -> None:
    result = status(run, folder, "--json")

    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {
            "report": "report.txt",
            "language": "ar",
            "catalog": PO,
            "segments": 4,
            "words": 30,
            "translated": 1,
            "fuzzy": 1,
            "untranslated": 2,
            "obsolete": 1,
            "percent": 25.0,
            "stale": False,
        }
    ]


def test_stale_after_editing_the_source_and_not_after_update(folder: Path, run: Run) -> None:
    source = folder / "report.txt"
    source.write_text(REPORT.replace("Residents asked", "Residents of Salaheddine asked"), "utf-8")

    row = json.loads(status(run, folder, "--json").stdout)[0]

    assert (row["stale"], row["translated"], row["fuzzy"], row["untranslated"]) == (True, 1, 0, 3)

    assert run("update", "-l", "ar", "report.txt", cwd=folder).exit_code == 0
    row = json.loads(status(run, folder, "--json").stdout)[0]

    assert (row["stale"], row["translated"], row["fuzzy"], row["untranslated"]) == (False, 1, 1, 2)


def test_stale_when_a_segment_left_the_source(folder: Path, run: Run) -> None:
    (folder / "report.txt").write_text(REPORT.replace("Residents asked for a timetable of the repairs.\n\n", ""), "utf-8")

    row = json.loads(status(run, folder, "--json").stdout)[0]

    assert (row["segments"], row["stale"]) == (3, True)


def test_line_moves_alone_do_not_make_a_catalog_stale(folder: Path, run: Run) -> None:
    (folder / "report.txt").write_text(REPORT.replace("Water in Aleppo\n", "Water in Aleppo\n\n\n"), "utf-8")

    row = json.loads(status(run, folder, "--json").stdout)[0]

    assert row["stale"] is False


def test_language_without_a_catalog(folder: Path, run: Run) -> None:
    result = run("status", "-l", "ar", "-l", "fr", "--json", "report.txt", cwd=folder)

    assert result.exit_code == 0
    french = json.loads(result.stdout)[1]
    assert french == {
        "report": "report.txt",
        "language": "fr",
        "catalog": "locale/fr/LC_MESSAGES/report.po",
        "segments": 4,
        "words": 30,
        "translated": 0,
        "fuzzy": 0,
        "untranslated": 4,
        "obsolete": 0,
        "percent": 0.0,
        "stale": True,
    }
    assert not (folder / "locale/fr").exists()


def test_status_writes_nothing(folder: Path, run: Run) -> None:
    before = {path: path.stat().st_mtime_ns for path in folder.rglob("*")}

    status(run, folder)
    status(run, folder, "--json")

    assert {path: path.stat().st_mtime_ns for path in folder.rglob("*")} == before


def test_empty_report_is_complete(tmp_path: Path, run: Run) -> None:
    (tmp_path / "empty.md").write_text("", "utf-8")
    assert run("update", "-l", "ar", "empty.md", cwd=tmp_path).exit_code == 0

    row = json.loads(run("status", "-l", "ar", "--json", "empty.md", cwd=tmp_path).stdout)[0]

    assert (row["segments"], row["percent"], row["stale"]) == (0, 100.0, False)
