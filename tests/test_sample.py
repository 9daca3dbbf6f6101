"""The shipped sample: both directions build with no missing string, and nothing churns."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, Run, msgfmt_check


def test_sample_builds_both_directions(project: Path, run: Run) -> None:
    result = run("build", cwd=project)

    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    arabic = (project / "build/ar/aleppo-civil-peace-dialogue.txt").read_text("utf-8")
    english = (project / "build/en/udhr.md").read_text("utf-8")
    assert arabic.startswith("حلب تستضيف الجلسة الحوارية السابعة")
    assert "Scroll to Top" not in arabic and arabic.endswith("التوتر.\n")
    assert english.startswith("<!-- Source:")
    assert "\n## Article 30\n" in english and "Universal Declaration of Human Rights" in english


def test_sample_seed_is_byte_identical_to_the_shared_report() -> None:
    shared = REPO.parent / "shared" / "seeds" / "000_ee137250d5f1537a.txt"
    if shared.exists():  # the shared folder sits beside the checkout in development and CI
        assert (REPO / "seeds/aleppo-civil-peace-dialogue.txt").read_bytes() == shared.read_bytes()


def test_sample_catalogs_are_complete_and_current(project: Path, run: Run) -> None:
    result = run("status", "--json", cwd=project)

    assert result.exit_code == 0
    rows = {(row["report"], row["language"]): row for row in __import__("json").loads(result.stdout)}
    assert set(rows) == {
        ("seeds/aleppo-civil-peace-dialogue.txt", "ar"), ("seeds/aleppo-dialogue-follow-up.txt", "ar"), ("seeds/udhr.ar.md", "en")
    }
    for row in rows.values():
        assert row["percent"] == 100.0 and not row["stale"] and row["untranslated"] == 0


def test_update_on_the_sample_writes_nothing(project: Path, run: Run) -> None:
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in (project / "locale").rglob("*.po*")}

    result = run("update", cwd=project)

    assert result.exit_code == 0
    assert result.stdout == ""
    after = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in (project / "locale").rglob("*.po*")}
    assert after == before


def test_sample_catalogs_pass_msgfmt_without_warnings() -> None:
    for path in (REPO / "locale").rglob("*.po"):
        assert msgfmt_check(path) == ""


def test_verify_proves_identity_on_the_sample(project: Path, run: Run) -> None:
    result = run("verify", cwd=project)

    assert result.exit_code == 0
    assert result.stdout == "verified 3 report(s): each rebuilds byte for byte\n"
