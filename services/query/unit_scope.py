"""Who a unit report is about, and what their year came to, read from the rollups.

The learners are the roster's members of the unit and every unit under it, in the tree as it
stood on the report day (the year's last day, or today in the current year). What their year
came to is read from the unit-years (one ``_id`` read per unit), which keep each member's
JP and breakdown; a learner missing there (moved in since their last event, say), or written
before breakdowns were kept, is read from their learner-year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import Document, find_by_ids
from services.competency.catalog import Catalog
from services.competency.compliance import Member, subtree
from services.competency.employment import EmployeeStatus
from services.competency.year_breakdown import YearBreakdown, breakdown
from services.competency_store.breakdown_doc import breakdown_from_text, credits_of_doc
from services.competency_store.collections import (
    LEARNER_YEARS,
    UNIT_YEARS,
    learner_year_id,
    unit_year_id,
)
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
    """A member's year; members without a single event have none."""

    recognised_jp: Decimal
    breakdown: YearBreakdown


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


async def member_records(
    db: AsyncDatabase[Document], scope: UnitScope, catalog: Catalog, *, breakdowns: bool = True
) -> dict[str, MemberRecord]:
    """NIP -> the member's year, for the members that have one. Without ``breakdowns`` only
    the JP are wanted, and a unit-year member written before breakdowns were kept does."""
    nips = {m.nip for m in scope.members}
    docs = await find_by_ids(db[UNIT_YEARS], [unit_year_id(u, scope.year) for u in scope.branches])
    found: dict[str, MemberRecord] = {}
    for doc in docs.values():
        for member in dict(doc.get("members") or {}).values():  # type: ignore[call-overload]
            nip = member["nip"]
            if nip not in nips or (breakdowns and member.get("breakdown") is None):
                continue
            found[nip] = MemberRecord(
                Decimal(member["recognised_jp"]),
                EMPTY
                if member.get("breakdown") is None
                else breakdown_from_text(member["breakdown"], member.get("last_credited")),
            )
    missing = [learner_year_id(nip, scope.year) for nip in nips - set(found)]
    only_jp = None if breakdowns else {"recognised_jp": True}
    for key, doc in (await find_by_ids(db[LEARNER_YEARS], missing, only_jp)).items():
        nip = key.rsplit(":", 1)[0]
        found[nip] = (
            _from_learner_year(doc, catalog)
            if breakdowns
            else MemberRecord(Decimal(str(doc["recognised_jp"])), EMPTY)
        )
    return found


def _from_learner_year(doc: Document, catalog: Catalog) -> MemberRecord:
    if doc.get("breakdown") is not None:
        kept = breakdown_from_text(doc["breakdown"], doc.get("last_credited"))
    else:

        def type_of(iri: str) -> str | None:
            competency = catalog.competency(iri)
            return None if competency is None else competency.type.value

        kept = breakdown(credits_of_doc(doc), type_of)
    return MemberRecord(Decimal(str(doc["recognised_jp"])), kept)
