"""The bad-input corpus (tests/data/bad/MANIFEST.toml): every malformed or hostile file, through every command
that reads it, gives its expected exit code and exactly one clear first line, no traceback, and changes no file.

Plus the odd inputs that must work: file names with spaces, Arabic letters or ``..``, whose ``#:`` references
gettext's own tools must read; and symbolic links out of the project, which are refused.
"""

from __future__ import annotations

import hashlib
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import polib
import pytest
from click.testing import CliRunner, Result
from conftest import DATA, msgfmt_check

from workflow.catalog import parse_catalog, read_catalog, render_catalog
from workflow.cli import main
from workflow.lock import LOCK_NAME

BAD = DATA / "bad"
MANIFEST = tomllib.loads((BAD / "MANIFEST.toml").read_text("utf-8"))
GROUPS: dict[str, list[str]] = MANIFEST["groups"]
CASES: list[dict[str, Any]] = MANIFEST["case"]


def _single_line(size: int) -> bytes:
    words = b"The council met on Monday to discuss the water network. "
    return (words * (size // len(words) + 1))[:size]


GENERATORS = {
    "single-line-50mb": lambda: _single_line(50_000_000),
    "unterminated-50mb": lambda: b'msgid "' + b"a" * 50_000_000,
}
"""Inputs too big to commit, made when a test needs them (once per session)."""
_generated: dict[str, bytes] = {}


def commands(case: dict[str, Any]) -> list[str]:
    listed = case["commands"]
    return GROUPS[listed] if isinstance(listed, str) else listed


def case_id(case: dict[str, Any], command: str) -> str:
    return f"{case.get('file') or case.get('generate') or 'usage'}: {command}"


PAIRS = [(case, command) for case in CASES for command in commands(case)]


def snapshot(root: Path) -> dict[str, str]:
    """Every file of the project (but the lock file) and the hash of its bytes."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != LOCK_NAME
    }


def prepare(case: dict[str, Any], root: Path) -> None:
    shutil.copytree(BAD / "project", root)
    for name in case.get("remove", []):
        (root / name).unlink()
    if "target" not in case:
        return
    target = root / case["target"]
    if "generate" in case:
        name = case["generate"]
        if name not in _generated:
            _generated[name] = GENERATORS[name]()
        target.write_bytes(_generated[name])
    else:
        shutil.copyfile(BAD / case["file"], target)


def invoke(root: Path, command: str, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(root)
    return CliRunner().invoke(main, shlex.split(command), catch_exceptions=False)


@pytest.fixture(autouse=True)
def fixed_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WORKFLOW_CACHE_DIR", "off")


@pytest.mark.parametrize("command", GROUPS["source"])
def test_the_control_project_passes_every_command(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    prepare({}, root)
    result = invoke(root, command, monkeypatch)
    assert result.exit_code == 0, result.stderr


@pytest.mark.invalid_catalogs
@pytest.mark.parametrize(("case", "command"), PAIRS, ids=[case_id(case, command) for case, command in PAIRS])
def test_bad_input(case: dict[str, Any], command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    prepare(case, root)
    before = snapshot(root)

    result = invoke(root, command, monkeypatch)

    assert "Traceback" not in result.output
    assert result.exit_code == case["exit"], f"{case['name']}: {result.output}"
    lines = result.stderr.splitlines()
    if case["exit"] == 2:
        assert case["stderr"] in lines, result.stderr
    elif "stderr" in case:
        assert lines and lines[0] == case["stderr"], result.stderr
    elif "stderr_prefix" in case:
        assert lines and lines[0].startswith(case["stderr_prefix"]), result.stderr
    if case["exit"] != 0:
        assert snapshot(root) == before, f"{case['name']}: {command} changed a file"


def test_every_file_of_the_corpus_has_a_case() -> None:
    named = {case["file"] for case in CASES if "file" in case}
    present = {path.name for path in BAD.iterdir() if path.is_file() and path.name != "MANIFEST.toml"}
    assert named == present


def test_the_corpus_covers_every_command() -> None:
    used = {shlex.split(command)[0] for _, command in PAIRS}
    assert used >= {"segment", "update", "status", "build", "verify", "check", "release"}


# --- File names that must work --------------------------------------------------------------------------------------

NAMES = ("my report.md", "تقرير المياه.md", "report..v2.md", "tab\there.md")


def test_source_names_with_spaces_arabic_letters_and_dots_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """gettext (0.21 and later) writes a file name with spaces as ``⁨my report.md⁩:3``, so that it stays one
    reference; workflow writes and reads the same, and msgfmt and msgmerge accept the catalogs."""
    root = tmp_path / "names"
    (root / "sub").mkdir(parents=True)
    for name in NAMES:
        (root / "sub" / name).write_text("# Water in Aleppo\n\nThe council met on Monday.\n", "utf-8")
    named = [f"sub/../sub/{name}" for name in NAMES]

    update = invoke(root, " ".join(shlex.quote(name) for name in ["update", "-l", "ar", *named]), monkeypatch)
    again = invoke(root, " ".join(shlex.quote(name) for name in ["update", "-l", "ar", *named]), monkeypatch)

    assert update.exit_code == 0, update.stderr
    assert (again.exit_code, again.stderr) == (0, "catalogs are up to date\n")
    for name in NAMES:
        stem = name.removesuffix(".md")
        pot, po = root / "locale" / f"{stem}.pot", root / "locale/ar/LC_MESSAGES" / f"{stem}.po"
        text = pot.read_text("utf-8")
        shown = f"sub/{name}"
        if " " in name or "\t" in name:
            assert f"#: \u2068{shown}\u2069:1\n" in text and f"#: \u2068{shown}\u2069:3\n" in text
        else:
            assert f"#: {shown}:1\n" in text
        for path in (pot, po):
            msgfmt_check(path)
            assert [entry.occurrences for entry in read_catalog(path, path.name)] == [[(shown, "1")], [(shown, "3")]]
            gettext = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=False)
            assert gettext.returncode == 0, gettext.stderr
            reference = f"\u2068{shown}\u2069:1" if " " in name or "\t" in name else f"{shown}:1"
            # gettext read it as one reference and wrote it back (a tab in a name comes back as a space).
            assert f"#: {reference.replace(chr(9), ' ')}\n" in gettext.stdout
        merged = subprocess.run(
            ["msgmerge", "-q", str(po), str(pot), "-o", "/dev/null"], capture_output=True, text=True, check=False
        )
        assert merged.returncode == 0, merged.stderr
        arguments = ["build", "-l", "ar", "--allow-missing", f"sub/{name}"]
        build = invoke(root, " ".join(shlex.quote(argument) for argument in arguments), monkeypatch)
        assert build.exit_code == 0, build.stderr
        assert (root / "build/ar" / name).is_file()


def test_a_long_reference_list_with_spaced_names_never_breaks_a_name(tmp_path: Path) -> None:
    """A paragraph repeated in a report gets one reference per place; wrapping happens between references."""
    catalog = polib.POFile(wrapwidth=79)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    places = [("annual report 2025 final version.md", str(line)) for line in range(1, 40, 3)]
    catalog.append(polib.POEntry(msgid="Water", msgstr="", occurrences=places))
    data = render_catalog(catalog)
    lines = [line for line in data.decode("utf-8").splitlines() if line.startswith("#:")]

    assert len(lines) > 1 and all(len(line) <= 79 for line in lines)
    assert all(line.count("\u2068") == line.count("\u2069") for line in lines)
    assert parse_catalog(data.decode("utf-8"), "x.po")[0].occurrences == places
    path = tmp_path / "x.po"
    path.write_bytes(data)
    assert read_catalog(path, "x.po")[0].occurrences == places


# --- Symbolic links out of the project are refused --------------------------------------------------------------


@pytest.mark.parametrize(
    "command", ["segment link.md", "update -l ar link.md", "build -l ar link.md", "status", "update"]
)
def test_a_symbolic_link_out_of_the_project_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Private notes\n\nNot for publication.\n", "utf-8")
    root = tmp_path / "project"
    prepare({}, root)
    (root / "workflow.toml").write_text('sources = ["*.md"]\nlanguages = ["ar"]\n', "utf-8")
    (root / "link.md").symlink_to(outside / "secret.md")
    before = snapshot(root)

    result = invoke(root, command, monkeypatch)

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "link.md: error: is a symbolic link to a file outside the project; copy the file into the project instead"
    )
    assert snapshot(root) == before


def test_a_source_named_outside_the_project_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "elsewhere.md").write_text("# Elsewhere\n", "utf-8")
    root = tmp_path / "project"
    prepare({}, root)

    result = invoke(root, "update -l ar ../elsewhere.md", monkeypatch)

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "../elsewhere.md: error: is outside the project folder; run workflow from the folder that holds the report"
        " (or its config)"
    )


def test_source_globs_take_files_and_links_to_files_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    (root / "reports").mkdir(parents=True)
    (root / "notes").mkdir()
    (root / "workflow.toml").write_text('sources = ["reports/*.md"]\nlanguages = ["ar"]\n', "utf-8")
    (root / "reports/plain.md").write_text("# Plain\n", "utf-8")
    (root / "notes/kept.md").write_text("# Kept\n", "utf-8")
    (root / "reports/linked.md").symlink_to(root / "notes/kept.md")
    (root / "reports/dangling.md").symlink_to(root / "notes/missing.md")
    (root / "reports/folder.md").mkdir()
    (root / "reports/folder-link.md").symlink_to(root / "notes")

    result = invoke(root, "update", monkeypatch)

    assert result.exit_code == 0, result.stderr
    assert sorted(path.name for path in (root / "locale").glob("*.pot")) == ["linked.pot", "plain.pot"]
    assert "#: notes/kept.md:1" in (root / "locale/linked.pot").read_text("utf-8")


def test_a_symbolic_link_inside_the_project_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    prepare({}, root)
    (root / "drafts").mkdir()
    (root / "drafts/link.md").symlink_to(root / "report.md")

    result = invoke(root, "segment drafts/link.md", monkeypatch)

    assert result.exit_code == 0, result.stderr
