"""Time and peak memory of one command, as the command alone uses them (not a test module).

Linux carries a process's peak RSS across ``exec``: a command started straight from a benchmark that
holds hundreds of megabytes (a 50,000-entry catalog, every fuzzy choice) reports the benchmark's
peak as its own. So the command is started by a small launcher (Python without ``site``), which
forks it, waits for it and writes what ``wait4`` says: the command's own peak, and the seconds from
fork to exit, so the launcher's start-up is not counted either.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

_LAUNCHER = """
import os, sys, time
report, command = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(command[0], command)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(report, "w") as handle:
    handle.write(f"{time.perf_counter() - started} {usage.ru_maxrss}")
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


@dataclass
class Measured:
    seconds: float | None
    """Wall-clock seconds from start to exit; None when stopped at the timeout."""
    peak_mb: float
    """Peak resident memory of the command, with the workers it waited for (the largest, not the sum)."""
    returncode: int
    output: bytes
    """stdout and stderr, interleaved."""


def measure(command: list[str], cwd: Path, *, env: dict[str, str] | None = None,
            timeout: float | None = None) -> Measured:
    """Run ``command`` in ``cwd`` with ``env`` added to the environment; stop it (and its workers) after
    ``timeout`` seconds."""
    with tempfile.TemporaryDirectory(prefix="measure-") as folder, tempfile.TemporaryFile() as output:
        report = Path(folder) / "report"
        process = subprocess.Popen([sys.executable, "-S", "-c", _LAUNCHER, str(report), *command], cwd=cwd,
                                   stdout=output, stderr=output, env={**os.environ, **(env or {})},
                                   start_new_session=True)
        try:
            returncode = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return Measured(None, 0.0, -9, b"")
        output.seek(0)
        seconds, peak_kb = report.read_text().split() if report.exists() else ("0", "0")
        return Measured(float(seconds), int(peak_kb) / 1024, returncode, output.read())

