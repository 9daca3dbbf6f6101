"""Bad input: exit 1 and one ``path:line: error: ...`` line, no traceback, no file touched; and odd input that works."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import Result
from conftest import DATA, Run, msgfmt_check

from workflow.lock import LOCK_NAME

ERRORS = DATA / "errors"
PO = "locale/ar/LC_MESSAGES/report.po"
READERS = ("status", "build")
"""Commands that read sources and catalogs and print nothing but the error when one is broken."""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """report.md with a complete, valid Arabic catalog (tests/data/errors/valid.po)."""
    root = tmp_path / "reports"
    (root / "locale/ar/LC_MESSAGES").mkdir(parents=True)
    shutil.copy(ERRORS / "report.md", root / "report.md")
    shutil.copy(ERRORS / "valid.po", root / PO)
    return root


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != LOCK_NAME  # the empty lock file of writing commands is not content
    }


def assert_error(result: Result, line: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr == line + "\n"
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", READERS)
def test_the_valid_catalog_works(folder: Path, run: Run, command: str) -> None:
    """The control case: every broken catalog below differs from this one in one place."""
    result = run(command, "-l", "ar", "report.md", cwd=folder)

    assert result.exit_code == 0, result.stderr
    assert msgfmt_check(folder / PO) == ""


BROKEN_CATALOGS = {
    "unterminated-string.po": f"{PO}:25: error: unterminated string",
    "bad-escape.po": f"{PO}:25: error: invalid escape sequence '\\p' in string",
    "not-a-po-file.po": f"{PO}:1: error: unknown keyword 'Water'; this does not look like a PO file",
    "missing-msgstr.po": f"{PO}:19: error: msgid without msgstr",
    "conflict-markers.po": (
        f"{PO}:24: error: git conflict marker; resolve the merge conflict before using this catalog"
    ),
    "wrong-language.po": f"{PO}:10: error: Language header says 'fa' but the catalog is in the 'ar' folder",
    "duplicate-msgid.po": f'{PO}:27: error: duplicate entry for "The council met on Monday." (first at line 22)',
}


@pytest.mark.invalid_catalogs
@pytest.mark.parametrize("command", READERS)
@pytest.mark.parametrize("name", BROKEN_CATALOGS)
def test_broken_catalog_is_one_error_line_naming_its_line(folder: Path, run: Run, command: str, name: str) -> None:
    shutil.copy(ERRORS / name, folder / PO)
    before = snapshot(folder)

    result = run(command, "-l", "ar", "report.md", cwd=folder)

    assert_error(result, BROKEN_CATALOGS[name])
    assert snapshot(folder) == before


@pytest.mark.invalid_catalogs
@pytest.mark.parametrize("name", BROKEN_CATALOGS)
def test_update_refuses_a_broken_catalog_and_writes_nothing(folder: Path, run: Run, name: str) -> None:
    shutil.copy(ERRORS / name, folder / PO)
    (folder / "report.md").write_text("# Water in Aleppo\n\nThe council met on Tuesday.\n", "utf-8")
    before = snapshot(folder)

    result = run("update", "-l", "ar", "report.md", cwd=folder)

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == BROKEN_CATALOGS[name]
    assert snapshot(folder) == before  # not even the template, though the source changed
    assert "Traceback" not in result.output


@pytest.mark.invalid_catalogs
def test_update_prints_nothing_but_the_error(folder: Path, run: Run) -> None:
    shutil.copy(ERRORS / "conflict-markers.po", folder / PO)

    result = run("update", "-l", "ar", "report.md", cwd=folder)

    assert_error(result, BROKEN_CATALOGS["conflict-markers.po"])


@pytest.mark.invalid_catalogs
def test_broken_template_is_named_by_update(folder: Path, run: Run) -> None:
    (folder / "locale/report.pot").write_text('msgid ""\nmsgstr ""\n\nmsgid "Water in Aleppo\nmsgstr ""\n', "utf-8")
    before = snapshot(folder)

    result = run("update", "-l", "ar", "report.md", cwd=folder)

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "locale/report.pot:4: error: unterminated string"
    assert snapshot(folder) == before


def test_utf8_text_under_a_non_utf8_charset_header(folder: Path, run: Run) -> None:
    po = folder / PO
    po.write_text(po.read_text("utf-8").replace("charset=UTF-8", "charset=CP1256"), "utf-8")

    result = run("status", "-l", "ar", "report.md", cwd=folder)

    assert_error(result, f"{PO}:12: error: catalog declares charset 'cp1256'; convert it with: msgconv --to-code=UTF-8")


def test_ascii_catalog_under_a_legacy_charset_is_fine(folder: Path, run: Run) -> None:
    po = folder / PO
    catalog = polib.pofile(str(po), wrapwidth=79)
    for entry in catalog:
        entry.msgstr = ""
    catalog.metadata["Content-Type"] = "text/plain; charset=ISO-8859-1"
    catalog.save()

    result = run("status", "-l", "ar", "report.md", cwd=folder)

    assert result.exit_code == 0


def _translations(catalog: polib.POFile) -> set[str]:
    return {entry.msgstr for entry in catalog if entry.msgstr} - {catalog.metadata_as_entry().msgstr}


def test_a_catalog_in_a_legacy_charset_is_read_in_it_and_written_back_in_utf8(folder: Path, run: Run) -> None:
    """As msgmerge does: ISO-8859-6 Arabic is read as such, and the first write converts it, keeping every
    translation (as an entry, a fuzzy entry's translation or an obsolete one)."""
    shutil.copy(ERRORS / "iso-8859-6.po", folder / PO)
    legacy = polib.pofile(str(ERRORS / "iso-8859-6.po"))  # polib decodes with the declared charset
    assert "المياه في حلب" in _translations(legacy)
    assert run("status", "-l", "ar", "report.md", cwd=folder).exit_code == 0
    report = folder / "report.md"
    report.write_text(report.read_text("utf-8").replace("Monday", "Tuesday"), "utf-8")

    result = run("update", "-l", "ar", "report.md", cwd=folder)

    assert result.exit_code == 0, result.stderr
    written = (folder / PO).read_bytes().decode("utf-8")
    assert "charset=UTF-8" in written and "ISO-8859-6" not in written
    assert msgfmt_check(folder / PO) == ""
    assert _translations(legacy) <= _translations(polib.pofile(str(folder / PO)))
    before = snapshot(folder)
    assert run("update", "-l", "ar", "report.md", cwd=folder).exit_code == 0
    assert snapshot(folder) == before


@pytest.mark.parametrize("charset", ["CP1256", "ISO-8859-6"])
def test_merge_reads_a_legacy_charset_as_msgmerge_does(folder: Path, run: Run, tmp_path: Path, charset: str) -> None:
    valid = (ERRORS / "valid.po").read_text("utf-8").replace("charset=UTF-8", f"charset={charset}")
    legacy = tmp_path / "legacy.po"
    legacy.write_bytes(valid.encode(charset))
    assert run("update", "-l", "ar", "report.md", cwd=folder).exit_code == 0
    template = folder / "locale/report.pot"
    ours, gnu = tmp_path / "ours.po", tmp_path / "gnu.po"

    result = run("merge", str(legacy), str(template), "-o", str(ours), cwd=folder)
    subprocess.run(["msgmerge", "--quiet", "-o", str(gnu), str(legacy), str(template)], check=True)

    assert result.exit_code == 0, result.stderr
    assert msgfmt_check(ours) == ""
    assert "charset=UTF-8" in ours.read_text("utf-8")
    entries = lambda path: [(e.msgid, e.msgstr, e.fuzzy, e.obsolete) for e in polib.pofile(str(path))]
    assert entries(ours) == entries(gnu)


def test_a_catalog_labelled_ascii_is_relabelled_when_it_gains_arabic(folder: Path, run: Run, tmp_path: Path) -> None:
    """An English catalog of an Arabic report may start as ASCII; its first Arabic msgid makes it UTF-8, as
    msgmerge relabels it: a UTF-8 file that says ASCII fails msgfmt and cannot be read back."""
    ascii_po = tmp_path / "en.po"
    ascii_po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ASCII\\n"\n"Language: en\\n"\n\n'
                        'msgid "Water"\nmsgstr "Water"\n', "ascii")
    template = tmp_path / "ar.pot"
    template.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                        'msgid "Water"\nmsgstr ""\n\nmsgid "المياه في حلب"\nmsgstr ""\n', "utf-8")
    merged = tmp_path / "merged.po"

    result = run("merge", str(ascii_po), str(template), "-o", str(merged), cwd=folder)

    assert result.exit_code == 0, result.stderr
    assert "charset=UTF-8" in merged.read_text("utf-8")
    msgfmt_check(merged)  # warns only of the header fields this minimal catalog lacks
    assert run("merge", str(merged), str(template), cwd=folder).exit_code == 0


@pytest.mark.invalid_catalogs
def test_utf16_catalog(folder: Path, run: Run) -> None:
    po = folder / PO
    po.write_bytes(po.read_text("utf-8").encode("utf-16"))

    result = run("status", "-l", "ar", "report.md", cwd=folder)

    assert_error(result, f"{PO}:1: error: file is UTF-16; convert it to UTF-8 (for example: iconv -f UTF-16 -t UTF-8)")


@pytest.mark.parametrize("command", (*READERS, "update"))
def test_invalid_utf8_in_a_source_names_its_line(folder: Path, run: Run, command: str) -> None:
    """A report saved as Windows-1256, the old Arabic Windows code page, on its third line."""
    (folder / "report.md").write_bytes(b"# Water in Aleppo\n\n" + "اجتمع المجلس.\n".encode("cp1256"))
    before = snapshot(folder)

    result = run(command, "-l", "ar", "report.md", cwd=folder)

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "report.md:3: error: invalid UTF-8 (byte 0xc7); save the file as UTF-8"
    if command != "update":
        assert_error(result, "report.md:3: error: invalid UTF-8 (byte 0xc7); save the file as UTF-8")
    assert snapshot(folder) == before


@pytest.mark.parametrize("command", (*READERS, "update"))
def test_missing_source_file_is_named(folder: Path, run: Run, command: str) -> None:
    before = snapshot(folder)

    result = run(command, "-l", "ar", "no-such-report.md", cwd=folder)

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "no-such-report.md: error: no such source file"
    if command != "update":
        assert_error(result, "no-such-report.md: error: no such source file")
    assert snapshot(folder) == before


def test_utf16_source(folder: Path, run: Run) -> None:
    (folder / "report.md").write_bytes("# Water in Aleppo\n".encode("utf-16"))

    result = run("build", "-l", "ar", "report.md", cwd=folder)

    assert_error(result, "report.md:1: error: file is UTF-16; convert it to UTF-8 (for example: iconv -f UTF-16 -t UTF-8)")


def test_source_with_a_bom_works_and_keeps_the_bom(folder: Path, run: Run) -> None:
    (folder / "report.md").write_bytes(b"\xef\xbb\xbf" + (ERRORS / "report.md").read_bytes())

    update = run("update", "-l", "ar", "report.md", cwd=folder)
    build = run("build", "-l", "ar", "report.md", cwd=folder)

    assert update.exit_code == 0 and build.exit_code == 0, update.stderr + build.stderr
    assert update.stdout == "created: locale/report.pot\n"  # the catalog was already current
    assert [entry.msgid for entry in polib.pofile(str(folder / "locale/report.pot"))] == [
        "Water in Aleppo",
        "The council met on Monday.",
    ]
    assert (folder / "build/ar/report.md").read_bytes() == (
        "\ufeff# المياه في حلب\n\nاجتمع المجلس يوم الاثنين.\n".encode("utf-8")
    )


def test_crlf_source_works_and_keeps_crlf(folder: Path, run: Run) -> None:
    (folder / "report.md").write_bytes(b"# Water in Aleppo\r\n\r\nThe council met\r\non Monday.\r\n")

    update = run("update", "-l", "ar", "report.md", cwd=folder)
    build = run("build", "-l", "ar", "report.md", cwd=folder)

    assert update.exit_code == 0 and build.exit_code == 0, update.stderr + build.stderr
    assert "\r" not in (folder / PO).read_text("utf-8")
    assert (folder / "build/ar/report.md").read_bytes() == (
        "# المياه في حلب\r\n\r\nاجتمع المجلس يوم الاثنين.\r\n".encode()
    )


def test_empty_source_works(tmp_path: Path, run: Run) -> None:
    (tmp_path / "empty.md").write_bytes(b"")

    update = run("update", "-l", "ar", "empty.md", cwd=tmp_path)
    build = run("build", "-l", "ar", "empty.md", cwd=tmp_path)

    assert (update.exit_code, build.exit_code) == (0, 0)
    assert list(polib.pofile(str(tmp_path / "locale/ar/LC_MESSAGES/empty.po"))) == []
    assert msgfmt_check(tmp_path / "locale/ar/LC_MESSAGES/empty.po") == ""
    assert (tmp_path / "build/ar/empty.md").read_bytes() == b""
    assert build.stdout == "wrote: build/ar/empty.md\n"


@pytest.mark.invalid_catalogs
@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("broken", ["source", "catalog"])
def test_update_writes_nothing_when_one_report_fails(tmp_path: Path, run: Run, jobs: str, broken: str) -> None:
    """Twelve reports, one unreadable: the other eleven keep their files as they were, on one core or on
    several (where each worker's files wait for the whole run), and the message says so."""
    root = tmp_path / "archive"
    (root / "reports").mkdir(parents=True)
    (root / "workflow.toml").write_text('sources = ["reports/*.md"]\n', "utf-8")
    for number in range(12):
        (root / f"reports/r{number:02}.md").write_text(f"# Report {number}\n\nThe council met on day {number}.\n", "utf-8")
    assert run("update", cwd=root).exit_code == 0
    for number in range(12):
        path = root / f"reports/r{number:02}.md"
        path.write_text(path.read_text("utf-8") + "\nResidents asked for a timetable.\n", "utf-8")
    if broken == "source":
        (root / "reports/r07.md").write_bytes("# تقرير\n".encode("cp1256"))
        first = "reports/r07.md:1: error: invalid UTF-8 (byte 0xca); save the file as UTF-8"
    else:
        po = root / "locale/ar/LC_MESSAGES/r07.po"
        text = po.read_text("utf-8") + '\nmsgid "unterminated\n'
        po.write_text(text, "utf-8")
        first = f"locale/ar/LC_MESSAGES/r07.po:{text.count(chr(10))}: error: unterminated string"
    before = snapshot(root)

    result = run("update", "--jobs", jobs, cwd=root)

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        first, "nothing written (22 file(s) left as they were); fix the error(s) above and run: workflow update"
    ]
    assert snapshot(root) == before
    assert not list(root.rglob("*.tmp"))


@pytest.mark.parametrize("command", ["check", "release"])
def test_an_unreadable_source_without_a_catalog_is_bad_input(folder: Path, run: Run, command: str) -> None:
    """Not "no catalog; run workflow update" (update cannot make one) and not exit 3, though another report has
    gaps: the unreadable source is the error to fix first."""
    (folder / "workflow.toml").write_text('sources = ["*.md"]\n', "utf-8")
    (folder / "notes.md").write_bytes("# ملاحظات\n".encode("cp1256"))
    (folder / "untranslated.md").write_text("# Not translated yet\n", "utf-8")  # a gap too: exit 3 alone

    result = run(command, cwd=folder)

    assert result.exit_code == 1, result.output
    assert "notes.md:1: error: invalid UTF-8 (byte 0xe3); save the file as UTF-8" in result.stderr.splitlines()
    assert "no catalog for notes.md" not in result.output
