"""``workflow build``: localized documents behind the missing-string gate."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import Result
from conftest import Run

REPORT = """\
---
title: Water in Aleppo
date: 2025-11-01
---

# Water in Aleppo

The council met on **Monday** to discuss the [water network](https://example.org/water).

- Repair the pumps in `Salaheddine`.
- Deliver water by tanker.

| District | Hours of water |
|----------|----------------|
| East     | Four           |

```sh
workflow build -l ar
```

> Water is life.
"""

ARABIC = {
    "Water in Aleppo": "المياه في حلب",
    "The council met on **Monday** to discuss the [water network](https://example.org/water).":
        "اجتمع المجلس يوم **الاثنين** لمناقشة [شبكة المياه](https://example.org/water).",
    "Repair the pumps in `Salaheddine`.": "إصلاح المضخات في `Salaheddine`.",
    "Deliver water by tanker.": "توزيع المياه بالصهاريج.",
    "District": "الحي",
    "Hours of water": "ساعات وصول المياه",
    "East": "الشرق",
    "Four": "أربع",
    "Water is life.": "الماء حياة.",
}

EXPECTED = """\
---
title: المياه في حلب
date: 2025-11-01
---

# المياه في حلب

اجتمع المجلس يوم **الاثنين** لمناقشة [شبكة المياه](https://example.org/water).

- إصلاح المضخات في `Salaheddine`.
- توزيع المياه بالصهاريج.

| الحي | ساعات وصول المياه |
|----------|----------------|
| الشرق     | أربع           |

```sh
workflow build -l ar
```

> الماء حياة.
"""

PO = "locale/ar/LC_MESSAGES/report.po"
OUTPUT = "build/ar/report.md"
BLOCKED = "1 segment(s) block the build; translate them or pass --allow-missing\n"


@pytest.fixture
def folder(tmp_path: Path, run: Run) -> Path:
    """A report with an up-to-date Arabic catalog, translated except for what each test removes."""
    root = tmp_path / "reports"
    root.mkdir()
    (root / "report.md").write_text(REPORT, "utf-8")
    result = run("update", "-l", "ar", "report.md", cwd=root)
    assert result.exit_code == 0, result.stderr
    edit(root / PO, lambda entry: setattr(entry, "msgstr", ARABIC[entry.msgid]))
    return root


def edit(path: Path, change: Callable[[polib.POEntry], object]) -> None:
    catalog = polib.pofile(str(path), wrapwidth=79)
    for entry in catalog:
        change(entry)
    catalog.save()


def untranslate(folder: Path, msgid: str) -> None:
    edit(folder / PO, lambda entry: setattr(entry, "msgstr", "") if entry.msgid == msgid else None)


def make_fuzzy(folder: Path, msgid: str) -> None:
    edit(folder / PO, lambda entry: entry.flags.append("fuzzy") if entry.msgid == msgid else None)


def build(run: Run, folder: Path, *args: str) -> Result:
    return run("build", "-l", "ar", *args, "report.md", cwd=folder)


def test_translated_markdown_report_keeps_its_structure(folder: Path, run: Run) -> None:
    result = build(run, folder)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote: {OUTPUT}\n"
    assert result.stderr == ""
    assert (folder / OUTPUT).read_text("utf-8") == EXPECTED


def test_second_build_writes_nothing(folder: Path, run: Run) -> None:
    build(run, folder)
    output = folder / OUTPUT
    before = (output.read_bytes(), output.stat().st_mtime_ns)

    result = build(run, folder)

    assert result.exit_code == 0
    assert result.stdout == f"unchanged: {OUTPUT}\n"
    assert (output.read_bytes(), output.stat().st_mtime_ns) == before


def test_missing_translation_stops_the_build(folder: Path, run: Run) -> None:
    untranslate(folder, "Deliver water by tanker.")

    result = build(run, folder)

    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == (
        f'report.md:11: error: missing translation in {PO}: "Deliver water by tanker." [missing]\n'
        f"not built: {OUTPUT} (88.9% translated)\n" + BLOCKED
    )
    assert not (folder / "build").exists()


def test_fuzzy_translation_stops_the_build(folder: Path, run: Run) -> None:
    make_fuzzy(folder, "The council met on **Monday** to discuss the [water network](https://example.org/water).")

    result = build(run, folder)

    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (
        f"report.md:8: error: fuzzy translation needs review in {PO}: "
        '"The council met on **Monday** to discuss the …" [fuzzy]'
    )
    assert not (folder / "build").exists()


def test_stale_catalog_stops_the_build(folder: Path, run: Run) -> None:
    source = folder / "report.md"
    source.write_text(REPORT.replace("> Water is life.", "> Water is life.\n\nThe next meeting is in December."), "utf-8")

    result = build(run, folder)

    assert result.exit_code == 3
    assert result.stderr == (
        f'report.md:23: error: not in {PO}, which is out of date: "The next meeting is in December."; '
        "run: workflow update -l ar report.md [stale]\n"
        f"not built: {OUTPUT} (90.0% translated)\n" + BLOCKED
    )
    assert not (folder / "build").exists()


def test_every_problem_gets_its_own_line_and_identical_segments_one(folder: Path, run: Run) -> None:
    untranslate(folder, "Water in Aleppo")  # front matter title and heading: one entry, one problem
    untranslate(folder, "East")
    make_fuzzy(folder, "Four")

    result = build(run, folder)

    assert result.exit_code == 3
    assert result.stderr == (
        f'report.md:2: error: missing translation in {PO}: "Water in Aleppo" [missing]\n'
        f'report.md:15: error: missing translation in {PO}: "East" [missing]\n'
        f'report.md:15: error: fuzzy translation needs review in {PO}: "Four" [fuzzy]\n'
        f"not built: {OUTPUT} (66.7% translated)\n"
        "3 segment(s) block the build; translate them or pass --allow-missing\n"
    )


def test_no_catalog_at_all_is_stale(tmp_path: Path, run: Run) -> None:
    (tmp_path / "notes.txt").write_text("Short notes\n\nOne paragraph.\n", "utf-8")

    result = run("build", "-l", "ar", "notes.txt", cwd=tmp_path)

    assert result.exit_code == 3
    assert result.stderr.splitlines()[:2] == [
        'notes.txt:1: error: no catalog locale/ar/LC_MESSAGES/notes.po yet: "Short notes"; '
        "run: workflow update -l ar notes.txt [stale]",
        'notes.txt:3: error: no catalog locale/ar/LC_MESSAGES/notes.po yet: "One paragraph."; '
        "run: workflow update -l ar notes.txt [stale]",
    ]


def test_allow_missing_uses_the_source_text_and_lists_each_fallback(folder: Path, run: Run) -> None:
    untranslate(folder, "Deliver water by tanker.")
    make_fuzzy(folder, "Water is life.")

    result = build(run, folder, "--allow-missing")

    assert result.exit_code == 0
    assert result.stdout == f"wrote: {OUTPUT}\n"
    assert result.stderr == (
        f"report.md:11: warning: missing translation in {PO}; using the source text: "
        '"Deliver water by tanker." [missing]\n'
        f"report.md:21: warning: fuzzy translation needs review in {PO}; using the source text: "
        '"Water is life." [fuzzy]\n'
    )
    expected = EXPECTED.replace("- توزيع المياه بالصهاريج.", "- Deliver water by tanker.")
    assert (folder / OUTPUT).read_text("utf-8") == expected.replace("> الماء حياة.", "> Water is life.")


def test_min_translated_builds_above_the_threshold_with_warnings(folder: Path, run: Run) -> None:
    untranslate(folder, "Deliver water by tanker.")  # 8 of 9 segments: 88.9%

    result = build(run, folder, "--min-translated", "85")

    assert result.exit_code == 0
    assert result.stdout == f"wrote: {OUTPUT}\n"
    assert result.stderr == (
        f"report.md:11: warning: missing translation in {PO}; using the source text: "
        '"Deliver water by tanker." [missing]\n'
    )
    assert "- Deliver water by tanker.\n" in (folder / OUTPUT).read_text("utf-8")


def test_min_translated_blocks_below_the_threshold(folder: Path, run: Run) -> None:
    untranslate(folder, "Deliver water by tanker.")

    result = build(run, folder, "--min-translated", "90")

    assert result.exit_code == 3
    assert result.stderr.startswith("report.md:11: error: missing translation")
    assert f"not built: {OUTPUT} (88.9% translated)\n" in result.stderr
    assert not (folder / "build").exists()


def test_min_translated_out_of_range_is_a_usage_error(folder: Path, run: Run) -> None:
    result = build(run, folder, "--min-translated", "120")

    assert result.exit_code == 2
    assert "120" in result.stderr.splitlines()[-1]


def test_json_lists_problems_with_location_language_kind_and_msgid(folder: Path, run: Run) -> None:
    untranslate(folder, "Deliver water by tanker.")
    make_fuzzy(folder, "Water is life.")

    result = build(run, folder, "--json")

    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert [
        {key: problem[key] for key in ("path", "line", "language", "kind", "msgid", "severity", "catalog")}
        for problem in data["problems"]
    ] == [
        {"path": "report.md", "line": 11, "language": "ar", "kind": "missing", "msgid": "Deliver water by tanker.",
         "severity": "error", "catalog": PO},
        {"path": "report.md", "line": 21, "language": "ar", "kind": "fuzzy", "msgid": "Water is life.",
         "severity": "error", "catalog": PO},
    ]
    assert data["reports"] == [
        {"report": "report.md", "language": "ar", "output": OUTPUT, "catalog": PO, "percent": 77.8,
         "built": False, "written": False, "problems": 2}
    ]


def test_json_on_success_has_no_problems(folder: Path, run: Run) -> None:
    result = build(run, folder, "--json")

    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["ok"], data["problems"], data["reports"][0]["written"]) == (True, [], True)


def test_build_dir_and_locale_dir_options(folder: Path, run: Run) -> None:
    (folder / "locale").rename(folder / "i18n")

    result = build(run, folder, "--locale-dir", "i18n", "--build-dir", "public")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "wrote: public/ar/report.md\n"
    assert (folder / "public/ar/report.md").read_text("utf-8") == EXPECTED
    assert not (folder / "build").exists()


def test_arabic_source_builds_to_english_without_the_language_suffix(tmp_path: Path, run: Run) -> None:
    (tmp_path / "udhr.ar.md").write_text("## المادة 1\n\nيولد جميع الناس أحرارًا.\n", "utf-8")
    assert run("update", "udhr.ar.md", cwd=tmp_path).exit_code == 0
    edit(
        tmp_path / "locale/en/LC_MESSAGES/udhr.po",
        lambda entry: setattr(entry, "msgstr", {"المادة 1": "Article 1"}.get(entry.msgid, "All are born free.")),
    )

    result = run("build", "udhr.ar.md", cwd=tmp_path)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "wrote: build/en/udhr.md\n"
    assert (tmp_path / "build/en/udhr.md").read_text("utf-8") == "## Article 1\n\nAll are born free.\n"
    assert not (tmp_path / "build/ar").exists()


def test_a_blocked_report_does_not_stop_the_others(folder: Path, run: Run) -> None:
    (folder / "other.txt").write_text("Another report\n\nNothing translated here.\n", "utf-8")
    assert run("update", "-l", "ar", "other.txt", cwd=folder).exit_code == 0

    result = run("build", "-l", "ar", "report.md", "other.txt", cwd=folder)

    assert result.exit_code == 3
    assert result.stdout == f"wrote: {OUTPUT}\n"
    assert "not built: build/ar/other.txt (0.0% translated)\n" in result.stderr
    assert not (folder / "build/ar/other.txt").exists()
