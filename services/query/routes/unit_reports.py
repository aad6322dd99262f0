"""A unit's competency coverage, participation by provider type, inactive learners, and its
SIASN riwayat-kursus export (scope ``reports/read``, errors as RFC 9457 problem details)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from services.common.auth import require_scope
from services.common.credentials.scopes import REPORTS
from services.query.downloads import DOWNLOAD_RESPONSES, Format, download
from services.query.pagination import Ordering
from services.query.report_sheets import (
    SIASN_COLUMNS,
    coverage_sheet,
    inactive_sheet,
    providers_sheet,
    siasn_sheet,
)
from services.query.routes.errors import NotFound
from services.query.routes.params import Cursor, FormatDep, Limit, StatusFilter, YearQuery
from services.query.unit_report_models import (
    CoverageResponse,
    InactiveLearner,
    InactiveResponse,
    ProvidersResponse,
    SiasnExportResponse,
)
from services.query.unit_reports import UnitReports
from services.query.unit_views import (
    coverage_response,
    inactive_learner,
    kursus_row,
    providers_response,
)

router = APIRouter(tags=["reports"], dependencies=[Depends(require_scope(REPORTS))])

BY_NIP: Ordering[InactiveLearner] = Ordering(
    key=lambda i: (i.nip,), dump=lambda k: [k[0]], load=lambda v: (str(v[0]),)
)


def get_unit_reports(request: Request) -> UnitReports:
    reader: UnitReports = request.app.state.unit_reports
    return reader


UnitReportsDep = Annotated[UnitReports, Depends(get_unit_reports)]


def _unknown(unit: str) -> NotFound:
    return NotFound(f"no unit {unit} in the unit tree or the roster")


@router.get(
    "/units/{unit}/coverage",
    summary="Which competencies a unit's learners developed",
    response_model=CoverageResponse,
    responses=DOWNLOAD_RESPONSES,
)
async def unit_coverage(
    unit: str, reports: UnitReportsDep, year: YearQuery, as_file: FormatDep
) -> CoverageResponse | Response:
    """Per competency type and per competency: how many learners of the unit and every unit
    under it have credited events in it, how many events, and their recognised JP."""
    found = await reports.coverage(unit, year)
    if found is None:
        raise _unknown(unit)
    report = coverage_response(*found)
    if as_file is not Format.JSON:
        return await download(coverage_sheet(f"coverage-{unit}-{year}", report), as_file)
    return report


@router.get(
    "/units/{unit}/providers",
    summary="A unit's participation by provider type",
    response_model=ProvidersResponse,
    responses=DOWNLOAD_RESPONSES,
)
async def unit_providers(
    unit: str, reports: UnitReportsDep, year: YearQuery, as_file: FormatDep
) -> ProvidersResponse | Response:
    """Per provider type (government, university, private; unknown for providers the catalog
    does not list) and per provider: learners, credited enrolments, recognised JP."""
    found = await reports.providers(unit, year)
    if found is None:
        raise _unknown(unit)
    report = providers_response(*found)
    if as_file is not Format.JSON:
        return await download(providers_sheet(f"providers-{unit}-{year}", report), as_file)
    return report


@router.get(
    "/units/{unit}/inactive",
    summary="A unit's learners with no credited learning",
    response_model=InactiveResponse,
    responses=DOWNLOAD_RESPONSES,
)
async def unit_inactive(
    unit: str,
    request: Request,
    reports: UnitReportsDep,
    year: YearQuery,
    as_file: FormatDep,
    since: Annotated[
        date | None, Query(description="Also those whose last credited event is before it.")
    ] = None,
    status: StatusFilter = None,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> InactiveResponse | Response:
    """Roster members of the unit and every unit under it without a credited event in the
    year (or since ``since``), by NIP, paged."""
    after = BY_NIP.after(cursor)
    found = await reports.inactive(unit, year, since, status)
    if found is None:
        raise _unknown(unit)
    learners = [inactive_learner(m, found.last_credited[m.nip]) for m in found.members]
    if as_file is not Format.JSON:
        name = f"inactive-{unit}-{year}" + (f"-{status.value}" if status else "")
        return await download(inactive_sheet(name, learners), as_file)
    shown, following = BY_NIP.page(learners, after, limit, request.url)
    return InactiveResponse(
        unit=unit,
        year=year,
        since=since,
        status=None if status is None else status.value,
        learners=len(found.scope.members),
        inactive_count=len(learners),
        inactive=shown,
        next=following,
    )


@router.get(
    "/units/{unit}/siasn-export",
    summary="Recognised learning as SIASN riwayat kursus records",
    response_model=SiasnExportResponse,
    responses=DOWNLOAD_RESPONSES,
)
async def siasn_export(
    unit: str, reports: UnitReportsDep, year: YearQuery, as_file: FormatDep
) -> SiasnExportResponse | Response:
    """One record per enrolment (activity + registration) credited in the year, for every
    learner of the unit and the units under it, in SIASN's shape: ``jenisDiklatId``,
    ``namaKursus``, ``institusiPenyelenggara``, ``jumlahJam`` (recognised JP rounded with
    the catalog's ``siasn_hours_rounding``, half up by default), ``tanggalKursus``,
    ``tanggalSelesaiKursus`` (dd-mm-yyyy), ``tahunKursus``, ``nomorSertipikat``; leadership
    training (not a riwayat kursus) left out."""
    found = await reports.siasn_export(unit, year)
    if found is None:
        raise _unknown(unit)
    rows = [kursus_row(record) for record in found]
    if as_file is not Format.JSON:
        return await download(siasn_sheet(f"siasn-kursus-{unit}-{year}", rows), as_file)
    # Serialised here, not through the response model: see ``kursus_row``.
    records = [dict(zip(SIASN_COLUMNS, row, strict=True)) for row in rows]
    return Response(
        orjson.dumps({"unit": unit, "year": year, "records": records}),
        media_type="application/json",
    )
