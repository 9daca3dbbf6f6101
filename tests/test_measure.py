"""The benchmarks' measurement of a command: its own peak memory and time, and a timeout that stops it."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "benchmarks"))
from measure import measure  # noqa: E402

TOUCH = "x = bytearray({mb} * 2**20); x[::4096] = b'1' * len(x[::4096])"


def test_a_small_command_started_by_a_large_process_reports_its_own_peak(tmp_path: Path) -> None:
    ballast = bytearray(150 * 2**20)
    ballast[::4096] = b"1" * len(ballast[::4096])  # this process now holds 150 MB more

    small = measure([sys.executable, "-c", "pass"], tmp_path)
    large = measure([sys.executable, "-c", TOUCH.format(mb=100)], tmp_path)

    assert small.returncode == 0 and small.seconds is not None
    assert small.peak_mb < 60
    assert 100 <= large.peak_mb < 160
    assert len(ballast) == 150 * 2**20


def test_output_and_exit_code_come_through(tmp_path: Path) -> None:
    found = measure([sys.executable, "-c", "import sys; print('out'); sys.exit(3)"], tmp_path)

    assert (found.returncode, found.output) == (3, b"out\n")


def test_a_timeout_stops_the_command_and_its_children(tmp_path: Path) -> None:
    started = time.perf_counter()
    found = measure(["sh", "-c", "sleep 30 & echo $! > child; wait"], tmp_path, timeout=1)

    assert found.seconds is None
    assert time.perf_counter() - started < 5
    child = int((tmp_path / "child").read_text())
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
