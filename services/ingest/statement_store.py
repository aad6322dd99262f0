"""Reads statements back from the store the aggregator maintains."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import STATEMENTS, Document


class StatementStore:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._statements = db[STATEMENTS]

    async def get_raw(self, statement_id: str) -> str | None:
        """The statement's JSON exactly as stored, or None when it is unknown or voided."""
        doc = await self._statements.find_one(
            {"_id": statement_id.lower(), "voided": False}, projection={"raw": True}
        )
        return None if doc is None else str(doc["raw"])
