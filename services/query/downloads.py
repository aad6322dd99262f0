"""Reports as files: CSV (UTF-8, a header row) or XLSX, chosen by ``format`` or ``Accept``.

A download holds every row of the report, never a page of it. CSV is streamed as it is
written; XLSX is built with openpyxl's write-only workbook (rows are not kept as cells) in a
worker thread, so a large export does not stall the event loop.
"""

from __future__ import annotations

import asyncio
import csv
import io
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeAlias

from openpyxl import Workbook
from starlette.responses import Response, StreamingResponse

CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Cell: TypeAlias = str | int | Decimal | date | bool | None
# Each chunk is written in a worker thread (Starlette iterates a plain iterator there):
# fewer, larger chunks spend less time handing over.
CSV_CHUNK_ROWS = 4000

# For the OpenAPI document of every report that can be downloaded.
DOWNLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            CSV_TYPE: {"schema": {"type": "string"}},
            XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}},
        },
        "description": "JSON, or with `format=csv|xlsx` (or that `Accept`) the whole report "
        "as a file (`Content-Disposition: attachment`).",
    }
}


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


@dataclass(frozen=True, slots=True)
class Sheet:
    """``name`` is the file name without its extension (and the worksheet's title)."""

    name: str
    columns: Sequence[str]
    rows: Iterable[Sequence[Cell]]


def wanted_format(asked: Format | None, accept: str | None) -> Format:
    """``format`` wins; else the first of CSV and XLSX that ``Accept`` names; else JSON."""
    if asked is not None:
        return asked
    types = [part.split(";")[0].strip().lower() for part in (accept or "").split(",")]
    for media_type in types:
        if media_type == CSV_TYPE:
            return Format.CSV
        if media_type == XLSX_TYPE:
            return Format.XLSX
    return Format.JSON


async def download(sheet: Sheet, kind: Format) -> Response:
    disposition = {"Content-Disposition": f'attachment; filename="{sheet.name}.{kind.value}"'}
    if kind is Format.XLSX:
        body = await asyncio.to_thread(_xlsx, sheet)
        return Response(body, media_type=XLSX_TYPE, headers=disposition)
    return StreamingResponse(
        _csv(sheet), media_type=f"{CSV_TYPE}; charset=utf-8", headers=disposition
    )


def _csv(sheet: Sheet) -> Iterator[bytes]:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(sheet.columns)
    rows = iter(sheet.rows)
    while chunk := list(itertools.islice(rows, CSV_CHUNK_ROWS)):
        writer.writerows([_text(cell) for cell in row] for row in chunk)
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    return cell.isoformat() if isinstance(cell, date) else str(cell)


def _xlsx(sheet: Sheet) -> bytes:
    book = Workbook(write_only=True)
    # Worksheet titles are at most 31 characters, without []:*?/\.
    title = "".join(c for c in sheet.name if c not in "[]:*?/\\")[:31] or "report"
    worksheet = book.create_sheet(title)
    worksheet.append(list(sheet.columns))
    for row in sheet.rows:
        worksheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
