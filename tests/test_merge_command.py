"""``workflow merge DEF.po REF.pot``: msgmerge's results on any catalogs, with the indexed fuzzy search."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from conftest import ARABIC_HEADER, DATA, Run

from workflow import fuzzy as fuzzy_module
from workflow.catalog import parse_catalog, render_catalog
from workflow.fuzzy import FuzzyMatcher
from workflow.merge import merge_catalog

sys.path.insert(0, str(Path(__file__).resolve().parent / "benchmarks"))
from corpus import large_catalog_pair  # noqa: E402
from test_msgmerge_compat import catalogs  # noqa: E402

CASES = DATA / "catalogs"


def entries(path: Path) -> list[tuple[str | None, str, str, bool, bool, str | None]]:
    catalog = parse_catalog(path.read_text("utf-8"), path.name)
    return [(e.msgctxt, e.msgid, e.msgstr, e.fuzzy, bool(e.obsolete), e.previous_msgid) for e in catalog]


def msgmerge(old: Path, template: Path, output: Path, *options: str) -> Path:
    subprocess.run(["msgmerge", "--quiet", *options, "-o", str(output), str(old), str(template)], check=True)
    return output


def test_merge_writes_what_msgmerge_previous_keeps_fuzzies_and_obsoletes(tmp_path: Path, run: Run) -> None:
    old, template = CASES / "aleppo/old.po", CASES / "aleppo/new.pot"

    result = run("merge", "--previous", str(old), str(template), "-o", "ours.po", cwd=tmp_path)

    assert result.exit_code == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")
    gnu = entries(msgmerge(old, template, tmp_path / "gnu.po", "--previous"))
    ours = entries(tmp_path / "ours.po")
    assert without_kept_comments(old, ours) == gnu
    assert sum(e[3] for e in ours) >= 3 and sum(e[4] for e in ours) >= 3


def without_kept_comments(old: Path, merged: list[tuple]) -> list[tuple]:  # type: ignore[type-arg]
    """Our one deliberate difference (tests/test_msgmerge_compat.py): untranslated entries with a translator
    comment are kept, as obsolete, where msgmerge drops them."""
    commented = {(e.msgctxt, e.msgid) for e in polib.pofile(str(old)) if e.tcomment and not e.msgstr}
    return [e for e in merged if (e[0], e[1]) not in commented or not e[4]]


def test_merge_without_previous_drops_previous_msgids_as_msgmerge_does(tmp_path: Path, run: Run) -> None:
    old, template = CASES / "udhr/old.po", CASES / "udhr/new.pot"

    result = run("merge", str(old), str(template), "-o", "ours.po", cwd=tmp_path)

    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "ours.po").read_text("utf-8")
    assert "#| " not in text and "#~| " not in text
    gnu = entries(msgmerge(old, template, tmp_path / "gnu.po"))
    assert without_kept_comments(old, entries(tmp_path / "ours.po")) == gnu


def test_output_to_stdout_by_default_and_with_dash(tmp_path: Path, run: Run) -> None:
    old, template = CASES / "aleppo/old.po", CASES / "aleppo/new.pot"
    run("merge", "--previous", str(old), str(template), "-o", "file.po", cwd=tmp_path)

    dash = run("merge", "--previous", str(old), str(template), "-o", "-", cwd=tmp_path)
    plain = run("merge", "--previous", str(old), str(template), cwd=tmp_path)

    assert dash.exit_code == plain.exit_code == 0
    assert dash.stdout_bytes == plain.stdout_bytes == (tmp_path / "file.po").read_bytes()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["file.po"]  # no temporary file left behind


def test_update_in_place_writes_def_po_as_msgmerge_u_does_and_only_when_it_changes(tmp_path: Path, run: Run) -> None:
    old, template = CASES / "aleppo/old.po", CASES / "aleppo/new.pot"
    ours, gnu = tmp_path / "ours.po", tmp_path / "gnu.po"
    ours.write_bytes(old.read_bytes())
    gnu.write_bytes(old.read_bytes())
    run("merge", "--previous", str(old), str(template), "-o", "expected.po", cwd=tmp_path)

    result = run("merge", "-U", "--previous", "ours.po", str(template), cwd=tmp_path)

    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert ours.read_bytes() == (tmp_path / "expected.po").read_bytes()
    subprocess.run(["msgmerge", "--quiet", "-U", "--previous", str(gnu), str(template)], check=True)
    assert without_kept_comments(old, entries(ours)) == entries(gnu)
    before = ours.stat()
    again = run("merge", "--update", "--previous", "ours.po", str(template), cwd=tmp_path)
    assert again.exit_code == 0
    assert (ours.stat().st_mtime_ns, ours.stat().st_ino) == (before.st_mtime_ns, before.st_ino)  # not rewritten
    # msgmerge -U keeps the old file as DEF.po~ (GNU's default --backup=existing), and so do we, once
    assert sorted(path.name for path in tmp_path.iterdir()) == ["expected.po", "gnu.po", "gnu.po~", "ours.po", "ours.po~"]
    assert (tmp_path / "ours.po~").read_bytes() == (tmp_path / "gnu.po~").read_bytes() == old.read_bytes()


@pytest.mark.parametrize(("options", "environment", "copies"), [
    (["--backup=none"], {}, []),
    (["--backup=off"], {"VERSION_CONTROL": "numbered"}, []),
    ([], {"VERSION_CONTROL": "off"}, []),
    (["--backup=simple", "--suffix=.bak"], {}, ["ar.po.bak"]),
    ([], {"SIMPLE_BACKUP_SUFFIX": ".orig"}, ["ar.po.orig"]),
    (["--backup=numbered"], {}, ["ar.po.~1~", "ar.po.~2~"]),
    (["--backup=t"], {}, ["ar.po.~1~", "ar.po.~2~"]),
    (["--backup=existing"], {}, ["ar.po~"]),
], ids=lambda value: " ".join(value) if isinstance(value, list) else str(value))
def test_update_in_place_backs_up_def_po_as_gnu_tools_do(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch, options: list[str], environment: dict[str, str],
    copies: list[str],
) -> None:
    """Each run replaces ar.po (the second one merges a template with one more string)."""
    old, template = CASES / "aleppo/old.po", CASES / "aleppo/new.pot"
    catalog = tmp_path / "ar.po"
    catalog.write_bytes(old.read_bytes())
    bigger = polib.pofile(str(template))
    bigger.append(polib.POEntry(msgid="One more paragraph.", msgstr=""))
    bigger.save(str(tmp_path / "bigger.pot"))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    first = run("merge", "-U", *options, "ar.po", str(template), cwd=tmp_path)
    after_first = catalog.read_bytes()
    second = run("merge", "-U", *options, "ar.po", "bigger.pot", cwd=tmp_path)

    assert first.exit_code == second.exit_code == 0, first.stderr + second.stderr
    backups = sorted(path.name for path in tmp_path.iterdir() if path.name not in ("ar.po", "bigger.pot"))
    assert backups == copies
    if copies:  # a simple backup is the file before the last run; numbered ones are each earlier file
        assert (tmp_path / copies[-1]).read_bytes() == after_first
        assert [(tmp_path / name).read_bytes() for name in copies[:-1]] == [old.read_bytes()] * (len(copies) - 1)


@pytest.mark.parametrize(("options", "environment", "copies"), [
    (["--backup", "numbered"], {}, ["def.po.~1~"]),
    (["--backup=simple"], {"VERSION_CONTROL": "numbered"}, ["def.po~"]),
    ([], {"VERSION_CONTROL": "numbered"}, ["def.po.~1~"]),
    (["--backup"], {}, None),  # msgmerge's --backup requires a value: here it takes "def.po", and ref.pot is alone
], ids=lambda value: " ".join(value) if isinstance(value, list) else str(value))
def test_backup_takes_its_control_as_gnu_msgmerge_does(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch, options: list[str], environment: dict[str, str],
    copies: list[str] | None,
) -> None:
    """GNU msgmerge declares --backup with a required argument (getopt's required_argument; --help shows
    --backup=CONTROL), unlike cp's optional --backup[=CONTROL]: ``--backup CONTROL`` and ``--backup=CONTROL``
    both name the control, and a bare ``--backup`` takes the next argument. Each command line goes to both."""
    old, template = CASES / "aleppo/old.po", CASES / "aleppo/new.pot"
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    (tmp_path / "ours").mkdir()
    (tmp_path / "gnu").mkdir()
    for folder in (tmp_path / "ours", tmp_path / "gnu"):
        (folder / "def.po").write_bytes(old.read_bytes())

    ours = run("merge", "-U", *options, "def.po", str(template), cwd=tmp_path / "ours")
    gnu = subprocess.run(["msgmerge", "--quiet", "-U", *options, "def.po", str(template)], cwd=tmp_path / "gnu",
                         capture_output=True, text=True, check=False)

    assert (ours.exit_code == 0, gnu.returncode == 0) == (copies is not None,) * 2, ours.stderr + gnu.stderr
    for folder in (tmp_path / "ours", tmp_path / "gnu"):
        assert sorted(path.name for path in folder.iterdir()) == sorted(["def.po", *(copies or [])])
        for name in copies or []:
            assert (folder / name).read_bytes() == old.read_bytes()
    if copies is None:
        assert ours.exit_code == 2 and "Invalid value for '--backup': 'def.po'" in ours.stderr
        assert (tmp_path / "ours/def.po").read_bytes() == old.read_bytes()


def test_update_in_place_with_an_output_file_is_a_usage_error(tmp_path: Path, run: Run) -> None:
    old, template = CASES / "aleppo/old.po", CASES / "aleppo/new.pot"
    result = run("merge", "-U", "-o", "out.po", str(old), str(template), cwd=tmp_path)
    assert result.exit_code == 2
    assert "-U writes the result to DEF.po: give no -o with it" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("case", ["aleppo", "udhr"])
def test_no_fuzzy_matching_gives_what_msgmerge_n_gives(tmp_path: Path, run: Run, case: str) -> None:
    old, template = CASES / case / "old.po", CASES / case / "new.pot"

    result = run("merge", "-N", "--previous", str(old), str(template), "-o", "ours.po", cwd=tmp_path)

    assert result.exit_code == 0, result.stderr
    ours = entries(tmp_path / "ours.po")
    assert without_kept_comments(old, ours) == entries(msgmerge(old, template, tmp_path / "gnu.po", "-N", "--previous"))
    run("merge", "--previous", str(old), str(template), "-o", "fuzzy.po", cwd=tmp_path)
    matched = entries(tmp_path / "fuzzy.po")
    assert sum(e[3] and not e[4] for e in ours) < sum(e[3] and not e[4] for e in matched)  # fewer fuzzy entries
    assert sum(e[4] for e in ours) > sum(e[4] for e in matched)  # their old entries became obsolete


def test_the_output_is_what_update_writes(tmp_path: Path, run: Run) -> None:
    """Same engine, same rendering: the command's bytes are merge_catalog's, rendered as update renders."""
    old, template = CASES / "udhr/old.po", CASES / "udhr/new.pot"
    run("merge", "--previous", str(old), str(template), "-o", "ours.po", cwd=tmp_path)
    expected = merge_catalog(parse_catalog(old.read_text("utf-8"), "o"), parse_catalog(template.read_text("utf-8"), "t"))
    assert (tmp_path / "ours.po").read_bytes() == render_catalog(expected)


@pytest.mark.invalid_catalogs
def test_errors_exit_1_with_path_and_line_and_write_nothing(tmp_path: Path, run: Run) -> None:
    template = CASES / "aleppo/new.pot"
    missing = run("merge", "nowhere.po", str(template), "-o", "out.po", cwd=tmp_path)
    broken = run("merge", str(DATA / "errors/unterminated-string.po"), str(template), "-o", "out.po", cwd=tmp_path)
    usage = run("merge", str(template), cwd=tmp_path)

    assert (missing.exit_code, missing.stderr) == (1, "nowhere.po: error: no such catalog\n")
    assert broken.exit_code == 1 and broken.stderr.startswith(str(DATA / "errors/unterminated-string.po") + ":")
    assert ": error: unterminated string" in broken.stderr
    assert usage.exit_code == 2
    assert not (tmp_path / "out.po").exists()


def test_indexed_search_on_a_large_catalog_chooses_what_msgmerge_chooses(tmp_path: Path, run: Run) -> None:
    """A catalog above the index threshold (length slices, probe, cutoff cascade) against GNU msgmerge."""
    old, template, edited = large_catalog_pair(tmp_path / "large", 600, 0.2)
    assert len(polib.pofile(str(old))) >= FuzzyMatcher.INDEX_FROM and edited > 60

    result = run("merge", "--previous", str(old), str(template), "-o", "ours.po", cwd=tmp_path)

    assert result.exit_code == 0, result.stderr
    ours = entries(tmp_path / "ours.po")
    assert ours == entries(msgmerge(old, template, tmp_path / "gnu.po", "--previous"))
    assert sum(e[3] for e in ours) > 20  # fuzzy matches found, not just exact ones


@settings(max_examples=60, deadline=None)
@given(catalogs())
def test_indexed_and_exhaustive_searches_choose_the_same_entries(pair: tuple[str, str]) -> None:
    old = parse_catalog(ARABIC_HEADER + pair[0], "old.po")
    template = parse_catalog(ARABIC_HEADER + pair[1], "new.pot")
    exhaustive = FuzzyMatcher(list(old), index_from=10**9)
    indexed = FuzzyMatcher(list(old), index_from=1)
    assert (indexed.indexed or not indexed.entries) and not exhaustive.indexed
    for entry in template:
        assert indexed.search([(entry.msgctxt, entry.msgid)]) == exhaustive.search([(entry.msgctxt, entry.msgid)])


def test_parallel_fuzzy_search_gives_the_same_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old_path, template_path, _ = large_catalog_pair(tmp_path / "large", 300, 0.3)
    old = parse_catalog(old_path.read_text("utf-8"), "old.po")
    template = parse_catalog(template_path.read_text("utf-8"), "new.pot")
    sequential = render_catalog(merge_catalog(old, template, jobs=1))
    monkeypatch.setattr(fuzzy_module, "_PARALLEL_PAIRS", 0)

    assert render_catalog(merge_catalog(old, template, jobs=2)) == sequential
