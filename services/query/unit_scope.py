"""Who a unit report is about, and what their year came to, read from the rollups.

The learners are the roster's members of the unit and every unit under it, in the tree as it
stood on the report day (the year's last day, or today in the current year). What their year
came to is read from the unit-years (one ``_id`` read per unit), which keep each member's
JP and breakdown; a learner missing there (moved in since their last event, say), or written
before breakdowns were kept, is read from their learner-year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import Document, find_by_ids
from services.competency.catalog import Catalog
from services.competency.compliance import Member, subtree
from services.competency.employment import EmployeeStatus
from services.competency.siasn_kursus import KursusRecord
from services.competency.year_breakdown import YearBreakdown, breakdown
from services.competency_store.breakdown_doc import breakdown_from_text, credits_of_doc
from services.competency_store.collections import (
    LEARNER_YEARS,
    UNIT_YEAR_REVISIONS,
    UNIT_YEARS,
    field_key,
    learner_year_id,
    unit_year_id,
)
from services.competency_store.kursus_doc import kursus_from_text
from services.query.unit_directory import UnitDirectory

EMPTY = YearBreakdown(None, {}, {}, {})


@dataclass(frozen=True, slots=True)
class UnitScope:
    unit: str
    year: int
    # Every unit of the subtree -> the branch it reports under (``compliance.subtree``).
    branches: dict[str, str]
    members: list[Member]


@dataclass(frozen=True, slots=True)
class MemberRecord:
    """A member's year; members without a single event have none. ``kursus``: the year's SIASN
    records, None when written before the rollups kept them."""

    recognised_jp: Decimal
    breakdown: YearBreakdown
    kursus: tuple[KursusRecord, ...] | None = None


def report_day(year: int) -> date:
    return min(date(year, 12, 31), datetime.now(UTC).date())


async def unit_scope(
    directory: UnitDirectory, unit: str, year: int, status: EmployeeStatus | None = None
) -> UnitScope | None:
    """None when neither the unit tree nor the roster knows the unit; ``status`` keeps only
    the members of that employee status."""
    tree = await directory.tree()
    day = report_day(year)
    branches = subtree(tree, unit, day)
    members = await directory.members(branches)
    if not members and (tree is None or tree.unit_on(unit, day) is None):
        return None
    kept = [m for m in members if status is None or m.status is status]
    return UnitScope(unit, year, branches, sorted(kept, key=lambda m: m.nip))


@dataclass(frozen=True, slots=True)
class _Member:
    recognised_jp: Decimal
    breakdown: YearBreakdown | None  # None: written before breakdowns were kept
    kursus: tuple[KursusRecord, ...] | None


class UnitYears:
    """The unit-years' members, kept between reports; a unit-year is read again only when its
    revision (``unit_year_revisions``, counted up by the aggregator after each change) moved,
    so a report over the whole city reads one small document when nothing changed.

    Members missing from the unit-years of the scope (no event yet, or moved in since their
    last one) are looked up in their learner-years, and that answer is kept until any
    unit-year of the year changes: every learner-year write changes a unit-year too.
    """

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._db = db
        self._units: dict[tuple[str, int], tuple[int, dict[str, _Member]]] = {}
        self._others: dict[tuple[str, int], tuple[int, MemberRecord | None]] = {}

    async def member_records(
        self, scope: UnitScope, catalog: Catalog, *, breakdowns: bool = True
    ) -> dict[str, MemberRecord]:
        """NIP -> the member's year, for the members that have one. Without ``breakdowns``
        only the JP are wanted, and a unit-year member written before breakdowns were kept
        does."""
        year = scope.year
        doc = await self._db[UNIT_YEAR_REVISIONS].find_one({"_id": str(year)})
        revisions: dict[str, int] = dict(doc.get("units") or {}) if doc else {}  # type: ignore[call-overload]
        everything = sum(revisions.values())
        stale = [
            unit
            for unit in scope.branches
            if (cached := self._units.get((unit, year))) is None
            or cached[0] != revisions.get(field_key(unit), 0)
        ]
        docs = await find_by_ids(self._db[UNIT_YEARS], [unit_year_id(u, year) for u in stale])
        for unit in stale:
            members = docs.get(unit_year_id(unit, year), {}).get("members") or {}
            self._units[(unit, year)] = (
                revisions.get(field_key(unit), 0),
                {str(m["nip"]): _member(m, year) for m in dict(members).values()},  # type: ignore[call-overload]
            )
        nips = {m.nip for m in scope.members}
        found: dict[str, MemberRecord] = {}
        for unit in scope.branches:
            for nip, member in self._units[(unit, year)][1].items():
                if nip in nips and (member.breakdown is not None or not breakdowns):
                    found[nip] = MemberRecord(
                        member.recognised_jp, member.breakdown or EMPTY, member.kursus
                    )
        missing = sorted(nips - set(found))
        unknown = [
            nip
            for nip in missing
            if (kept := self._others.get((nip, year))) is None or kept[0] != everything
        ]
        docs = await find_by_ids(
            self._db[LEARNER_YEARS], [learner_year_id(n, year) for n in unknown]
        )
        for nip in unknown:
            learner_year = docs.get(learner_year_id(nip, year))
            self._others[(nip, year)] = (
                everything,
                None if learner_year is None else _from_learner_year(learner_year, catalog),
            )
        for nip in missing:
            record = self._others[(nip, year)][1]
            if record is not None:
                found[nip] = record
        return found


def _member(doc: Mapping[str, Any], year: int) -> _Member:
    """Parsed once per revision of its unit-year, not once per report."""
    breakdown = doc.get("breakdown")
    return _Member(
        Decimal(str(doc["recognised_jp"])),
        None if breakdown is None else breakdown_from_text(breakdown, doc.get("last_credited")),
        _kursus(str(doc["nip"]), year, doc.get("kursus")),
    )


def _kursus(nip: str, year: int, text: object) -> tuple[KursusRecord, ...] | None:
    return None if text is None else tuple(kursus_from_text(nip, year, text))


def _from_learner_year(doc: Document, catalog: Catalog) -> MemberRecord:
    if doc.get("breakdown") is not None:
        kept = breakdown_from_text(doc["breakdown"], doc.get("last_credited"))
    else:

        def type_of(iri: str) -> str | None:
            competency = catalog.competency(iri)
            return None if competency is None else competency.type.value

        kept = breakdown(credits_of_doc(doc), type_of)
    nip, year = str(doc["nip"]), int(doc["year"])  # type: ignore[call-overload]
    return MemberRecord(
        Decimal(str(doc["recognised_jp"])), kept, _kursus(nip, year, doc.get("kursus"))
    )
