"""A unit's competency coverage, participation by provider, inactive learners and SIASN export.

The first three read the unit-years of the subtree (``unit_scope``): one ``_id`` read per
unit, whatever the number of learners. The SIASN export needs each enrolment's events, so it
reads the learner-years, by ``_id``, of the members whose unit-year says they were credited.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import orjson
from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import Document, find_by_ids
from services.competency.catalog import Catalog
from services.competency.compliance import Member
from services.competency.employment import EmployeeStatus
from services.competency.providers import UNKNOWN, provider_type
from services.competency.siasn_kursus import KursusRecord, YearEvent, riwayat_kursus
from services.competency.unit_activity import Lines, coverage, inactive, participation
from services.competency.year_breakdown import NO_PROVIDER, YearBreakdown
from services.competency_store.collections import LEARNER_YEARS, learner_year_id
from services.competency_store.documents import facts_from_text, outcomes_of
from services.query.unit_directory import UnitDirectory
from services.query.unit_scope import EMPTY, UnitScope, UnitYears, unit_scope


@dataclass(frozen=True, slots=True)
class UnitBreakdowns:
    scope: UnitScope
    catalog: Catalog
    # NIP -> breakdown, for every member (the empty one when they had no event).
    breakdowns: dict[str, YearBreakdown]


@dataclass(frozen=True, slots=True)
class Inactive:
    scope: UnitScope
    members: list[Member]
    last_credited: dict[str, date | None]


class UnitReports:
    def __init__(
        self,
        db: AsyncDatabase[Document],
        catalog: Callable[[], Awaitable[Catalog]],
        directory: UnitDirectory,
        unit_years: UnitYears,
    ) -> None:
        self._db = db
        self._catalog = catalog
        self._directory = directory
        self._unit_years = unit_years

    async def breakdowns(
        self, unit: str, year: int, status: EmployeeStatus | None = None
    ) -> UnitBreakdowns | None:
        """None when neither the unit tree nor the roster knows the unit."""
        scope = await unit_scope(self._directory, unit, year, status)
        if scope is None:
            return None
        catalog = await self._catalog()
        records = await self._unit_years.member_records(scope, catalog)
        found = {m.nip: records[m.nip].breakdown if m.nip in records else EMPTY
                 for m in scope.members}  # fmt: skip
        return UnitBreakdowns(scope, catalog, found)

    async def coverage(self, unit: str, year: int) -> tuple[UnitBreakdowns, Lines] | None:
        found = await self.breakdowns(unit, year)
        return None if found is None else (found, coverage(found.breakdowns.values()))

    async def providers(self, unit: str, year: int) -> tuple[UnitBreakdowns, Lines] | None:
        found = await self.breakdowns(unit, year)
        if found is None:
            return None
        providers = found.catalog.providers

        def type_of(provider: str) -> str:
            return UNKNOWN if provider == NO_PROVIDER else provider_type(providers, provider)

        return found, participation(found.breakdowns.values(), type_of)

    async def inactive(
        self, unit: str, year: int, since: date | None, status: EmployeeStatus | None
    ) -> Inactive | None:
        found = await self.breakdowns(unit, year, status)
        if found is None:
            return None
        quiet = inactive(found.scope.members, found.breakdowns, since)
        last = {m.nip: found.breakdowns[m.nip].last_credited for m in quiet}
        return Inactive(found.scope, quiet, last)

    async def siasn_export(self, unit: str, year: int) -> list[KursusRecord] | None:
        """One record per enrolment credited in the year, by NIP then start date: as the
        unit-years keep them, else (a year written before they were) from the learner-year."""
        scope = await unit_scope(self._directory, unit, year)
        if scope is None:
            return None
        catalog = await self._catalog()
        members = await self._unit_years.member_records(scope, catalog)
        active = {nip: m for nip, m in members.items() if m.breakdown.last_credited is not None}
        older = [nip for nip, m in active.items() if m.kursus is None]
        docs = await find_by_ids(self._db[LEARNER_YEARS], [learner_year_id(n, year) for n in older])
        records: list[KursusRecord] = []
        for nip in sorted(active):
            kursus = active[nip].kursus
            if kursus is not None:
                records += kursus
            elif (doc := docs.get(learner_year_id(nip, year))) is not None:
                records += riwayat_kursus(nip, year, year_events(doc), catalog)
        return records


def year_events(doc: Document) -> list[YearEvent]:
    """A stored learner-year's events with their outcomes (the facts are parsed only for the
    events an outcome names)."""
    texts = {}
    for text in doc.get("events") or []:  # type: ignore[attr-defined]
        texts[str(orjson.loads(text)["statement_id"])] = text
    events = []
    for outcome in outcomes_of(doc):
        text = texts.get(outcome["statement_id"])
        if text is None:
            continue
        facts = facts_from_text(text)
        events.append(
            YearEvent(
                facts=facts,
                local_date=date.fromisoformat(outcome["local_date"]),
                voided=bool(outcome.get("voided")),
                credited=bool(outcome["credited"]),
                form=outcome.get("form"),
                # Written before outcomes kept the provider: the statement's own.
                provider=outcome.get("provider", facts.provider),
                recognised_jp=Decimal(str(outcome["recognised_jp"])),
            )
        )
    return events
