"""Every report as a sheet (a header and rows) for its CSV and XLSX downloads.

A download lists the whole report: a learner's events, every member of a compliance report
(not only the page of those under target), every inactive learner, every SIASN record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from services.competency.compliance import MemberYear
from services.query.downloads import Cell, Sheet
from services.query.report_models import NeedsMappingResponse, TimelineEntry
from services.query.unit_report_models import (
    CoverageResponse,
    InactiveLearner,
    KursusRecordModel,
    ProvidersResponse,
)

EVENT_COLUMNS = (
    "nip", "statement_id", "local_date", "timestamp", "kind", "verb", "activity",
    "registration", "form", "competencies", "provider", "claimed_jp", "rule_jp",
    "recognised_jp", "credited", "not_credited",
)  # fmt: skip
SIASN_COLUMNS = tuple(KursusRecordModel.model_fields)


def events_sheet(name: str, nip: str, events: Iterable[TimelineEntry]) -> Sheet:
    rows = (
        (nip, e.statement_id, e.local_date, e.timestamp.isoformat(), e.kind, e.verb, e.activity,
         e.registration, e.form, ";".join(e.competencies), e.provider, e.claimed_jp, e.rule_jp,
         e.recognised_jp, e.credited, e.not_credited)
        for e in events
    )  # fmt: skip
    return Sheet(name, EVENT_COLUMNS, rows)


def compliance_sheet(name: str, years: Sequence[MemberYear], branches: dict[str, str]) -> Sheet:
    columns = ("nip", "name", "unit", "branch", "status", "recognised_jp", "target_jp", "met",
               "shortfall")  # fmt: skip
    rows = (
        (y.member.nip, y.member.name, y.member.unit_code, branches.get(y.member.unit_code),
         y.member.status.value, y.recognised_jp, y.target_jp, y.met,
         None if y.target_jp is None else y.shortfall)
        for y in years
    )  # fmt: skip
    return Sheet(name, columns, rows)


def needs_mapping_sheet(name: str, report: NeedsMappingResponse) -> Sheet:
    rows: list[Sequence[Cell]] = [
        ("learner", item.learner_key, "learner", item.statements) for item in report.learners
    ]
    rows += [("activity", item.activity, item.gap, item.statements) for item in report.activities]
    return Sheet(name, ("kind", "key", "gap", "statements"), rows)


def coverage_sheet(name: str, report: CoverageResponse) -> Sheet:
    columns = ("level", "key", "code", "name", "type", "learners", "events", "jp")
    rows: list[Sequence[Cell]] = [
        ("type", t.type, None, None, t.type, t.learners, t.events, t.jp) for t in report.by_type
    ]
    rows += [
        ("competency", c.competency, c.code, c.name, c.type, c.learners, c.events, c.jp)
        for c in report.competencies
    ]
    return Sheet(name, columns, rows)


def providers_sheet(name: str, report: ProvidersResponse) -> Sheet:
    columns = ("level", "type", "provider", "name", "learners", "enrolments", "jp")
    rows: list[Sequence[Cell]] = [
        ("type", t.type, None, None, t.learners, t.enrolments, t.jp) for t in report.by_type
    ]
    rows += [
        ("provider", p.type, p.provider, p.name, p.learners, p.enrolments, p.jp)
        for p in report.providers
    ]
    return Sheet(name, columns, rows)


def inactive_sheet(name: str, learners: Iterable[InactiveLearner]) -> Sheet:
    columns = ("nip", "name", "unit", "status", "last_credited")
    rows = ((i.nip, i.name, i.unit, i.status, i.last_credited) for i in learners)
    return Sheet(name, columns, rows)


def siasn_sheet(name: str, rows: Iterable[Sequence[Cell]]) -> Sheet:
    """``rows`` as ``unit_views.kursus_row`` makes them."""
    return Sheet(name, SIASN_COLUMNS, rows)
