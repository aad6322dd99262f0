"""Report downloads: the format asked for (parameter, else Accept), CSV with a header row,
XLSX read back with openpyxl."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from starlette.responses import StreamingResponse

from services.query.downloads import (
    CSV_TYPE,
    XLSX_TYPE,
    Cell,
    Format,
    Sheet,
    download,
    wanted_format,
)

SITI_ROW = ("198503302010011002", "Siti Rahmá", Decimal("13.50"), date(2025, 3, 10), None, True)
SHEET_ROWS: list[Sequence[Cell]] = [SITI_ROW]
COLUMNS = ("nip", "name", "jp", "day", "note", "met")


@pytest.mark.parametrize(
    ("asked", "accept", "expected"),
    [
        (None, None, Format.JSON),
        (None, "application/json", Format.JSON),
        (None, "text/csv", Format.CSV),
        (None, f"application/json;q=0.5, {XLSX_TYPE}", Format.XLSX),
        (Format.JSON, "text/csv", Format.JSON),  # the parameter wins
        (Format.CSV, None, Format.CSV),
    ],
)
def test_the_format_asked_for(asked: Format | None, accept: str | None, expected: Format) -> None:
    assert wanted_format(asked, accept) is expected


async def body_of(kind: Format, rows: Sequence[Sequence[Cell]]) -> tuple[bytes, dict[str, str]]:
    response = await download(Sheet("compliance-DKI-2025", COLUMNS, rows), kind)
    if isinstance(response, StreamingResponse):
        body = b"".join([bytes(chunk) async for chunk in response.body_iterator])  # type: ignore[arg-type]
    else:
        body = bytes(response.body)
    return body, dict(response.headers)


async def test_csv_is_utf8_with_a_header_row() -> None:
    body, headers = await body_of(Format.CSV, SHEET_ROWS)
    assert headers["content-type"] == f"{CSV_TYPE}; charset=utf-8"
    assert headers["content-disposition"] == 'attachment; filename="compliance-DKI-2025.csv"'
    assert body.decode() == (
        "nip,name,jp,day,note,met\r\n198503302010011002,Siti Rahmá,13.50,2025-03-10,,true\r\n"
    )


async def test_csv_streams_every_row() -> None:
    rows: list[Sequence[Cell]] = [(str(n), "x", Decimal(n), None, None, False) for n in range(1234)]
    body, _ = await body_of(Format.CSV, rows)
    lines = body.decode().splitlines()
    assert len(lines) == 1 + 1234 and lines[-1] == "1233,x,1233,,,false"


async def test_xlsx_reads_back_with_its_types() -> None:
    body, headers = await body_of(Format.XLSX, SHEET_ROWS)
    assert headers["content-type"] == XLSX_TYPE
    assert headers["content-disposition"].endswith('filename="compliance-DKI-2025.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    sheet = book["compliance-DKI-2025"]
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == COLUMNS
    nip, name, jp, day, note, met = rows[1]
    assert (nip, name, jp, note, met) == ("198503302010011002", "Siti Rahmá", 13.5, None, True)
    assert day is not None and day.date() == date(2025, 3, 10)  # type: ignore[union-attr]
