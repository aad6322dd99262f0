"""Errors that point into a file, so whoever edits the file can find and fix the row."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError


@dataclass(frozen=True, slots=True)
class FileError:
    file: str
    line: int | None
    message: str
    column: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return (
            f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


@dataclass(frozen=True, slots=True)
class Rejected:
    """A file (or file set) that did not validate; whoever asked keeps what it had."""

    errors: tuple[FileError, ...]


def row_errors(file: str, line: int, error: ValidationError) -> list[FileError]:
    """One error per failed column; model-level checks have no column."""
    found = []
    for detail in error.errors(include_url=False, include_input=False):
        column = ".".join(str(part) for part in detail["loc"][:1]) or None
        message = detail["msg"].removeprefix("Value error, ")
        found.append(FileError(file, line, message, column))
    return found
