"""Reading with explicit encodings and writing atomically: the only module that touches file contents."""

from __future__ import annotations

import errno
import os
import re
from functools import lru_cache
from pathlib import Path

from .errors import SourceError, WorkflowError

__all__ = [
    "read_file", "read_bytes", "read_text", "write_unsynced", "write_atomic", "back_up", "BACKUP_CONTROLS", "display_path",
    "WriteBatch",
]


@lru_cache(maxsize=256)
def folder_prefix(*parts: str | os.PathLike[str]) -> str:
    """``os.path.join(*parts)`` with a trailing separator, joined once per process: paths built per report
    (catalogs, editions) then cost one concatenation, where joining Path parts each time took a tenth of
    a run with nothing to do at 10,000 reports."""
    return os.path.join(*parts, "")


def read_file(path: str | os.PathLike[str]) -> bytes:
    """``Path(path).read_bytes()`` in five system calls instead of seven, with no file object: every
    command reads its sources, catalogs and cached objects, thousands of small files, this way."""
    fd = os.open(path, _READ)
    try:
        size = os.fstat(fd).st_size
        parts = []
        while part := os.read(fd, max(size + 1, 65536)):  # the file may grow: read until the end
            parts.append(part)
        return parts[0] if len(parts) == 1 else b"".join(parts)
    finally:
        os.close(fd)


_FLAGS = getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
"""For every open: bytes as they are (Windows translates newlines without O_BINARY), not inherited by children."""
_READ = os.O_RDONLY | _FLAGS


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as users should see it: relative to ``root`` (or the working directory) when inside it."""
    base = (root or Path.cwd()).resolve()
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return str(path)


def read_text(path: Path, shown: str | None = None, error: type[WorkflowError] = SourceError) -> str:
    """Decode a UTF-8 file, naming the line of the first invalid byte.

    The BOM, if any, stays in the returned text so that rebuilding reproduces it.
    """
    shown = shown or str(path)
    return decode_utf8(read_bytes(path, shown, error), shown, error)


def read_bytes(path: Path, shown: str, error: type[WorkflowError] = SourceError) -> bytes:
    """The file's bytes; a missing or unreadable file is an ``error`` naming ``shown``."""
    try:
        return read_file(path)
    except FileNotFoundError:
        raise error.at(shown, None, "no such file") from None
    except IsADirectoryError:
        raise error.at(shown, None, "is a directory, not a file") from None
    except OSError as exc:
        raise error.at(shown, None, f"cannot read: {exc.strerror or exc}") from exc


def decode_utf8(data: bytes, shown: str, error: type[WorkflowError] = SourceError, encoding: str = "UTF-8") -> str:
    """Decode bytes as UTF-8 (or the ``encoding`` a file declares) or raise ``error`` at the line of the
    first bad byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise error.at(shown, 1, "file is UTF-16; convert it to UTF-8 (for example: iconv -f UTF-16 -t UTF-8)")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error.at(
            shown, line, f"invalid {encoding} (byte 0x{data[exc.start]:02x}); save the file as {encoding}"
        ) from None
    if "\x00" in text:
        order = _utf16_without_bom(data)
        if order:
            raise error.at(
                shown, 1, f"file looks like UTF-16 without a byte order mark; convert it to UTF-8"
                f" (for example: iconv -f UTF-16{order} -t UTF-8)",
            )
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise error.at(shown, line, "NUL byte in text file; is this a binary file?")
    if "\x04" in text:  # gettext's context separator: msgfmt rejects a catalog holding it
        line = text.count("\n", 0, text.index("\x04")) + 1
        raise error.at(shown, line, "control character U+0004 (end of transmission) in text; remove it")
    return text


def _utf16_without_bom(data: bytes) -> str:
    """``LE`` or ``BE`` when NUL bytes fill every other byte, as in mostly-Latin UTF-16 text; else ''."""
    nuls = data.count(0)
    if len(data) < 2 or nuls * 3 < len(data):
        return ""
    if data[1::2].count(0) == nuls:
        return "LE"
    if data[0::2].count(0) == nuls:
        return "BE"
    return ""


def write_atomic(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` so that a crash leaves the old file or the new one, never half.

    Returns False, touching nothing (not even the mtime), when the file already holds ``data``. Either
    way, temporary files that a killed run left beside ``path`` are removed: writers hold the project
    lock, so no other run can be writing one of them.
    """
    if _holds(path, data):
        _remove_leftovers(path)
        return False
    _replace(path, data, sync=True)
    _sync_directory(path.parent)
    _remove_leftovers(path)
    return True


BACKUP_CONTROLS = ("none", "off", "numbered", "t", "existing", "nil", "simple", "never")
"""The version-control methods of GNU tools' ``--backup`` (``never`` means simple backups there, too)."""


def back_up(path: Path, control: str, suffix: str = "~") -> Path | None:
    """Copy ``path`` aside before it is replaced, as GNU tools' ``--backup=CONTROL`` does: ``NAME~`` (the
    suffix), ``NAME.~N~`` (numbered), numbered only where numbered copies exist (existing), or none."""
    control = control.lower()
    if control in ("none", "off"):
        return None
    numbered = re.compile(re.escape(path.name) + r"\.~([0-9]+)~")
    numbers = [int(found[1]) for name in os.listdir(path.parent) if (found := numbered.fullmatch(name))]
    if control in ("numbered", "t") or (control in ("existing", "nil") and numbers):
        target = path.with_name(f"{path.name}.~{max(numbers, default=0) + 1}~")
    else:
        target = path.with_name(path.name + suffix)
    write_atomic(target, read_file(path))
    os.chmod(target, os.stat(path).st_mode & 0o7777)
    return target


def write_unsynced(path: Path, data: bytes) -> None:
    """Atomic (a temporary file renamed over ``path``) but not flushed to disk: for the cache, where a
    write lost in a crash costs only time, and a sync per file would cost more than it saves."""
    _replace(path, data, sync=False)


def _replace(path: Path, data: bytes, *, sync: bool) -> None:
    """Stage ``data`` beside ``path`` and rename it over ``path``; a failed rename leaves no temporary file."""
    temp_name = _stage(path, data, sync=sync)
    try:
        os.replace(temp_name, path)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise WorkflowError.at(path, None, f"cannot write: {exc.strerror or exc}") from exc


def temp_prefix(path: Path) -> str:
    """Temporary files for ``path`` are ``.NAME.XXXXXXXX.tmp`` in its folder: hidden, and with a suffix
    that no source or catalog glob matches (``XXXXXXXX`` is random hex; older versions used mkstemp's
    letters, which ``_TEMP_NAME`` still matches)."""
    return f".{path.name}."


def _remove_leftovers(path: Path) -> None:
    """Delete the temporary files of ``path`` that a killed run left behind (``temp_prefix`` names, exactly)."""
    _remove_leftovers_in([path.parent], {path.name})


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` already contains exactly ``data`` (then nothing is written, not even the mtime)."""
    try:
        return read_file(path) == data
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise WorkflowError.at(path, None, f"cannot read: {exc.strerror or exc}") from exc


def _stage(path: Path, data: bytes, *, sync: bool) -> str:
    """Write ``data`` to a new temporary file beside ``path`` (fsynced when ``sync``); returns its name.

    The new file gets the old one's permissions, or the umask's default for a new file. This is
    mkstemp's exclusive create without its extras (no mkdir of a folder that exists, no chmod of a new
    file, no umask round trip, no buffered file object): a new file costs six system calls with the
    rename, not fifteen, and an extract makes three thousand new files per thousand reports.
    """
    try:
        mode = os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise WorkflowError.at(path, None, f"cannot write: {exc.strerror or exc}") from exc
    try:
        fd, temp_name = _create_beside(path, 0o666 if mode is None else mode)
    except OSError as exc:
        raise WorkflowError.at(path, None, f"cannot write: {exc.strerror or exc}") from exc
    try:
        try:
            if mode is not None:
                os.chmod(temp_name, mode)  # exactly the old file's bits, whatever the umask took
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException as exc:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise WorkflowError.at(path, None, f"cannot write: {exc.strerror or exc}") from exc
        raise
    return temp_name


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | _FLAGS


def _create_beside(path: Path, mode: int) -> tuple[int, str]:
    """Create a new file ``.NAME.XXXXXXXX.tmp`` beside ``path`` (its folder made on first need)."""
    prefix = os.path.join(path.parent, temp_prefix(path))
    for _ in range(100):
        temp_name = f"{prefix}{os.urandom(4).hex()}.tmp"
        try:
            return os.open(temp_name, _CREATE, mode), temp_name
        except FileExistsError:
            continue
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(temp_name, _CREATE, mode), temp_name
    raise FileExistsError(errno.EEXIST, "no free temporary file name", prefix)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable; not every platform can open a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class WriteBatch:
    """Atomic writes of many files with one filesystem sync for all of them, not one fsync per file.

    ``write`` puts the data in a temporary file beside its target; ``commit`` makes every temporary file
    durable (one ``syncfs`` on Linux for a large batch, else an fsync per file), then renames each over
    its target and syncs each folder once. So each file is, as with ``write_atomic``, the old one or the
    new one, never half, and nothing is renamed before its data is on disk. Used as a context manager,
    an exception before the commit discards the temporary files and leaves every target untouched.
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, str]] = []

    def __enter__(self) -> "WriteBatch":
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()

    def write(self, path: Path, data: bytes) -> bool:
        """Stage ``data`` for ``path``; False (nothing staged) when the file already holds it."""
        if _holds(path, data):
            return False
        temp_name = _stage(path, data, sync=_syncfs() is None)
        self._staged.append((path, temp_name))
        return True

    def commit(self) -> None:
        """Make the staged files durable, then put each in place."""
        staged, self._staged = self._staged, []
        if not staged:
            return
        folders = list(dict.fromkeys(path.parent for path, _ in staged))
        if _syncfs() is not None and len(staged) > _FSYNC_UP_TO:
            _sync_filesystems(folders)
        elif _syncfs() is not None:
            for _, temp_name in staged:
                _sync_file(temp_name)
        try:
            for index, (path, temp_name) in enumerate(staged):
                os.replace(temp_name, path)
        except OSError as exc:
            for _, left in staged[index:]:
                Path(left).unlink(missing_ok=True)
            raise WorkflowError.at(path, None, f"cannot write: {exc.strerror or exc}") from exc
        for folder in folders:
            _sync_directory(folder)
        _remove_leftovers_in(folders, {path.name for path, _ in staged})

    def hand_over(self) -> list[tuple[Path, str]]:
        """The staged files, which this batch forgets: another batch (in another process) ``take``s them."""
        staged, self._staged = self._staged, []
        return staged

    def take(self, staged: list[tuple[Path, str]]) -> None:
        self._staged.extend(staged)

    def discard(self) -> None:
        """Remove the staged temporary files; no target is touched."""
        staged, self._staged = self._staged, []
        for _, temp_name in staged:
            Path(temp_name).unlink(missing_ok=True)


_FSYNC_UP_TO = 8
"""A batch of this many files or fewer is synced file by file: ``syncfs`` also flushes whatever else is
waiting on the filesystem (a quarter of a second after a one-report edit, here)."""


def _sync_file(name: str) -> None:
    fd = os.open(name, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@lru_cache(maxsize=None)
def _syncfs() -> object | None:
    """libc's ``syncfs`` (Linux): flushes one filesystem, so a batch costs one sync, not one per file.
    Looked up on the first write, so that a run that writes nothing does not load ctypes."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.syncfs
    except (OSError, AttributeError):
        return None


def _sync_filesystems(folders: list[Path]) -> None:
    """One ``syncfs`` per filesystem the folders are on (almost always one)."""
    done: set[int] = set()
    for folder in folders:
        device = folder.stat().st_dev
        if device in done:
            continue
        done.add(device)
        fd = os.open(folder, os.O_RDONLY)
        try:
            if _syncfs()(fd) != 0:  # type: ignore[operator]
                os.sync()
        finally:
            os.close(fd)


def _remove_leftovers_in(folders: list[Path], names: set[str]) -> None:
    """Remove the temporary files that a killed run left for these targets in these folders."""
    for folder in folders:
        found = _leftovers_of(folder)
        for name in names & found.keys():
            for leftover in found.pop(name):
                try:
                    os.unlink(folder / leftover)
                except OSError:
                    pass  # not ours to worry about: the write itself succeeded


_TEMP_NAME = re.compile(r"\.(.+)\.[a-z0-9_]{8}\.tmp")
_leftovers: dict[Path, dict[str, list[str]]] = {}


def _leftovers_of(folder: Path) -> dict[str, list[str]]:
    """The temporary files in ``folder`` by target name, listed once per process: a run writes a folder
    of thousands of catalogs in many batches, and scanning it per batch made a run quadratic. Files that
    appear later are this run's own (the project lock keeps other writers out), renamed or removed by it."""
    found = _leftovers.get(folder)
    if found is None:
        found = _leftovers[folder] = {}
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    match = _TEMP_NAME.fullmatch(entry.name)
                    if match is not None:
                        found.setdefault(match.group(1), []).append(entry.name)
        except OSError:
            pass
    return found
