"""Shared fixtures: a copy of the sample project, the CLI runner, and msgfmt on every catalog a test leaves."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner, Result

from workflow.cli import main

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "invalid_catalogs: the test leaves catalogs msgfmt must reject")


@pytest.fixture(autouse=True)
def reproducible_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1762000000")


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
