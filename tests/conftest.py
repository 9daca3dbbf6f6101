"""Shared fixtures: a copy of the sample project, the CLI runner, and msgfmt on every catalog a test leaves."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Callable

import polib
import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from workflow.cli import main

# `pytest --hypothesis-profile=long` (or HYPOTHESIS_PROFILE=long) runs every property 5,000 times;
# the default profile keeps the suite fast. Neither writes an example database into the repository.
settings.register_profile("default", database=None, deadline=None)
settings.register_profile("long", max_examples=5000, database=None, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "invalid_catalogs: the test leaves catalogs msgfmt must reject")


@pytest.fixture(autouse=True)
def reproducible_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1762000000")


@pytest.fixture(autouse=True)
def private_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The incremental cache (workflow/cache.py) goes to the test session's temporary folder, not ~/.cache."""
    monkeypatch.setenv("WORKFLOW_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "workflow-cache"))


@pytest.fixture(autouse=True)
def catalogs_pass_msgfmt(request: pytest.FixtureRequest, tmp_path: Path):
    """Every PO/POT file left in the test's folder must pass GNU ``msgfmt --check``."""
    yield
    if request.node.get_closest_marker("invalid_catalogs"):
        return
    for path in sorted(tmp_path.rglob("*.po*")):
        if path.suffix in (".po", ".pot"):
            msgfmt_check(path)


def msgfmt_check(path: Path) -> str:
    """Run ``msgfmt --check``; fail with its messages, return its warnings (empty for a clean PO)."""
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"msgfmt --check rejected {path}:\n{result.stderr}"
    return result.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the repository's sample project (config, seeds, catalogs)."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "locale", root / "locale")
    return root


Run = Callable[..., Result]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Run:
    """Invoke the real CLI in ``cwd`` (a project folder): ``run("build", "-l", "ar", cwd=project)``."""

    def invoke(*args: str, cwd: Path, input: str | None = None) -> Result:
        monkeypatch.chdir(cwd)
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


# --- Large generated projects (kill and concurrency tests) ---------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--kill-points", type=int, default=None,
                     help="SIGKILL points for tests/test_kill.py (default 40; env WORKFLOW_KILL_POINTS).")


LARGE_CONFIG = """\
[tool.workflow]
project = "large"
sources = ["report.md", "udhr.ar.md"]
source-language = "en"
languages = ["ar", "en"]
"""


def _sample_pairs(catalog: Path) -> list[tuple[str, str]]:
    import polib

    return [(entry.msgid, entry.msgstr) for entry in polib.pofile(str(catalog)) if entry.msgstr and not entry.obsolete]


def _variant(text: str, number: int, arabic: bool) -> str:
    """A distinct, realistic paragraph: the sample text with a numbered part marker."""
    return f"{text} ({'الجزء' if arabic else 'Part'} {number})"


LARGE_COPIES = 100
"""Copies of the sample paragraphs: 1,600 English -> Arabic and 910 Arabic -> English entries."""


def make_large_project(root: Path, copies: int = LARGE_COPIES) -> dict[str, int]:
    """A project with two reports made of numbered copies of the sample's paragraphs, fully translated
    (English -> Arabic and Arabic -> English catalogs of thousands of entries); returns entry counts."""
    import polib
    from click.testing import CliRunner

    from workflow.catalog import render_catalog

    root = root.resolve()
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(LARGE_CONFIG, "utf-8")
    reports = {
        "report.md": (_sample_pairs(REPO / "locale/ar/LC_MESSAGES/aleppo-civil-peace-dialogue.po"), "ar", False),
        "udhr.ar.md": (_sample_pairs(REPO / "locale/en/LC_MESSAGES/udhr.po"), "en", True),
    }
    translations: dict[str, dict[str, str]] = {}
    for name, (pairs, language, arabic_source) in reports.items():
        count = copies if language == "ar" else max(copies // 10, 1)
        paragraphs = []
        table = translations.setdefault(language, {})
        for number in range(1, count + 1):
            for msgid, msgstr in pairs:
                source = _variant(" ".join(msgid.split()), number, arabic_source)
                paragraphs.append(source)
                table[source] = _variant(msgstr, number, not arabic_source)
        (root / name).write_text("\n\n".join(paragraphs) + "\n", "utf-8")
    runner = CliRunner()
    old = Path.cwd()
    try:
        os.chdir(root)
        result = runner.invoke(main, ["update"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        counts = {}
        for language, table in translations.items():
            for path in (root / "locale" / language / "LC_MESSAGES").glob("*.po"):
                catalog = polib.pofile(str(path), wrapwidth=79)
                for entry in catalog:
                    entry.msgstr = table[entry.msgid]
                path.write_bytes(render_catalog(catalog))
                counts[path.relative_to(root).as_posix()] = len(catalog)
        result = runner.invoke(main, ["update"], catch_exceptions=False)
        assert result.exit_code == 0 and result.stdout == "", result.output
    finally:
        os.chdir(old)
    return counts


def change_large_project(root: Path) -> None:
    """Edit both reports so that ``update`` rewrites every file: a new first paragraph moves every ``#:``
    reference; one paragraph in 50 is reworded (fuzzy), one in 50 deleted (obsolete), one in 100 added."""
    for name in ("report.md", "udhr.ar.md"):
        paragraphs = (root / name).read_text("utf-8").rstrip("\n").split("\n\n")
        changed = ["A new first paragraph that nobody has translated yet."]
        for index, paragraph in enumerate(paragraphs):
            if index % 50 == 28:
                continue
            if index % 50 == 3:
                paragraph = paragraph.replace(" (", " (revised, ", 1)
            changed.append(paragraph)
            if index % 100 == 60:
                changed.append(f"A new paragraph, number {index}, that nobody has translated yet.")
        (root / name).write_text("\n\n".join(changed) + "\n", "utf-8")


@pytest.fixture(scope="session")
def large_project_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A large translated project (2,510 entries), generated once per test session: copy it before changing it."""
    root = tmp_path_factory.mktemp("large") / "project"
    make_large_project(root, copies=LARGE_COPIES)
    return root


@pytest.fixture(scope="session")
def medium_project_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same with 40 copies (1,004 entries), for tests that run many commands on it."""
    root = tmp_path_factory.mktemp("medium") / "project"
    make_large_project(root, copies=40)
    return root


def write_catalog(path: Path, pairs: list[tuple[str, str]], *, language: str = "ar", source: str = "en") -> Path:
    """A small, msgfmt-clean PO file with an Arabic (or ``language``) header; repeated sources get a msgctxt."""
    catalog = polib.POFile()
    catalog.metadata = {
        "Project-Id-Version": "test",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": (
            "nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3 :"
            " n % 100 >= 11 && n % 100 <= 99 ? 4 : 5);"
            if language == "ar"
            else "nplurals=2; plural=(n != 1);"
        ),
        "X-Source-Language": source,
    }
    seen: set[str] = set()
    for index, (msgid, msgstr) in enumerate(pairs):
        # The tables repeat sources; a context keeps each entry apart (msgfmt rejects duplicates).
        catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr, msgctxt=str(index) if msgid in seen else None))
        seen.add(msgid)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(path))
    return path


ARABIC_HEADER = '''msgid ""
msgstr ""
"Project-Id-Version: reports\\n"
"PO-Revision-Date: 2025-11-01 12:00+0000\\n"
"Last-Translator: Rania <rania@example.org>\\n"
"Language-Team: Arabic\\n"
"Language: ar\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3 : n % 100 >= 11 && n % 100 <= 99 ? 4 : 5);\\n"

'''
"""The header of an Arabic catalog, as Poedit and msginit write it (nplurals=6)."""


def catalog_and_template(folder: Path, catalog_text: str, template_text: str) -> tuple[Path, Path]:
    """old.po (Arabic) and new.pot in ``folder``, with that header (the template's Language empty, as
    xgettext leaves it) before the entries given: the two inputs of a merge."""
    catalog, template = folder / "old.po", folder / "new.pot"
    catalog.write_text(ARABIC_HEADER + catalog_text, "utf-8")
    template.write_text(ARABIC_HEADER.replace('"Language: ar\\n"', '"Language: \\n"') + template_text, "utf-8")
    return catalog, template
