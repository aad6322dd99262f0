"""CSV text -> validated rows, each with the line it started on, or line-numbered errors.

Spreadsheets are how the agency edits these files, so the reader accepts what they write:
a UTF-8 byte order mark, and ";" as the delimiter (Indonesian-locale Excel) when the header
line has no comma, and empty cells padded past the last column. An empty cell means
"not given": the model's default applies.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from services.competency.file_errors import FileError, row_errors

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Row(Generic[M]):
    line: int
    value: M


@dataclass(frozen=True, slots=True)
class Table(Generic[M]):
    rows: tuple[Row[M], ...]
    errors: tuple[FileError, ...]


def read_table(file: str, text: str, model: type[M]) -> Table[M]:
    """Validate every data row of ``text`` as ``model``; bad rows are reported, not raised."""
    records, errors = _records(file, text.removeprefix("\ufeff"))
    if not records:
        errors.append(FileError(file, None, "no header line"))
        return Table((), tuple(errors))
    (header_at, header), *data = records
    names = [name.strip() for name in header]
    header_errors = _check_header(file, header_at, names, model)
    if header_errors:
        return Table((), tuple(header_errors))
    rows: list[Row[M]] = []
    for line, found in data:
        # Spreadsheets sometimes pad rows with empty cells past the last column.
        cells = found[: len(names)] if not any(c.strip() for c in found[len(names) :]) else found
        if len(cells) != len(names):
            errors.append(
                FileError(file, line, f"expected {len(names)} fields, found {len(cells)}")
            )
            continue
        given = {name: cell.strip() for name, cell in zip(names, cells, strict=True)}
        try:
            value = model.model_validate_strings({k: v for k, v in given.items() if v})
        except ValidationError as error:
            errors.extend(row_errors(file, line, error))
            continue
        rows.append(Row(line, value))
    return Table(tuple(rows), tuple(errors))


def _records(file: str, text: str) -> tuple[list[tuple[int, list[str]]], list[FileError]]:
    """(first line, cells) of every non-blank record, and the error that stopped reading.

    ``csv.reader.line_num`` is the last line a record used, and a quoted cell may span
    lines, so a record's first line is one past where the previous one ended.
    """
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if "," not in first_line and ";" in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    ended = 0
    try:
        for cells in reader:
            start, ended = ended + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                records.append((start, cells))
    except csv.Error as error:
        return records, [FileError(file, ended + 1, f"not valid CSV: {error}")]
    return records, []


def _check_header(
    file: str, line: int, names: list[str], model: type[BaseModel]
) -> list[FileError]:
    known = model.model_fields
    errors = [
        FileError(file, line, f"unknown column {name!r}; known: {', '.join(known)}")
        for name in names
        if name not in known
    ]
    errors += [
        FileError(file, line, f"column {name!r} appears more than once")
        for name in sorted({n for n in names if names.count(n) > 1})
    ]
    errors += [
        FileError(file, line, f"required column {name!r} is missing")
        for name, field in known.items()
        if field.is_required() and name not in names
    ]
    return errors
