"""``--jobs N``: several processes give byte-identical files and output to one, errors included, in order."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Run
from test_incremental import COMMANDS, files, project, scenario

from workflow.errors import CatalogError, WorkflowError
from workflow.fileio import WriteBatch
from workflow.parallel import default_jobs, map_reports


def test_parallel_runs_equal_sequential_runs_byte_for_byte(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKFLOW_CACHE_DIR", "off")
    parallel = scenario(project(tmp_path, "parallel"), run, "--jobs", "3")
    sequential = scenario(project(tmp_path, "sequential"), run, "--jobs", "1")

    for ours, clean in zip(parallel, sequential, strict=True):
        assert ours[1:4] == clean[1:4], ours[0]
        assert ours[4] == clean[4], ours[0]


def test_parallel_and_incremental_together_equal_a_clean_sequential_run(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKFLOW_CACHE_DIR", str(tmp_path / "cache"))
    both = scenario(project(tmp_path, "both"), run)  # default: the machine's cores, and the cache
    monkeypatch.setenv("WORKFLOW_CACHE_DIR", "off")
    clean = scenario(project(tmp_path, "clean"), run, "--jobs", "1")

    for ours, expected in zip(both, clean, strict=True):
        assert ours[1:] == expected[1:], ours[0]


@pytest.mark.invalid_catalogs
def test_errors_are_reported_as_a_sequential_run_reports_them_in_the_same_order(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKFLOW_CACHE_DIR", "off")
    outcomes = {}
    for jobs in ("1", "2"):
        root = project(tmp_path, f"jobs-{jobs}")
        run("update", "--jobs", jobs, cwd=root)
        catalogs = sorted((root / "locale").rglob("*.po"))
        for broken in (catalogs[2], catalogs[17], catalogs[9]):
            broken.write_text(broken.read_text("utf-8").replace('msgstr ""\n', 'msgstr "unterminated\n', 2), "utf-8")
        (root / "reports" / "report-00004.md").write_bytes(b"# Bad \xff byte\n")
        results = [run(*command, "--jobs", jobs, cwd=root) for command in COMMANDS]
        outcomes[jobs] = ([(r.exit_code, r.stdout, r.stderr) for r in results], files(root))
    assert outcomes["2"] == outcomes["1"]
    update_stderr = outcomes["1"][0][0][2]
    assert update_stderr.count(": error: ") == 4
    assert update_stderr.index("report-00004.md") < update_stderr.index(catalogs[9].name)


def _double(item: int, batch: WriteBatch) -> int:
    if item % 5 == 0:
        raise CatalogError.at(f"item-{item}.po", item, "broken")
    return item * 2


@pytest.mark.parametrize("jobs", [1, 2, 4])
def test_map_reports_keeps_order_and_turns_errors_into_outcomes(jobs: int) -> None:
    seen: list[int] = []
    outcomes = list(map_reports(_double, list(range(1, 41)), jobs=jobs, progress=seen.append))

    assert [item for item, _ in outcomes] == list(range(1, 41))
    for item, outcome in outcomes:
        if item % 5 == 0:
            assert isinstance(outcome, WorkflowError)
            assert outcome.format_message() == f"item-{item}.po:{item}: error: broken"
        else:
            assert outcome == item * 2
    assert sum(seen) == 40
    assert default_jobs() >= 1
