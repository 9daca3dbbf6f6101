"""One error type for everything the user can fix, carrying a 1-based file location and an exit code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

__all__ = [
    "EXIT_OK",
    "EXIT_ERROR",
    "EXIT_USAGE",
    "EXIT_PROBLEMS",
    "Location",
    "WorkflowError",
    "SourceError",
    "CatalogError",
    "ConfigError",
    "LocaleError",
    "BuildError",
]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_PROBLEMS = 3


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file; ``line`` is 1-based, like gettext references and compiler messages."""

    path: str
    """The file, as the user named it or relative to the project root."""
    line: int | None = None
    """1-based line number, or None when the whole file is meant."""

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


class WorkflowError(Exception):
    """An expected failure (bad input, I/O, configuration): printed as ``path:line: error: message``."""

    exit_code: ClassVar[int] = EXIT_ERROR

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    @classmethod
    def at(cls, path: Path | str, line: int | None, message: str) -> "WorkflowError":
        """Build the error for ``path`` (and ``line``, 1-based) without spelling out a Location."""
        return cls(message, Location(str(path), line))

    def format_message(self) -> str:
        prefix = f"{self.location}: " if self.location else ""
        return f"{prefix}error: {self.message}"

    def __str__(self) -> str:
        return self.format_message()


class SourceError(WorkflowError):
    """A source report cannot be read or split."""


class CatalogError(WorkflowError):
    """A PO/POT catalog cannot be read, or contradicts the project."""


class ConfigError(WorkflowError):
    """The project configuration or a command-line option names something that does not exist."""


class LocaleError(ConfigError):
    """A language code that Babel does not know."""


class BuildError(WorkflowError):
    """A localized document cannot be written."""
