"""Competency reports: a learner's year and timeline, a unit's compliance, what needs mapping.

All need the ``reports/read`` scope. Errors are RFC 9457 problem details. Every report can
be downloaded whole as CSV or XLSX (``format`` or ``Accept``); list-shaped ones are paged in
JSON (``limit``, ``cursor``, ``next``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from services.common.auth import require_scope
from services.common.credentials.scopes import REPORTS
from services.competency.competencies import CompetencyType
from services.competency.compliance import MemberYear
from services.competency.employment import EmployeeStatus
from services.query.downloads import DOWNLOAD_RESPONSES, Format, download
from services.query.pagination import Ordering
from services.query.report_models import (
    ComplianceResponse,
    LearnerYearReport,
    NeedsMappingResponse,
    TimelineEntry,
    UnmappedActivity,
    UnmappedLearner,
)
from services.query.report_sheets import compliance_sheet, events_sheet, needs_mapping_sheet
from services.query.reports import EventFilter, ReportReader, compliance_response
from services.query.routes.errors import BadRequest, NotFound
from services.query.routes.params import Cursor, FormatDep, Limit, StatusFilter, YearQuery
from services.query.unit_report_models import LearnerTimelineResponse

router = APIRouter(tags=["reports"], dependencies=[Depends(require_scope(REPORTS))])

Year = Annotated[int, Path(ge=2000, le=2999)]
MAX_TIMELINE_YEARS = 10
Kind = Annotated[str | None, Query(description="Only events of this kind (e.g. completed).")]
Form = Annotated[int | None, Query(ge=1, description="Only events of this SIASN form id.")]
Competency = Annotated[str | None, Query(description="Only events of this competency IRI.")]
TypeFilter = Annotated[
    CompetencyType | None, Query(alias="type", description="Only events of this type.")
]
From = Annotated[date | None, Query(alias="from", description="First local date (included).")]
To = Annotated[date | None, Query(alias="to", description="Last local date (included).")]


def get_reports(request: Request) -> ReportReader:
    reader: ReportReader = request.app.state.reports
    return reader


ReportsDep = Annotated[ReportReader, Depends(get_reports)]


@router.get(
    "/learners/{nip}/years/{year}",
    summary="A learner's year",
    response_model=LearnerYearReport,
    responses=DOWNLOAD_RESPONSES,
)
async def learner_year(
    nip: str,
    year: Year,
    reports: ReportsDep,
    as_file: FormatDep,
    kind: Kind = None,
    form: Form = None,
    competency: Competency = None,
    competency_type: TypeFilter = None,
    start: From = None,
    end: To = None,
) -> LearnerYearReport | Response:
    """Recognised JP of a roster learner's year by competency type and form, the target,
    and the year's events (voided ones left out) with what each counted for; the filters
    narrow the events, not the totals."""
    _ordered(start, end)
    only = EventFilter(kind, form, competency, _value(competency_type), start, end)
    report = await reports.learner_year(nip, year, only)
    if report is None:
        raise NotFound(f"no learner with NIP {nip} on the roster")
    if as_file is not Format.JSON:
        return await download(events_sheet(f"learner-{nip}-{year}", nip, report.events), as_file)
    return report


@router.get(
    "/learners/{nip}/competency-timeline",
    summary="A learner's events over several years",
    response_model=LearnerTimelineResponse,
    responses=DOWNLOAD_RESPONSES,
)
async def learner_timeline(
    nip: str,
    request: Request,
    reports: ReportsDep,
    as_file: FormatDep,
    start: From = None,
    end: To = None,
    kind: Kind = None,
    form: Form = None,
    competency: Competency = None,
    competency_type: TypeFilter = None,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> LearnerTimelineResponse | Response:
    """The events of the learner's years from ``from`` (default: 1 January of ``to``'s
    year) to ``to`` (default: today), at most 10 years, oldest first, each with what it
    counted for. (``/learners/{key}/timeline`` is the raw statement timeline by learner key.)"""
    end = end or datetime.now(UTC).date()
    start = start or date(end.year, 1, 1)
    _ordered(start, end)
    if end.year - start.year + 1 > MAX_TIMELINE_YEARS:
        raise BadRequest(f"from and to span more than {MAX_TIMELINE_YEARS} years")
    after = BY_TIME.after(cursor)
    only = EventFilter(kind, form, competency, _value(competency_type), start, end)
    found = await reports.learner_timeline(nip, only)
    if found is None:
        raise NotFound(f"no learner with NIP {nip} on the roster")
    entry, years, events = found
    if as_file is not Format.JSON:
        name = f"timeline-{nip}-{start.isoformat()}-{end.isoformat()}"
        return await download(events_sheet(name, nip, events), as_file)
    shown, following = BY_TIME.page(events, after, limit, request.url)
    return LearnerTimelineResponse(
        nip=nip,
        name=entry.name,
        unit=entry.unit_code,
        status=entry.status.value,
        start=start,
        end=end,
        years=years,
        events=shown,
        next=following,
    )


@router.get(
    "/units/{unit}/compliance",
    summary="A unit's compliance with the yearly JP target",
    response_model=ComplianceResponse,
    responses=DOWNLOAD_RESPONSES,
)
async def unit_compliance(
    unit: str,
    request: Request,
    reports: ReportsDep,
    year: YearQuery,
    as_file: FormatDep,
    status: StatusFilter = None,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> ComplianceResponse | Response:
    """Learners of the unit and every unit under it: at or under target, JP distribution,
    per sub-unit; those under target furthest behind first (paged). A download lists every
    learner."""
    after = FURTHEST_BEHIND.after(cursor)
    found = await reports.compliance(unit, year, status)
    if found is None:
        raise NotFound(f"no unit {unit} in the unit tree or the roster")
    if as_file is not Format.JSON:
        name = f"compliance-{unit}-{year}" + (f"-{status.value}" if status else "")
        return await download(compliance_sheet(name, found.years, found.branches), as_file)
    shown, following = FURTHEST_BEHIND.page(found.report.under_target, after, limit, request.url)
    response = compliance_response(found.report, shown)
    response.status = _value(status)
    response.next = following
    return response


@router.get(
    "/needs-mapping",
    summary="Statements kept but not counted",
    response_model=NeedsMappingResponse,
    responses=DOWNLOAD_RESPONSES,
)
async def needs_mapping(
    request: Request,
    reports: ReportsDep,
    as_file: FormatDep,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> NeedsMappingResponse | Response:
    """Learner identifiers the roster lacks, then activities the catalog cannot map (or
    whose form it lacks), each with how many kept (uncounted) statements it holds, the most
    first. A page holds ``limit`` of them, learners before activities."""
    after = BY_GAP.after(cursor)
    report = await reports.needs_mapping()
    if as_file is not Format.JSON:
        return await download(needs_mapping_sheet("needs-mapping", report), as_file)
    items: list[UnmappedLearner | UnmappedActivity] = [*report.learners, *report.activities]
    shown, following = BY_GAP.page(items, after, limit, request.url)
    return NeedsMappingResponse(
        learners=[i for i in shown if isinstance(i, UnmappedLearner)],
        activities=[i for i in shown if isinstance(i, UnmappedActivity)],
        next=following,
    )


def _gap_order(item: UnmappedLearner | UnmappedActivity) -> tuple[Any, ...]:
    """Learners, then activities the catalog lacks, then those whose form it lacks; each by
    statements (most first), then by key: the order ``needs_mapping`` reads them in."""
    if isinstance(item, UnmappedLearner):
        return (0, -item.statements, item.learner_key)
    return (1 if item.gap == "activity" else 2, -item.statements, item.activity)


# Each list's order, and its sort key as a cursor carries it (JSON: text and integers).
BY_TIME: Ordering[TimelineEntry] = Ordering(
    key=lambda e: (e.timestamp, e.statement_id),
    dump=lambda k: [k[0].isoformat(), k[1]],
    load=lambda v: (datetime.fromisoformat(str(v[0])), str(v[1])),
)
FURTHEST_BEHIND: Ordering[MemberYear] = Ordering(
    key=lambda m: (-m.shortfall, m.member.nip),
    dump=lambda k: [str(-k[0]), k[1]],
    load=lambda v: (-Decimal(str(v[0])), str(v[1])),
)
BY_GAP: Ordering[UnmappedLearner | UnmappedActivity] = Ordering(
    key=_gap_order,
    dump=lambda k: [k[0], -k[1], k[2]],
    load=lambda v: (int(v[0]), -int(v[1]), str(v[2])),
)


def _ordered(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        raise BadRequest("to is before from")


def _value(choice: CompetencyType | EmployeeStatus | None) -> str | None:
    return None if choice is None else choice.value
