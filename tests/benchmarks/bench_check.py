"""Benchmark: ``workflow check`` against translate-toolkit's ``pofilter`` on one ~6,000-entry Arabic catalog.

The catalog is made of real translations: Django's Arabic catalogs (the copies in tests/data/thirdparty,
or every ``ar`` catalog of a Django wheel given with --wheel), repeated under distinct msgctxt values
until it has --entries entries. Both tools run as a user runs them (start-up included), side by side,
--repeat times; the best time of each is compared. The target is a ratio of at most 0.5.

Run from the repository root:  python tests/benchmarks/bench_check.py [--entries 6000] [--wheel django.whl]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import polib

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "thirdparty" / "django"


def _sources(wheel: Path | None, folder: Path) -> list[polib.POFile]:
    if wheel is None:
        return [polib.pofile(str(path)) for path in sorted(FIXTURES.rglob("*.po"))]
    catalogs = []
    with zipfile.ZipFile(wheel) as archive:
        for name in sorted(archive.namelist()):
            if "/locale/ar/LC_MESSAGES/" in name and name.endswith(".po"):
                target = folder / name.replace("/", "__")
                target.write_bytes(archive.read(name))
                catalogs.append(polib.pofile(str(target)))
    return catalogs


def build_catalog(path: Path, entries: int, wheel: Path | None = None) -> int:
    """Write an Arabic catalog of at least ``entries`` real entries to ``path``; return its size."""
    sources = _sources(wheel, path.parent)
    big = polib.POFile(wrapwidth=79)
    big.metadata = dict(sources[0].metadata)
    copy = 0
    while len(big) < entries:
        copy += 1
        for number, source in enumerate(sources, start=1):
            for entry in source:
                if entry.obsolete:
                    continue
                clone = polib.POEntry(
                    msgid=entry.msgid, msgstr=entry.msgstr, msgid_plural=entry.msgid_plural,
                    msgstr_plural=dict(entry.msgstr_plural), flags=list(entry.flags), comment=entry.comment,
                    tcomment=entry.tcomment, occurrences=list(entry.occurrences),
                    msgctxt=f"copy {copy}.{number}" + (f": {entry.msgctxt}" if entry.msgctxt else ""),
                )
                big.append(clone)
    big.save(str(path))
    return len(big)


def _timed(command: list[str], cwd: Path, accept: tuple[int, ...], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run; CPU time barely moves with machine load."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in accept:
        sys.exit(f"{' '.join(command[:4])} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=6000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--wheel", type=Path, help="a Django wheel: use all its Arabic catalogs")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="workflow-bench-check-") as folder:
        root = Path(folder)
        path = root / "ar" / "LC_MESSAGES" / "django.po"
        path.parent.mkdir(parents=True)
        size = build_catalog(path, options.entries, options.wheel)
        ours_command = [sys.executable, "-m", "workflow", "check", str(path)]
        theirs_command = [sys.executable, "-m", "translate.filters.pofilter", "--progress=none", "--language=ar",
                          str(path), str(root / "pofilter-out.po")]
        # Both tools run from compiled bytecode, as installed packages do, even where PYTHONDONTWRITEBYTECODE
        # is set; the bytecode goes to a temporary folder, never into the repository.
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
        findings = subprocess.run(ours_command, cwd=root, capture_output=True, text=True, check=False, env=env)
        _timed(theirs_command, root, (0,), env)  # warm-up: compiles both tools' bytecode
        ours, theirs = [], []
        for _ in range(options.repeat):  # interleaved, so both see the same machine load
            ours.append(_timed(ours_command, root, (0, 3), env))
            theirs.append(_timed(theirs_command, root, (0,), env))

    print(f"catalog: {size} entries ({path.name}, Arabic, real Django translations)")
    summary = findings.stderr.strip().splitlines()[-1]
    for name, runs, note in (("workflow check", ours, summary), ("pofilter", theirs, "all its checks")):
        walls, cpus = [run[0] for run in runs], [run[1] for run in runs]
        print(f"{name:15} wall best {min(walls):5.2f} s median {statistics.median(walls):5.2f} s;"
              f" cpu best {min(cpus):5.2f} s   ({note})")
    wall = min(run[0] for run in ours) / min(run[0] for run in theirs)
    cpu = min(run[1] for run in ours) / min(run[1] for run in theirs)
    verdict = "met" if max(wall, cpu) <= 0.5 else "NOT met"
    print(f"ratio workflow/pofilter: wall {wall:.2f}, cpu {cpu:.2f} (target <= 0.50: {verdict})")


if __name__ == "__main__":
    main()
