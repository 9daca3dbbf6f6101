"""`workflow glossary` on the sample: every term's uses and how each was translated."""

from __future__ import annotations

import json
from pathlib import Path

import polib
from conftest import Run


def test_glossary_lists_each_terms_uses_in_the_sample(project: Path, run: Run) -> None:
    result = run("glossary", "--json", cwd=project)

    assert result.exit_code == 0, result.stderr
    terms = {record["en"]: record for record in json.loads(result.stdout)}
    civil_peace = terms["civil peace"]
    assert civil_peace["ar"] == "السلم الأهلي"
    assert civil_peace["counts"] == {"approved": 4, "forbidden": 0, "missing": 0, "untranslated": 0}
    assert {use["path"] for use in civil_peace["uses"]} == {
        "locale/ar/LC_MESSAGES/aleppo-civil-peace-dialogue.po", "locale/ar/LC_MESSAGES/aleppo-dialogue-follow-up.po"
    }
    dignity = terms["dignity"]
    assert dignity["counts"]["approved"] >= 1
    assert all(use["language"] == "en" for use in dignity["uses"])


def test_glossary_text_output_names_locations(project: Path, run: Run) -> None:
    result = run("glossary", "-l", "ar", cwd=project)

    assert result.exit_code == 0
    assert "transitional justice = العدالة الانتقالية: 4 approved, 0 forbidden, 0 missing, 0 untranslated" in result.stdout
    assert "  locale/ar/LC_MESSAGES/aleppo-civil-peace-dialogue.po:141: approved: للعدالة الانتقالية" in result.stdout


def test_glossary_reports_a_forbidden_rendering(project: Path, run: Run) -> None:
    catalog = project / "locale/ar/LC_MESSAGES/aleppo-civil-peace-dialogue.po"
    catalog.write_text(catalog.read_text("utf-8").replace("«الأزمة»", "«الأحداث»"), encoding="utf-8")

    result = run("glossary", "--json", cwd=project)
    check = run("check", "-l", "ar", cwd=project)

    crisis = {record["en"]: record for record in json.loads(result.stdout)}["the crisis"]
    assert crisis["counts"]["forbidden"] == 1
    assert check.exit_code == 3
    assert "[term-forbidden]" in check.stdout


def test_glossary_without_a_configured_glossary_says_how_to_add_one(tmp_path: Path, run: Run) -> None:
    (tmp_path / "workflow.toml").write_text('sources = ["*.md"]\n', encoding="utf-8")

    result = run("glossary", cwd=tmp_path)

    assert result.exit_code == 1
    assert result.stderr.startswith("error: no glossary: set 'glossary' in [tool.workflow.checks]")


def _glossary_project(tmp_path: Path, run: Run, glossary: str, source: str, translation: str) -> Path:
    root = tmp_path / "p"
    (root / "docs").mkdir(parents=True)
    (root / "workflow.toml").write_text('sources = ["docs/*.md"]\n[checks]\nglossary = "g.csv"\n', "utf-8")
    (root / "g.csv").write_text(glossary, "utf-8")
    (root / "docs/a.md").write_text(source + "\n", "utf-8")
    assert run("update", cwd=root).exit_code == 0
    po = root / "locale/ar/LC_MESSAGES/a.po"
    catalog = polib.pofile(str(po))
    for entry in catalog:
        entry.msgstr = translation
    catalog.save()
    return root


def test_a_term_matches_in_either_digit_system(tmp_path: Path, run: Run) -> None:
    """The glossary says ٢٤ ساعة; a translation with Western digits (the default digits = "any" allows
    them) uses the approved term all the same."""
    root = _glossary_project(tmp_path, run, "en,ar,forbidden,note,keep\n24 hours,٢٤ ساعة,,,\n",
                             "Acknowledgment of the report within 24 hours", "الإقرار بالتقرير خلال 24 ساعة")

    glossary = run("glossary", cwd=root)
    check = run("check", cwd=root)

    assert "24 hours = ٢٤ ساعة: 1 approved, 0 forbidden, 0 missing, 0 untranslated" in glossary.stdout
    assert check.exit_code == 0, check.output


def test_a_keep_as_is_term_is_no_untranslated_latin_word(tmp_path: Path, run: Run) -> None:
    root = _glossary_project(tmp_path, run, "en,ar,forbidden,note,keep\nGitHub,,,,yes\n",
                             "Report the problem on GitHub today", "أبلغ عن المشكلة على GitHub اليوم")

    glossary = run("glossary", cwd=root)
    check = run("check", cwd=root)

    assert "GitHub (keep as is): 1 approved, 0 forbidden, 0 missing, 0 untranslated" in glossary.stdout
    assert "latin-untranslated" not in check.output and check.exit_code == 0, check.output
