"""What the aggregator's competency projection reads and writes, as one small interface.

``MongoCompetencyStore`` is the real one; the unit tests use an in-memory double with the same
semantics. Every write names a document by ``_id`` alone: FerretDB serves nothing else from
an index, and reads the whole collection for any other filter.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import orjson
from pymongo import ReturnDocument, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import STATEMENTS, Document, bulk_update, find_by_ids, insert_absent
from services.competency.catalog import Catalog
from services.competency.roster import RosterEntry
from services.competency_store.catalog_edits import commit_catalog
from services.competency_store.catalog_store import (
    CatalogChange,
    StoredCatalog,
    note_files_seen,
    read_stored_catalog,
    stored_catalog_version,
)
from services.competency_store.collections import (
    LEARNER_YEARS,
    PENDING_VOIDS,
    REFERENCE,
    UNIT_YEAR_REVISIONS,
    UNIT_YEARS,
    UNMAPPED_DOC,
    UNMAPPED_EVENTS,
    field_key,
    unit_year_id,
)
from services.competency_store.reference import load_roster, roster_version


@dataclass(frozen=True, slots=True)
class YearUpdate:
    """Add events (their facts as JSON text) and voided statement ids to learner-year ``id``,
    and set what they come to, computed from ``computed_from`` (``documents.version_of``)
    events and voids."""

    id: str
    events: Sequence[str]
    voided: Sequence[str]
    summary: Document
    computed_from: int


@dataclass(frozen=True, slots=True)
class MemberChange:
    """Set (``member``) or remove (None) a learner in a unit-year."""

    unit: str
    year: int
    nip: str
    member: Document | None


class CompetencyStore(Protocol):
    async def stored_catalog(self) -> StoredCatalog | None: ...
    async def catalog_version(self) -> str | None: ...
    async def replace_catalog(
        self,
        catalog: Catalog,
        change: CatalogChange,
        *,
        expected: str | None,
        files_seen: str | None = None,
    ) -> bool: ...
    async def note_catalog_files(self, digest: str) -> None: ...
    async def roster_version(self) -> int: ...
    async def load_roster(self) -> list[RosterEntry]: ...
    async def statements(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]: ...
    async def pending_voids(self) -> set[str]: ...
    async def add_pending_voids(self, voided_by: Mapping[str, str]) -> None: ...
    async def forget_pending_voids(self, targets: Collection[str]) -> None: ...
    async def keep_unmapped(self, events: Sequence[Document]) -> None: ...
    async def void_unmapped(self, ids: Collection[str]) -> None: ...
    async def unmapped_events(self) -> list[Document]: ...
    async def settle_unmapped(
        self, mapped: Collection[str], regapped: Mapping[str, Document]
    ) -> None: ...
    async def mapped_against(self) -> Document | None: ...
    async def set_mapped_against(self, marker: Document) -> None: ...
    async def learner_years(self, ids: Iterable[str]) -> dict[str, Document]: ...
    async def update_learner_year(self, update: YearUpdate) -> Document: ...
    async def update_unit_members(self, changes: Sequence[MemberChange]) -> None: ...


class MongoCompetencyStore:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._db = db

    async def stored_catalog(self) -> StoredCatalog | None:
        return await read_stored_catalog(self._db)

    async def catalog_version(self) -> str | None:
        return await stored_catalog_version(self._db)

    async def replace_catalog(
        self,
        catalog: Catalog,
        change: CatalogChange,
        *,
        expected: str | None,
        files_seen: str | None = None,
    ) -> bool:
        return await commit_catalog(
            self._db, catalog, change, expected=expected, files_seen=files_seen
        )

    async def note_catalog_files(self, digest: str) -> None:
        await note_files_seen(self._db, digest)

    async def roster_version(self) -> int:
        return await roster_version(self._db)

    async def load_roster(self) -> list[RosterEntry]:
        return await load_roster(self._db)

    async def statements(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        found = await find_by_ids(self._db[STATEMENTS], ids, {"raw": True})
        return {key: orjson.loads(str(doc["raw"])) for key, doc in found.items()}

    async def pending_voids(self) -> set[str]:
        # Only voids of statements not seen yet are here: a small collection to read whole.
        return {str(doc["_id"]) async for doc in self._db[PENDING_VOIDS].find({}, {"_id": 1})}

    async def add_pending_voids(self, voided_by: Mapping[str, str]) -> None:
        await bulk_update(
            self._db[PENDING_VOIDS],
            [
                UpdateOne({"_id": target}, {"$addToSet": {"voided_by": by}}, upsert=True)
                for target, by in sorted(voided_by.items())
            ],
        )

    async def forget_pending_voids(self, targets: Collection[str]) -> None:
        if targets:
            await self._db[PENDING_VOIDS].delete_many({"_id": {"$in": sorted(targets)}})

    async def keep_unmapped(self, events: Sequence[Document]) -> None:
        await insert_absent(self._db[UNMAPPED_EVENTS], events)

    async def void_unmapped(self, ids: Collection[str]) -> None:
        await bulk_update(
            self._db[UNMAPPED_EVENTS],
            [UpdateOne({"_id": i}, {"$set": {"voided": True}}) for i in sorted(ids)],
        )

    async def unmapped_events(self) -> list[Document]:
        """Every unmapped event not voided: read whole, only when the roster or catalog
        changed."""
        return [doc async for doc in self._db[UNMAPPED_EVENTS].find({"voided": False})]

    async def settle_unmapped(
        self, mapped: Collection[str], regapped: Mapping[str, Document]
    ) -> None:
        """Forget the events now mapped; keep the others with what they still lack."""
        await bulk_update(
            self._db[UNMAPPED_EVENTS],
            [UpdateOne({"_id": i}, {"$set": change}) for i, change in sorted(regapped.items())],
        )
        if mapped:
            await self._db[UNMAPPED_EVENTS].delete_many({"_id": {"$in": sorted(mapped)}})

    async def mapped_against(self) -> Document | None:
        return await self._db[REFERENCE].find_one({"_id": UNMAPPED_DOC})

    async def set_mapped_against(self, marker: Document) -> None:
        await self._db[REFERENCE].replace_one({"_id": UNMAPPED_DOC}, marker, upsert=True)

    async def learner_years(self, ids: Iterable[str]) -> dict[str, Document]:
        return await find_by_ids(self._db[LEARNER_YEARS], ids)

    async def update_learner_year(self, update: YearUpdate) -> Document:
        """Apply the update and return the document as it is after it: one command that both
        writes and shows whether someone else added events meanwhile.

        ``$addToSet``: events and voids of rival writers are never lost, and adding them again
        changes nothing. The summary is last-writer-wins; ``LearnerYears`` checks it."""
        doc = await self._db[LEARNER_YEARS].find_one_and_update(
            {"_id": update.id},
            {
                "$addToSet": {
                    "events": {"$each": list(update.events)},
                    "voided": {"$each": list(update.voided)},
                },
                "$set": {**update.summary, "computed_from": update.computed_from},
            },
            upsert=True,
            return_document=ReturnDocument.AFTER,
        )
        if doc is None:  # an upsert returning the document after it always has one
            raise RuntimeError(f"learner-year {update.id} missing after its upsert")
        return doc

    async def update_unit_members(self, changes: Sequence[MemberChange]) -> None:
        """One update per unit-year, whatever the number of its members that changed."""
        grouped: dict[str, list[MemberChange]] = {}
        for change in changes:
            grouped.setdefault(unit_year_id(change.unit, change.year), []).append(change)
        await bulk_update(
            self._db[UNIT_YEARS], [_members_update(key, grouped[key]) for key in sorted(grouped)]
        )
        # After the unit-years: a reader that sees the new revision reads the new members.
        units_by_year: dict[int, set[str]] = {}
        for change in changes:
            units_by_year.setdefault(change.year, set()).add(change.unit)
        await bulk_update(
            self._db[UNIT_YEAR_REVISIONS],
            [
                UpdateOne(
                    {"_id": str(year)},
                    {"$inc": {f"units.{field_key(unit)}": 1 for unit in sorted(units)}},
                    upsert=True,
                )
                for year, units in sorted(units_by_year.items())
            ],
        )


def _members_update(key: str, changes: Sequence[MemberChange]) -> UpdateOne:
    put: Document = {}
    drop: Document = {}
    for change in changes:
        member = f"members.{field_key(change.nip)}"
        if change.member is None:
            drop[member] = ""
            put.pop(member, None)
        else:
            put[member] = change.member
            drop.pop(member, None)
    update: Document = {}
    if put:
        update["$set"] = {**put, "unit": changes[0].unit, "year": changes[0].year}
    if drop:
        update["$unset"] = drop
    return UpdateOne({"_id": key}, update, upsert=bool(put))
