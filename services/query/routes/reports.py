"""Competency reports: a learner's year, a unit's compliance, what needs mapping.

All need the ``reports/read`` scope. Errors are RFC 9457 problem details.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from services.common.auth import require_scope
from services.common.credentials.scopes import REPORTS
from services.query.report_models import (
    ComplianceResponse,
    LearnerYearReport,
    NeedsMappingResponse,
)
from services.query.reports import EventFilter, ReportReader
from services.query.routes.errors import NotFound

router = APIRouter(tags=["reports"], dependencies=[Depends(require_scope(REPORTS))])

Year = Annotated[int, Path(ge=2000, le=2999)]


def get_reports(request: Request) -> ReportReader:
    reader: ReportReader = request.app.state.reports
    return reader


ReportsDep = Annotated[ReportReader, Depends(get_reports)]


@router.get("/learners/{nip}/years/{year}")
async def learner_year(
    nip: str,
    year: Year,
    reports: ReportsDep,
    kind: Annotated[str | None, Query(description="Only events of this kind.")] = None,
    form: Annotated[int | None, Query(ge=1, description="Only events of this form.")] = None,
    competency: Annotated[str | None, Query(description="Only events of this IRI.")] = None,
) -> LearnerYearReport:
    """Recognised JP of a roster learner's year by competency type and form, the target,
    and the year's events (voided ones left out) with what each counted for."""
    report = await reports.learner_year(nip, year, EventFilter(kind, form, competency))
    if report is None:
        raise NotFound(f"no learner with NIP {nip} on the roster")
    return report


@router.get("/units/{unit}/compliance")
async def unit_compliance(
    unit: str,
    reports: ReportsDep,
    year: Annotated[int, Query(ge=2000, le=2999)],
) -> ComplianceResponse:
    """Learners of the unit and every unit under it: at or under target, JP distribution."""
    report = await reports.compliance(unit, year)
    if report is None:
        raise NotFound(f"no unit {unit} in the unit tree or the roster")
    return report


@router.get("/needs-mapping")
async def needs_mapping(
    reports: ReportsDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> NeedsMappingResponse:
    """Learner identifiers the roster lacks and activities the catalog cannot map, with how
    many kept (uncounted) statements each holds; the most first."""
    return await reports.needs_mapping(limit)
