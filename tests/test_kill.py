"""SIGKILL ``workflow update`` while it rewrites large catalogs: every catalog is always the old file or the new
one, parses (workflow's reader and ``msgfmt --check``), keeps every translation, and the next run finishes the
job exactly as an uninterrupted run would, removing the temporary files the killed one left.

The project has 2,510 translated entries in both directions (numbered copies of the sample catalogs); its
sources are edited so that ``update`` must rewrite all four files (two templates, two catalogs) with new,
fuzzy and obsolete entries. The kill points are fixed fractions of a measured uninterrupted run: half spread
over the whole run, half over its writing phase, counted from the moment it starts writing (so that a busy
machine cannot make them all miss it). Two trials run at a time, each in its own copy of the project.
``--kill-points N`` (or ``WORKFLOW_KILL_POINTS=N``) gives a longer run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import change_large_project, msgfmt_check

from workflow.catalog import parse_catalog, read_catalog
from workflow.checks.suite import check_targets
from workflow.cli import main
from workflow.config import find_sources, load_config
from workflow.errors import CatalogError
from workflow.fileio import decode_utf8

KILL_POINTS = 40
"""Kill points of the default run (about 30 s here); ``--kill-points`` or ``WORKFLOW_KILL_POINTS`` for more."""
PARALLEL = 2
"""Trials running at once (the reference run is measured under the same load)."""
CATALOGS = ("locale/report.pot", "locale/ar/LC_MESSAGES/report.po", "locale/udhr.pot", "locale/en/LC_MESSAGES/udhr.po")
UPDATE = [sys.executable, "-m", "workflow", "update"]

Pair = tuple[str, str]
State = tuple[tuple[str, ...], tuple[str, ...]]
"""Which files are new (``old``/``new`` per file) and which temporary files were left."""


def kill_points(request: pytest.FixtureRequest) -> int:
    option = request.config.getoption("--kill-points")
    return int(option or os.environ.get("WORKFLOW_KILL_POINTS") or KILL_POINTS)


def read_files(root: Path) -> dict[str, bytes]:
    return {name: (root / name).read_bytes() for name in CATALOGS}


def leftovers(root: Path) -> tuple[str, ...]:
    """Temporary files a killed write left behind (``.NAME.XXXXXXXX.tmp``), named by their target."""
    return tuple(sorted(
        f"{path.parent.relative_to(root).as_posix()}/{path.name[1:].rsplit('.', 2)[0]}" for path in root.rglob(".*.tmp")
    ))


def translations(data: bytes, name: str) -> set[Pair]:
    """Every (source, translation) pair a catalog keeps, read with workflow's reader: active and obsolete
    entries, and a fuzzy entry's translation under the source it was made for (its ``#|`` msgid)."""
    pairs = set()
    for entry in parse_catalog(decode_utf8(data, name, CatalogError), name):
        if entry.msgstr:
            pairs.add((entry.msgid, entry.msgstr))
            if entry.fuzzy and entry.previous_msgid:
                pairs.add((entry.previous_msgid, entry.msgstr))
    return pairs


@dataclass
class Reference:
    seconds: float
    writes: list[float]
    """When each file was written, in seconds after the start (from its mtime)."""
    before: dict[str, bytes]
    after: dict[str, bytes]


def measure(pristine: Path, workdir: Path) -> Reference:
    """Uninterrupted runs, ``PARALLEL`` at once as the trials will run: duration, when they wrote, result."""
    copies = [workdir / str(index) for index in range(PARALLEL)]
    for copy in copies:
        shutil.copytree(pristine, copy)
    start = time.time()
    processes = [
        subprocess.Popen(UPDATE, cwd=copy, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for copy in copies
    ]
    seconds = []
    for process in processes:
        _, stderr = process.communicate()
        seconds.append(time.time() - start)
        assert process.returncode == 0, stderr
    writes = sorted((copies[0] / name).stat().st_mtime - start for name in CATALOGS)
    reference = Reference(max(seconds), writes, read_files(pristine), read_files(copies[0]))
    assert all(read_files(copy) == reference.after for copy in copies)
    shutil.rmtree(workdir)
    return reference


@dataclass(frozen=True)
class KillPoint:
    delay: float
    """Seconds after the start, or after the run began writing when ``after_first_write``."""
    after_first_write: bool = False

    def __str__(self) -> str:
        return f"{self.delay:.3f} s" + (" after writing began" if self.after_first_write else "")


def kill_points_for(reference: Reference, count: int) -> list[KillPoint]:
    """Half the points spread over the whole measured run; half spread over its writing phase, counted
    from the moment the run starts writing (so that a busy machine does not make them miss it)."""
    spread = count // 2
    points = [KillPoint(reference.seconds * 1.05 * (index + 1) / spread) for index in range(spread)]
    writing = max(reference.writes) - min(reference.writes) + 0.05  # then past the renames
    focused = count - spread
    points += [KillPoint(writing * index / max(focused - 1, 1), True) for index in range(focused)]
    return points


@dataclass
class Trial:
    point: KillPoint
    finished: bool
    """The run ended before the kill came."""
    state: State
    folder: Path


def _writing(folder: Path, template: Path, mtime: int) -> bool:
    """Whether the run has begun writing: a temporary file exists, or the first template was replaced."""
    try:
        with os.scandir(folder / "locale") as entries:
            if any(entry.name.endswith(".tmp") for entry in entries):
                return True
        return template.stat().st_mtime_ns != mtime
    except FileNotFoundError:
        return True


def kill_after(pristine: Path, folder: Path, point: KillPoint, reference: Reference) -> Trial:
    """Start ``workflow update`` on a copy of the project and SIGKILL it at ``point``."""
    shutil.copytree(pristine, folder)
    template = folder / CATALOGS[0]
    mtime = template.stat().st_mtime_ns
    # Its own process group: the kill takes any worker process with it, as a crash or power cut would.
    process = subprocess.Popen(
        UPDATE, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    if point.after_first_write:
        while process.poll() is None and not _writing(folder, template, mtime):
            time.sleep(0.0005)
    deadline = time.monotonic() + point.delay
    while process.poll() is None and time.monotonic() < deadline:
        time.sleep(min(0.002, max(deadline - time.monotonic(), 0.0)))
    finished = process.poll() is not None
    if not finished:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    files = read_files(folder)
    versions = []
    for name in CATALOGS:
        # Atomic: each file is entirely the old one or entirely the new one.
        assert files[name] in (reference.before[name], reference.after[name]), (
            f"a kill at {point} left {name} neither the old file nor the new one"
        )
        versions.append("new" if files[name] == reference.after[name] else "old")
    return Trial(point, finished, (tuple(versions), leftovers(folder)), folder)


def test_sigkill_during_update_never_breaks_or_loses_a_catalog(
    large_project_template: Path, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKFLOW_CACHE_DIR", str(tmp_path / "cache"))  # every run's, the killed ones' too
    pristine = tmp_path / "pristine"
    shutil.copytree(large_project_template, pristine)
    change_large_project(pristine)
    reference = measure(pristine, tmp_path / "reference")
    assert all(reference.before[name] != reference.after[name] for name in CATALOGS), "update must rewrite every file"

    # Every translation the catalogs held before the run is still there after it.
    kept = {name: translations(data, name) for name, data in reference.before.items() if name.endswith(".po")}
    assert sum(len(pairs) for pairs in kept.values()) == 2510
    for name, pairs in kept.items():
        lost = pairs - translations(reference.after[name], name)
        assert not lost, f"an uninterrupted update lost {len(lost)} translation(s) in {name}: {sorted(lost)[:3]}"

    points = kill_points_for(reference, kill_points(request))
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        trials = list(pool.map(
            lambda item: kill_after(pristine, tmp_path / f"kill-{item[0]}", item[1], reference), enumerate(points)
        ))

    # Each distinct state once: the run after a kill depends only on the files it finds (dates are fixed).
    checked: set[bytes] = set()
    states: dict[State, Trial] = {}
    for trial in trials:
        states.setdefault(trial.state, trial)
    for state, trial in states.items():
        for name in CATALOGS:
            data = (trial.folder / name).read_bytes()
            digest = hashlib.sha256(data).digest()
            if digest not in checked:
                read_catalog(trial.folder / name, name)
                msgfmt_check(trial.folder / name)
                if name in kept:
                    assert kept[name] <= translations(data, name), f"a kill at {trial.point} lost translations"
                checked.add(digest)

        # Temporary files are never taken for sources or catalogs; the next run completes and removes them.
        monkeypatch.chdir(trial.folder)
        config = load_config()
        assert [source.shown for source in find_sources(config)] == ["report.md", "udhr.ar.md"]
        assert [target.shown for target in check_targets(config, ["locale"], [])] == [
            "locale/ar/LC_MESSAGES/report.po", "locale/en/LC_MESSAGES/udhr.po"
        ]
        status = CliRunner().invoke(main, ["status", "--json"], catch_exceptions=False)
        assert status.exit_code == 0, status.stderr
        rerun = CliRunner().invoke(main, ["update"], catch_exceptions=False)
        assert rerun.exit_code == 0, rerun.stderr
        assert read_files(trial.folder) == reference.after, f"the run after a kill at {trial.point} differs"
        assert leftovers(trial.folder) == (), (trial.point, state)
    monkeypatch.chdir(tmp_path)
    for trial in trials:
        shutil.rmtree(trial.folder)

    outcomes = Counter(
        "finished" if trial.finished else "+".join(trial.state[0]) + (" +tmp" if trial.state[1] else "")
        for trial in trials
    )
    print(
        f"\n{len(points)} kills over a {reference.seconds:.2f} s run (writes at "
        f"{', '.join(f'{moment:.3f}' for moment in reference.writes)} s): "
        + ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        + f"; {len(states)} distinct states checked and re-run"
    )
    killed = [trial.state for trial in trials if not trial.finished]
    assert any("new" not in versions and not temporary for versions, temporary in killed), "no kill before writing"
    assert any("new" in versions or temporary for versions, temporary in killed), "no kill while writing"
