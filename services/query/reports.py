"""Competency reports, read from the rollups the aggregator maintains (``_id`` reads only,
but for the needs-mapping report, which groups the unmapped events)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import orjson
from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import Document, find_by_ids
from services.competency.catalog import Catalog
from services.competency.catalog_loader import load_catalog, read_catalog_dir
from services.competency.compliance import ComplianceReport, Tally, compliance, subtree
from services.competency.employment import EmployeeStatus
from services.competency.forms import DevelopmentForm
from services.competency_store.collections import (
    CATALOG_DOC,
    LEARNER_YEARS,
    REFERENCE,
    ROSTER,
    UNIT_YEARS,
    UNMAPPED_EVENTS,
    learner_year_id,
    unit_year_id,
)
from services.competency_store.documents import outcomes_of, roster_entry
from services.competency_store.reference import (
    StoredReferenceInvalid,
    load_stored_catalog,
    load_units,
    unit_members,
)
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

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class EventFilter:
    kind: str | None = None
    form: int | None = None
    competency: str | None = None

    def keeps(self, facts: dict[str, Any], outcome: dict[str, Any]) -> bool:
        return (
            not outcome.get("voided")
            and (self.kind is None or facts["kind"] == self.kind)
            and (self.form is None or outcome.get("form") == self.form)
            and (self.competency is None or self.competency in (outcome.get("competencies") or []))
        )


class ReportReader:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._db = db
        self._catalog: Catalog | None = None

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
            events=_timeline(doc, only),
        )

    async def compliance(self, unit: str, year: int) -> ComplianceResponse | None:
        """None when neither the unit tree nor the roster knows the unit."""
        tree = await load_units(self._db)
        day = min(date(year, 12, 31), datetime.now(UTC).date())
        branches = subtree(tree, unit, day)
        members = await unit_members(self._db, branches)
        if not members and (tree is None or tree.unit_on(unit, day) is None):
            return None
        recognised = await self._recognised(branches, year, {m.nip for m in members})
        catalog = await self.catalog()

        def target_for(status: EmployeeStatus) -> Decimal | None:
            target = catalog.targets.target_for(status, year)
            return None if target is None else target.jp

        report = compliance(unit, year, branches, members, recognised, target_for)
        return _compliance_response(report)

    async def _recognised(
        self, units: Iterable[str], year: int, nips: set[str]
    ) -> dict[str, Decimal]:
        """NIP -> recognised JP: from the unit-years, else (a learner who moved in, say)
        from their learner-year."""
        docs = await find_by_ids(self._db[UNIT_YEARS], [unit_year_id(u, year) for u in units])
        found: dict[str, Decimal] = {}
        for doc in docs.values():
            for member in dict(doc.get("members") or {}).values():  # type: ignore[call-overload]
                if member["nip"] in nips:
                    found[member["nip"]] = Decimal(member["recognised_jp"])
        missing = [learner_year_id(nip, year) for nip in nips - set(found)]
        years = await find_by_ids(self._db[LEARNER_YEARS], missing, {"recognised_jp": True})
        for key, doc in years.items():
            found[key.rsplit(":", 1)[0]] = Decimal(str(doc["recognised_jp"]))
        return found

    async def needs_mapping(self, limit: int) -> NeedsMappingResponse:
        events = self._db[UNMAPPED_EVENTS]
        by_learner = events.aggregate(
            [
                {"$match": {"voided": False, "gaps": "learner"}},
                {"$group": {"_id": "$learner_key", "statements": {"$sum": 1}}},
                {"$sort": {"statements": -1, "_id": 1}},
                {"$limit": limit},
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
                    {"$limit": limit},
                ]
            )
            activities += [
                UnmappedActivity(activity=str(d["_id"]), gap=gap, statements=d["statements"])
                async for d in await by_activity
            ]
        return NeedsMappingResponse(learners=learners, activities=activities)


def _timeline(doc: dict[str, Any], only: EventFilter) -> list[TimelineEntry]:
    """The year's events in event order, each with what it counted for."""
    facts = {}
    for text in doc.get("events") or []:
        item = orjson.loads(text)
        facts[str(item["statement_id"])] = item
    return [
        entry_of(facts[outcome["statement_id"]], outcome)
        for outcome in outcomes_of(doc)
        if outcome["statement_id"] in facts and only.keeps(facts[outcome["statement_id"]], outcome)
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


def _compliance_response(report: ComplianceReport) -> ComplianceResponse:
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
            for item in report.under_target
        ],
    )
