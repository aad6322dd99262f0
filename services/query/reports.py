"""Competency reports, read from the rollups the aggregator maintains (``_id`` reads only,
but for the needs-mapping report, which groups the unmapped events)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import orjson
from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import Document, find_by_ids
from services.competency.catalog import Catalog
from services.competency.catalog_loader import load_catalog, read_catalog_dir
from services.competency.compliance import ComplianceReport, MemberYear, Tally, compliance
from services.competency.employment import EmployeeStatus
from services.competency.forms import DevelopmentForm
from services.competency.roster import RosterEntry
from services.competency_store.catalog_store import load_stored_catalog
from services.competency_store.collections import (
    CATALOG_DOC,
    LEARNER_YEARS,
    REFERENCE,
    ROSTER,
    UNMAPPED_EVENTS,
    learner_year_id,
)
from services.competency_store.documents import outcomes_of, roster_entry
from services.competency_store.reference import StoredReferenceInvalid
from services.query.report_models import (
    ComplianceResponse,
    FormJp,
    LearnerYearReport,
    NeedsMappingResponse,
    TallyReport,
    TimelineEntry,
    UnderTarget,
    UnmappedActivity,
    UnmappedLearner,
    entry_of,
)
from services.query.unit_directory import UnitDirectory
from services.query.unit_scope import UnitYears, unit_scope

ZERO = Decimal(0)
TypeOf = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events of a learner's year(s) to show: voided ones never; ``type`` is a
    competency type (an event of any competency of it); ``start`` and ``end`` bound the
    event's local date, both included."""

    kind: str | None = None
    form: int | None = None
    competency: str | None = None
    type: str | None = None
    start: date | None = None
    end: date | None = None

    def keeps(
        self, facts: dict[str, Any], outcome: dict[str, Any], type_of: TypeOf = lambda _: None
    ) -> bool:
        competencies = outcome.get("competencies") or []
        day = date.fromisoformat(outcome["local_date"])
        return (
            not outcome.get("voided")
            and (self.kind is None or facts["kind"] == self.kind)
            and (self.form is None or outcome.get("form") == self.form)
            and (self.competency is None or self.competency in competencies)
            and (self.type is None or any(type_of(iri) == self.type for iri in competencies))
            and (self.start is None or self.start <= day)
            and (self.end is None or day <= self.end)
        )


@dataclass(frozen=True, slots=True)
class UnitCompliance:
    report: ComplianceReport
    # Every member of the subtree (of the status asked for), by NIP: what a download lists.
    years: list[MemberYear]
    branches: dict[str, str]


class ReportReader:
    def __init__(self, db: AsyncDatabase[Document], directory: UnitDirectory | None = None) -> None:
        self._db = db
        self._catalog: Catalog | None = None
        self.directory = directory or UnitDirectory(db)
        self.unit_years = UnitYears(db)

    async def catalog(self) -> Catalog:
        """The catalog the aggregator stored (reloaded when it changes), else the seed."""
        doc = await self._db[REFERENCE].find_one({"_id": CATALOG_DOC}, {"version": True})
        if self._catalog is None or (
            doc is not None and doc["version"] != self._catalog.version.digest
        ):
            catalog = await load_stored_catalog(self._db) or load_catalog(read_catalog_dir())
            if not isinstance(catalog, Catalog):
                raise StoredReferenceInvalid(f"the seed catalog is rejected: {catalog.errors[:3]}")
            self._catalog = catalog
        return self._catalog

    async def learner_year(
        self, nip: str, year: int, only: EventFilter = EventFilter()
    ) -> LearnerYearReport | None:
        """None when the roster does not know the NIP."""
        person = await self._db[ROSTER].find_one({"_id": nip}, {"entry": True})
        if person is None:
            return None
        entry = roster_entry(person)
        catalog = await self.catalog()
        stored = await self._db[LEARNER_YEARS].find_one({"_id": learner_year_id(nip, year)})
        doc: dict[str, Any] = (
            dict(stored) if stored is not None else _empty_year(catalog, entry.status, year)
        )
        forms = catalog.forms
        return LearnerYearReport(
            nip=nip,
            name=entry.name,
            unit=entry.unit_code,
            status=entry.status.value,
            year=year,
            target_jp=_decimal(doc["target_jp"]),
            recognised_jp=Decimal(doc["recognised_jp"]),
            claimed_jp=Decimal(doc["claimed_jp"]),
            met=doc["met"],
            shortfall=_decimal(doc["shortfall"]),
            by_type={kind: Decimal(jp) for kind, jp in doc["by_type"].items()},
            by_form=[
                FormJp(form=f["form"], name=_form_name(forms, f["form"]), jp=Decimal(f["jp"]))
                for f in doc["by_form"]
            ],
            untagged_jp=Decimal(doc["untagged_jp"]),
            credited_events=doc["credited_events"],
            catalog_version=None if doc["catalog"] is None else str(doc["catalog"])[:12],
            events=_timeline(doc, only, _type_of(catalog)),
        )

    async def learner_timeline(
        self, nip: str, only: EventFilter
    ) -> tuple[RosterEntry, list[int], list[TimelineEntry]] | None:
        """The roster entry, the years of the period (``only.start`` to ``only.end``, which
        the caller bounds) and their events in time order; None for a NIP not on the roster."""
        person = await self._db[ROSTER].find_one({"_id": nip}, {"entry": True})
        if person is None or only.start is None or only.end is None:
            return None
        years = list(range(only.start.year, only.end.year + 1))
        catalog = await self.catalog()
        docs = await find_by_ids(self._db[LEARNER_YEARS], [learner_year_id(nip, y) for y in years])
        events = [
            entry
            for year in years
            if (doc := docs.get(learner_year_id(nip, year))) is not None
            for entry in _timeline(dict(doc), only, _type_of(catalog))
        ]
        events.sort(key=lambda e: (e.timestamp, e.statement_id))
        return roster_entry(person), years, events

    async def compliance(
        self, unit: str, year: int, status: EmployeeStatus | None = None
    ) -> UnitCompliance | None:
        """None when neither the unit tree nor the roster knows the unit."""
        scope = await unit_scope(self.directory, unit, year, status)
        if scope is None:
            return None
        catalog = await self.catalog()
        records = await self.unit_years.member_records(scope, catalog, breakdowns=False)
        recognised = {nip: record.recognised_jp for nip, record in records.items()}

        def target_for(status: EmployeeStatus) -> Decimal | None:
            target = catalog.targets.target_for(status, year)
            return None if target is None else target.jp

        report = compliance(unit, year, scope.branches, scope.members, recognised, target_for)
        years = [
            MemberYear(m, recognised.get(m.nip, ZERO), target_for(m.status)) for m in scope.members
        ]
        return UnitCompliance(report, years, scope.branches)

    async def needs_mapping(self) -> NeedsMappingResponse:
        """Every learner and activity with kept statements, the most first; the routes page
        it (the grouped lists are short next to the events they count)."""
        events = self._db[UNMAPPED_EVENTS]
        by_learner = events.aggregate(
            [
                {"$match": {"voided": False, "gaps": "learner"}},
                {"$group": {"_id": "$learner_key", "statements": {"$sum": 1}}},
                {"$sort": {"statements": -1, "_id": 1}},
            ]
        )
        learners = [
            UnmappedLearner(learner_key=str(d["_id"]), statements=d["statements"])
            async for d in await by_learner
        ]
        activities: list[UnmappedActivity] = []
        for gap in ("activity", "form"):
            by_activity = events.aggregate(
                [
                    {"$match": {"voided": False, "gaps": gap}},
                    {"$group": {"_id": "$activity", "statements": {"$sum": 1}}},
                    {"$sort": {"statements": -1, "_id": 1}},
                ]
            )
            activities += [
                UnmappedActivity(activity=str(d["_id"]), gap=gap, statements=d["statements"])
                async for d in await by_activity
            ]
        return NeedsMappingResponse(learners=learners, activities=activities)


def _type_of(catalog: Catalog) -> TypeOf:
    def type_of(iri: str) -> str | None:
        competency = catalog.competency(iri)
        return None if competency is None else competency.type.value

    return type_of


def _timeline(doc: dict[str, Any], only: EventFilter, type_of: TypeOf) -> list[TimelineEntry]:
    """The year's events in event order, each with what it counted for."""
    facts = {}
    for text in doc.get("events") or []:
        item = orjson.loads(text)
        facts[str(item["statement_id"])] = item
    return [
        entry_of(facts[outcome["statement_id"]], outcome)
        for outcome in outcomes_of(doc)
        if outcome["statement_id"] in facts
        and only.keeps(facts[outcome["statement_id"]], outcome, type_of)
    ]


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _form_name(forms: Mapping[int, DevelopmentForm], form: int) -> str | None:
    return forms[form].name if form in forms else None


def _empty_year(catalog: Catalog, status: EmployeeStatus, year: int) -> dict[str, Any]:
    """The year of a roster learner with no event in it."""
    target = catalog.targets.target_for(status, year)
    target_jp = None if target is None else str(target.jp)
    return {
        "target_jp": target_jp,
        "met": None if target is None else target.jp <= 0,
        "shortfall": target_jp,
        "recognised_jp": "0",
        "claimed_jp": "0",
        "untagged_jp": "0",
        "credited_events": 0,
        "by_type": {},
        "by_form": [],
        "catalog": None,
        "events": [],
        "outcomes": "[]",
    }


def _tally(tally: Tally) -> TallyReport:
    return TallyReport(
        learners=tally.learners,
        at_target=tally.at_target,
        under_target=tally.under_target,
        without_target=tally.without_target,
        recognised_jp=tally.recognised_jp,
        distribution=dict(tally.distribution),
    )


def compliance_response(
    report: ComplianceReport, under_target: Sequence[MemberYear]
) -> ComplianceResponse:
    """``under_target``: the page of ``report.under_target`` to answer with."""
    return ComplianceResponse(
        unit=report.unit,
        year=report.year,
        units=list(report.units),
        total=_tally(report.total),
        by_unit={unit: _tally(t) for unit, t in report.by_unit.items()},
        under_target=[
            UnderTarget(
                nip=item.member.nip,
                name=item.member.name,
                unit=item.member.unit_code,
                recognised_jp=item.recognised_jp,
                target_jp=item.target_jp,
                shortfall=item.shortfall,
            )
            for item in under_target
        ],
    )
