"""Query parameters the report routes share: download format, page, reporting year, employee
status."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Query

from services.competency.employment import EmployeeStatus
from services.query.downloads import Format, wanted_format
from services.query.pagination import MAX_LIMIT

YearQuery = Annotated[int, Query(ge=2000, le=2999, description="Reporting year.")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
StatusFilter = Annotated[
    EmployeeStatus | None, Query(description="Only learners of this employee status.")
]
Cursor = Annotated[
    str | None, Query(description="Opaque: the `next` URL of the previous page carries it.")
]


def file_format(
    asked: Annotated[
        Format | None,
        Query(
            alias="format",
            description="json (default), or csv / xlsx to download the whole report; "
            "`Accept: text/csv` or the XLSX media type does the same.",
        ),
    ] = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Format:
    return wanted_format(asked, accept)


FormatDep = Annotated[Format, Depends(file_format)]
