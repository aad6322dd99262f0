"""The catalog, roster and unit tree as stored in MongoDB: written by the CLI (roster, units;
the catalog through ``catalog_store``), read by the aggregator and the query API."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from pymongo import ReplaceOne
from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import Document, bulk_update, find_by_ids
from services.competency.compliance import Member
from services.competency.employment import EmployeeStatus
from services.competency.roster import RosterEntry
from services.competency.units import UnitTree, import_units
from services.competency_store.collections import (
    REFERENCE,
    ROSTER,
    ROSTER_DOC,
    ROSTER_UNITS,
    UNITS_DOC,
)
from services.competency_store.documents import roster_doc, roster_entry


class StoredReferenceInvalid(RuntimeError):
    """What is stored no longer loads (e.g. written by another version of the code)."""


async def roster_version(db: AsyncDatabase[Document]) -> int:
    doc = await db[REFERENCE].find_one({"_id": ROSTER_DOC}, projection={"version": True})
    return 0 if doc is None else int(doc["version"])  # type: ignore[call-overload]


async def load_roster(db: AsyncDatabase[Document]) -> list[RosterEntry]:
    return [roster_entry(doc) async for doc in db[ROSTER].find({}, projection={"entry": True})]


async def roster_entries(db: AsyncDatabase[Document], nips: Iterable[str]) -> list[RosterEntry]:
    found = await find_by_ids(db[ROSTER], nips, {"entry": True})
    return [roster_entry(found[nip]) for nip in sorted(found)]


async def store_roster(db: AsyncDatabase[Document], entries: Sequence[RosterEntry]) -> None:
    """Replace the entries of these NIPs, rebuild the unit member lists, then bump the
    version (the aggregator reloads the crosswalk when it sees a new one)."""
    await bulk_update(
        db[ROSTER], [ReplaceOne({"_id": e.nip}, roster_doc(e), upsert=True) for e in entries]
    )
    members: defaultdict[str, list[Document]] = defaultdict(list)
    async for doc in db[ROSTER].find({}, projection={"entry": True}):
        entry = roster_entry(doc)
        members[entry.unit_code].append(
            {"nip": entry.nip, "name": entry.name, "status": entry.status.value}
        )
    await bulk_update(
        db[ROSTER_UNITS],
        [
            ReplaceOne({"_id": unit}, {"members": sorted(found, key=lambda m: str(m["nip"]))},
                       upsert=True)
            for unit, found in sorted(members.items())
        ],
    )  # fmt: skip
    await db[ROSTER_UNITS].delete_many({"_id": {"$nin": sorted(members)}})
    await db[REFERENCE].update_one({"_id": ROSTER_DOC}, {"$inc": {"version": 1}}, upsert=True)


async def unit_members(db: AsyncDatabase[Document], units: Iterable[str]) -> list[Member]:
    """The roster's members of these units (name and status too), by ``_id`` reads."""
    docs = await find_by_ids(db[ROSTER_UNITS], units)
    return [member for unit, doc in sorted(docs.items()) for member in members_of(unit, doc)]


def members_of(unit: str, doc: Document) -> list[Member]:
    """The members a ``roster_units`` document lists."""
    return [
        Member(str(m["nip"]), str(m["name"]), EmployeeStatus(str(m["status"])), unit)
        for m in doc["members"]  # type: ignore[attr-defined]
    ]


async def store_units(db: AsyncDatabase[Document], text: str) -> None:
    await db[REFERENCE].replace_one({"_id": UNITS_DOC}, {"text": text}, upsert=True)


async def load_units(db: AsyncDatabase[Document]) -> UnitTree | None:
    doc = await db[REFERENCE].find_one({"_id": UNITS_DOC})
    if doc is None:
        return None
    tree = import_units(str(doc["text"]))
    if not isinstance(tree, UnitTree):
        raise StoredReferenceInvalid(f"the stored unit tree is rejected: {tree.errors[:3]}")
    return tree
