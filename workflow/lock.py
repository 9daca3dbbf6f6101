"""One writer at a time per project: an OS file lock (filelock's ``flock``) that every writing command holds.

The lock file, ``.workflow.lock`` in the project root, is empty and stays in place between runs (removing
it on release would let two waiters lock two different files). The operating system releases the lock
when its holder exits, however it exits: a killed command never leaves the project locked.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


from .errors import WorkflowError
from .fileio import display_path

__all__ = ["LOCK_NAME", "DEFAULT_WAIT", "ProjectBusy", "lock_path", "project_lock"]

LOCK_NAME = ".workflow.lock"
DEFAULT_WAIT = 10.0
"""Seconds a writing command waits for another one to finish before giving up."""


class ProjectBusy(WorkflowError):
    """Another workflow command holds the project's lock for longer than we were willing to wait."""


def lock_path(root: Path) -> Path:
    """The project's lock file."""
    return root / LOCK_NAME


@contextmanager
def project_lock(root: Path, wait: float = DEFAULT_WAIT) -> Iterator[Path]:
    """Hold the project's lock for the duration of the block, waiting up to ``wait`` seconds for it.

    Raises:
        ProjectBusy: another process held the lock for the whole wait.
        WorkflowError: the lock file cannot be created (a read-only project folder).
    """
    path = lock_path(root)
    shown = display_path(path, root)
    import filelock  # loaded by the commands that write, not by every start-up

    lock = filelock.FileLock(path, timeout=max(wait, 0.0))
    try:
        lock.acquire()
    except filelock.Timeout:
        raise ProjectBusy.at(
            shown,
            None,
            f"another workflow command is writing this project; gave up after waiting {wait:g} s"
            " (run again when it has finished, or wait longer with: workflow --wait SECONDS ...)",
        ) from None
    except OSError as exc:
        raise WorkflowError.at(shown, None, f"cannot create the project lock file: {exc.strerror or exc}") from exc
    try:
        yield path
    finally:
        lock.release()
