"""The unit tree and each unit's roster members, kept in the query process between reports.

A unit report over the whole city would otherwise read the tree and one member list per unit
(40 or so ``_id`` reads) before it reads a single rollup. Both change only when the CLI
imports a unit tree or a roster, so each report reads two small documents to see whether they
did: the unit tree's text (parsed again only when it differs) and the roster's version (the
member lists read again, in one pass, only when it moved).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import Document
from services.competency.compliance import Member
from services.competency.units import UnitTree, import_units
from services.competency_store.collections import REFERENCE, ROSTER_UNITS, UNITS_DOC
from services.competency_store.reference import (
    StoredReferenceInvalid,
    members_of,
    roster_version,
)


class UnitDirectory:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._db = db
        self._tree_text: str | None = None
        self._tree: UnitTree | None = None
        self._roster_version: int | None = None
        self._members: dict[str, list[Member]] = {}
        self._reload = asyncio.Lock()

    async def tree(self) -> UnitTree | None:
        doc = await self._db[REFERENCE].find_one({"_id": UNITS_DOC})
        text = None if doc is None else str(doc["text"])
        if text != self._tree_text:
            tree = None if text is None else import_units(text)
            if tree is not None and not isinstance(tree, UnitTree):
                raise StoredReferenceInvalid(f"the stored unit tree is rejected: {tree.errors[:3]}")
            self._tree, self._tree_text = tree, text
        return self._tree

    async def members(self, units: Iterable[str]) -> list[Member]:
        """The roster's members of these units, in unit order."""
        version = await roster_version(self._db)
        if version != self._roster_version:
            async with self._reload:
                if version != self._roster_version:
                    self._members = await self._read_members()
                    self._roster_version = version
        return [member for unit in sorted(set(units)) for member in self._members.get(unit, [])]

    async def _read_members(self) -> dict[str, list[Member]]:
        return {
            str(doc["_id"]): members_of(str(doc["_id"]), doc)
            async for doc in self._db[ROSTER_UNITS].find({})
        }
