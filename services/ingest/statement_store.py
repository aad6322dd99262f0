"""Reads statements back from the store the aggregator maintains."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import ExecutionTimeout

from services.common.mongo import STATEMENTS, Document, find_by_ids
from services.ingest.errors import ServiceUnavailable
from services.ingest.statement_query import StatementQuery


@dataclass(frozen=True, slots=True)
class StoredStatement:
    statement_id: str
    raw: str
    stored: datetime


class StatementReads(Protocol):
    """What ingest reads from the statement store; tests pass a small fake."""

    async def get(self, statement_id: str, *, voided: bool = False) -> StoredStatement | None: ...

    async def query(self, query: StatementQuery) -> list[StoredStatement]: ...

    async def raw_by_id(self, statement_ids: Iterable[str]) -> dict[str, str]: ...

    async def learners_by_id(self, statement_ids: Iterable[str]) -> dict[str, str]: ...


class StatementStore:
    def __init__(self, db: AsyncDatabase[Document], query_timeout_seconds: float = 10.0) -> None:
        self._statements = db[STATEMENTS]
        self._query_timeout_ms = int(query_timeout_seconds * 1000)

    async def get(self, statement_id: str, *, voided: bool = False) -> StoredStatement | None:
        """A statement by id: only if not voided, or (``voided=True``) only if voided."""
        doc = await self._statements.find_one(
            {"_id": statement_id.lower()}, projection={"raw": True, "stored": True, "voided": True}
        )
        if doc is None or bool(doc.get("voided")) != voided:
            return None
        return _stored(doc)

    async def query(self, query: StatementQuery) -> list[StoredStatement]:
        """One page plus one statement, so the caller knows whether there is a next page.

        Bounded in the store too: a query the store cannot serve from an index (any filter
        on FerretDB) would otherwise keep scanning long after its client gave up.
        """
        cursor = (
            self._statements.find(query.mongo_filter(), projection={"raw": True, "stored": True})
            .sort(query.sort())
            .limit(query.limit + 1)
            .max_time_ms(self._query_timeout_ms)
        )
        try:
            return [_stored(doc) async for doc in cursor]
        except ExecutionTimeout as error:
            raise ServiceUnavailable(
                f"the statement query did not finish within {self._query_timeout_ms / 1000:g} s;"
                " narrow it (since/until, agent, verb, activity or registration)"
            ) from error

    async def raw_by_id(self, statement_ids: Iterable[str]) -> dict[str, str]:
        found = await find_by_ids(
            self._statements, (i.lower() for i in statement_ids), {"raw": True}
        )
        return {statement_id: str(doc["raw"]) for statement_id, doc in found.items()}

    async def learners_by_id(self, statement_ids: Iterable[str]) -> dict[str, str]:
        found = await find_by_ids(
            self._statements, (i.lower() for i in statement_ids), {"learner": True}
        )
        return {statement_id: str(doc["learner"]) for statement_id, doc in found.items()}


def _stored(doc: Document) -> StoredStatement:
    stored = doc["stored"]
    if not isinstance(stored, datetime):
        raise TypeError(f"statement {doc['_id']} has no stored date")
    return StoredStatement(
        statement_id=str(doc["_id"]),
        raw=str(doc["raw"]),
        stored=stored.astimezone(UTC) if stored.tzinfo else stored.replace(tzinfo=UTC),
    )
