"""An in-memory ``CompetencyStore`` with the semantics of the MongoDB one.

Documents go through JSON on the way in and out, as they would through BSON, so a test sees
what a reader of the real store would see.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import orjson

from services.common.mongo import Document
from services.competency.catalog import Catalog
from services.competency.roster import RosterEntry
from services.competency_store.catalog_store import CatalogChange, StoredCatalog
from services.competency_store.collections import unit_year_id
from services.competency_store.store import MemberChange, YearUpdate


def _copy(doc: Any) -> Any:
    return orjson.loads(orjson.dumps(doc))


class MemoryCompetencyStore:
    def __init__(self) -> None:
        self.catalog: StoredCatalog | None = None
        self.catalog_changes: list[CatalogChange] = []
        self.roster: list[RosterEntry] = []
        self.version = 0
        self.raw: dict[str, dict[str, Any]] = {}
        self.pending: dict[str, set[str]] = {}
        self.unmapped: dict[str, dict[str, Any]] = {}
        self.years: dict[str, dict[str, Any]] = {}
        self.units: dict[str, dict[str, dict[str, Any]]] = {}
        self.year_writes = 0
        self.marker: dict[str, Any] | None = None

    def import_roster(self, entries: Iterable[RosterEntry]) -> None:
        self.roster = list(entries)
        self.version += 1

    def keep_statements(self, statements: Iterable[Mapping[str, Any]]) -> None:
        """What the statement writer would have stored."""
        self.raw.update({str(s["id"]).lower(): _copy(s) for s in statements})

    def snapshot(self) -> Any:
        return _copy([self.pending and sorted(self.pending), self.unmapped, self.years,
                      self.units])  # fmt: skip

    async def stored_catalog(self) -> StoredCatalog | None:
        return self.catalog

    async def catalog_version(self) -> str | None:
        return None if self.catalog is None else self.catalog.catalog.version.digest

    async def replace_catalog(
        self,
        catalog: Catalog,
        change: CatalogChange,
        *,
        expected: str | None,
        files_seen: str | None = None,
    ) -> bool:
        if await self.catalog_version() != expected:
            return False
        seen = files_seen or (None if self.catalog is None else self.catalog.files_seen)
        if expected != catalog.version.digest:
            self.catalog_changes.append(change)
            self.catalog = StoredCatalog(catalog, change, seen)
        elif self.catalog is not None:
            self.catalog = StoredCatalog(self.catalog.catalog, self.catalog.changed, seen)
        return True

    async def note_catalog_files(self, digest: str) -> None:
        if self.catalog is not None:
            self.catalog = StoredCatalog(self.catalog.catalog, self.catalog.changed, digest)

    async def roster_version(self) -> int:
        return self.version

    async def load_roster(self) -> list[RosterEntry]:
        return list(self.roster)

    async def statements(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        return {i: _copy(self.raw[i]) for i in ids if i in self.raw}

    async def pending_voids(self) -> set[str]:
        return set(self.pending)

    async def add_pending_voids(self, voided_by: Mapping[str, str]) -> None:
        for target, by in voided_by.items():
            self.pending.setdefault(target, set()).add(by)

    async def forget_pending_voids(self, targets: Collection[str]) -> None:
        for target in targets:
            self.pending.pop(target, None)

    async def keep_unmapped(self, events: Sequence[Document]) -> None:
        for event in events:
            self.unmapped.setdefault(str(event["_id"]), _copy(event))

    async def void_unmapped(self, ids: Collection[str]) -> None:
        for i in ids:
            if i in self.unmapped:
                self.unmapped[i]["voided"] = True

    async def unmapped_events(self) -> list[Document]:
        return [_copy(doc) for doc in self.unmapped.values() if not doc["voided"]]

    async def settle_unmapped(
        self, mapped: Collection[str], regapped: Mapping[str, Document]
    ) -> None:
        for i, change in regapped.items():
            self.unmapped[i].update(_copy(change))
        for i in mapped:
            self.unmapped.pop(i, None)

    async def mapped_against(self) -> Document | None:
        return None if self.marker is None else _copy(self.marker)

    async def set_mapped_against(self, marker: Document) -> None:
        self.marker = _copy(marker)

    async def learner_years(self, ids: Iterable[str]) -> dict[str, Document]:
        return {i: _copy(self.years[i]) for i in ids if i in self.years}

    async def update_learner_year(self, update: YearUpdate) -> Document:
        doc = self.years.setdefault(update.id, {"_id": update.id, "events": [], "voided": []})
        for event in _copy(list(update.events)):
            if event not in doc["events"]:
                doc["events"].append(event)
        for statement_id in update.voided:
            if statement_id not in doc["voided"]:
                doc["voided"].append(statement_id)
        doc.update(_copy({**update.summary, "computed_from": update.computed_from}))
        self.year_writes += 1
        return _copy(doc)  # type: ignore[no-any-return]

    async def update_unit_members(self, changes: Sequence[MemberChange]) -> None:
        for change in changes:
            members = self.units.setdefault(unit_year_id(change.unit, change.year), {})
            if change.member is None:
                members.pop(change.nip, None)
            else:
                members[change.nip] = _copy(change.member)
