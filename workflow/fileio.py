"""Reading with explicit encodings and writing atomically: the only module that touches file contents."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import SourceError, WorkflowError

__all__ = ["read_text", "write_atomic", "display_path"]


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
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise error.at(shown, None, "no such file") from None
    except IsADirectoryError:
        raise error.at(shown, None, "is a directory, not a file") from None
    except OSError as exc:
        raise error.at(shown, None, f"cannot read: {exc.strerror or exc}") from exc
    return decode_utf8(data, shown, error)


def decode_utf8(data: bytes, shown: str, error: type[WorkflowError] = SourceError) -> str:
    """Decode bytes as UTF-8 or raise ``error`` at the line of the first bad byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise error.at(shown, 1, "file is UTF-16; convert it to UTF-8 (for example: iconv -f UTF-16 -t UTF-8)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error.at(
            shown, line, f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise error.at(shown, line, "NUL byte in text file; is this a binary file?")
    return text


def write_atomic(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` so that a crash leaves the old file or the new one, never half.

    Returns False, touching nothing (not even the mtime), when the file already holds ``data``.
    """
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise WorkflowError.at(path, None, f"cannot read: {exc.strerror or exc}") from exc
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise WorkflowError.at(path, None, f"cannot write: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _keep_mode(path, temp_name)
        os.replace(temp_name, path)
    except BaseException as exc:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise WorkflowError.at(path, None, f"cannot write: {exc.strerror or exc}") from exc
        raise
    _sync_directory(path.parent)
    return True


def _keep_mode(path: Path, temp_name: str) -> None:
    """mkstemp creates 0600 files; give the new file the old one's mode, or the umask default."""
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temp_name, mode)


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
