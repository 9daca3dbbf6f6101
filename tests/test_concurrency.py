"""Two commands writing one project: the project lock serializes them (real processes, a generated project).

Every writing command (update, build, release) holds ``.workflow.lock`` while it reads, merges and
writes; another one waits up to ``--wait`` seconds, then fails with exit 1 and changes nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import change_large_project

from workflow.cli import main
from workflow.lock import LOCK_NAME

WORKFLOW = [sys.executable, "-m", "workflow"]
CATALOGS = ("locale/report.pot", "locale/ar/LC_MESSAGES/report.po", "locale/udhr.pot", "locale/en/LC_MESSAGES/udhr.po")
HOLD = """\
import sys
from pathlib import Path
from workflow.lock import project_lock
with project_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()
"""


def files(root: Path) -> dict[str, bytes]:
    """Every file of the project but the lock file, with its bytes."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != LOCK_NAME
    }


@contextmanager
def held_lock(root: Path) -> Iterator[None]:
    """Another process holds the project lock until the block ends."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(root)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline() == "locked\n"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKFLOW_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def changed(medium_project_template: Path, tmp_path: Path) -> Path:
    """A generated project of a thousand translated entries with its sources edited: ``update`` has every
    file to rewrite."""
    root = tmp_path / "project"
    shutil.copytree(medium_project_template, root)
    change_large_project(root)
    return root


def sequential(root: Path, tmp_path: Path, *commands: list[str]) -> dict[str, bytes]:
    """The project's files after running ``commands`` one after the other on a copy."""
    copy = tmp_path / f"sequential-{len(list(tmp_path.iterdir()))}"
    shutil.copytree(root, copy)
    for command in commands:
        result = subprocess.run(WORKFLOW + command, cwd=copy, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
    return files(copy)


def start(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(WORKFLOW + list(args), cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_parallel_updates_run_one_after_the_other(changed: Path, tmp_path: Path) -> None:
    """Four updates started at once: one rewrites the catalogs, the other three find them up to date (each
    read what the one before it wrote, so none interleaved); the result is a sequential run's."""
    expected = sequential(changed, tmp_path, ["update"])

    processes = [start(changed, "update") for _ in range(4)]
    outputs = [process.communicate(timeout=120) for process in processes]

    assert [process.returncode for process in processes] == [0, 0, 0, 0], outputs
    wrote = [stdout for stdout, _ in outputs if stdout]
    assert wrote == ["".join(f"updated: {name}\n" for name in CATALOGS)]
    assert sorted(stderr for _, stderr in outputs) == [""] + ["catalogs are up to date\n"] * 3
    assert files(changed) == expected
    assert not list(changed.rglob("*.tmp"))


def test_a_build_beside_an_update_sees_the_catalogs_before_or_after_it(changed: Path, tmp_path: Path) -> None:
    """Builds and updates at once: each build is the build of the old catalogs or of the new ones, never of
    a catalog half updated, and the catalogs end as one update leaves them."""
    build = ["build", "--allow-missing"]
    old_build = sequential(changed, tmp_path, build)
    new_build = sequential(changed, tmp_path, ["update"], build)
    expected_catalogs = {name: data for name, data in new_build.items() if name.startswith("locale/")}
    outputs = ("build/ar/report.md", "build/en/udhr.md")

    processes = [start(changed, *args) for args in (["update"], build, ["update"], build)]
    results = [process.communicate(timeout=120) for process in processes]

    assert [process.returncode for process in processes] == [0, 0, 0, 0], results
    final = files(changed)
    assert {name: data for name, data in final.items() if name.startswith("locale/")} == expected_catalogs
    assert {name: final[name] for name in outputs} in (
        {name: old_build[name] for name in outputs},
        {name: new_build[name] for name in outputs},
    )


def test_a_second_writer_waits_for_the_lock_then_runs(changed: Path, tmp_path: Path) -> None:
    expected = sequential(changed, tmp_path, ["update"])
    before = files(changed)

    with held_lock(changed):
        waiting = start(changed, "--wait", "60", "update")
        with pytest.raises(subprocess.TimeoutExpired):
            waiting.wait(timeout=1.5)
        assert files(changed) == before  # nothing written while the other process holds the lock
    stdout, stderr = waiting.communicate(timeout=60)

    assert waiting.returncode == 0, stderr
    assert files(changed) == expected


@pytest.mark.parametrize(
    "args",
    [["update"], ["build", "--allow-missing"], ["release", "--allow-missing"]],
    ids=["update", "build", "release"],
)
def test_a_writer_that_cannot_wait_fails_cleanly_and_changes_nothing(
    changed: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = files(changed)

    with held_lock(changed):
        monkeypatch.chdir(changed)
        result = CliRunner().invoke(main, ["--wait", "0.3", *args], catch_exceptions=False)

    assert result.exit_code == 1
    assert result.stderr == (
        f"{LOCK_NAME}: error: another workflow command is writing this project; gave up after waiting 0.3 s"
        " (run again when it has finished, or wait longer with: workflow --wait SECONDS ...)\n"
    )
    assert result.stdout == ""
    assert files(changed) == before


def test_readers_and_check_take_no_lock(changed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """status, check, verify, segment and ``update --check`` write nothing, so a writer never blocks them."""
    monkeypatch.chdir(changed)
    with held_lock(changed):
        for args in (["status"], ["update", "--check"], ["verify"], ["segment", "report.md"]):
            result = CliRunner().invoke(main, ["--wait", "0", *args], catch_exceptions=False)
            assert result.exit_code in (0, 3), (args, result.stderr)


def test_wait_is_a_global_option_with_an_environment_twin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "report.md").write_text("# Water\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WORKFLOW_WAIT", "0.2")
    with held_lock(tmp_path):
        result = CliRunner().invoke(main, ["update", "-l", "ar", "report.md"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "gave up after waiting 0.2 s" in result.stderr

    bad = CliRunner().invoke(main, ["--wait", "-1", "status"], catch_exceptions=False)
    assert bad.exit_code == 2
