"""Reads statements back from the store the aggregator maintains."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import ExecutionTimeout

from services.common.mongo import STATEMENTS, Document, find_by_ids
from services.common.statement_keys import STATEMENT_KEYS, position_of, statement_of
from services.ingest.errors import ServiceUnavailable
from services.ingest.statement_query import StatementQuery

# Keys read at a time when other filters are checked on the statements met.
CHECKED_BATCH = 200


@dataclass(frozen=True, slots=True)
class StoredStatement:
    statement_id: str
    raw: str
    stored: datetime
    # Where it stands in its query's walk (the ``more`` cursor); empty for a point read.
    position: str = ""


class StatementReads(Protocol):
    """What ingest reads from the statement store; tests pass a small fake."""

    async def get(self, statement_id: str, *, voided: bool = False) -> StoredStatement | None: ...

    async def query(self, query: StatementQuery) -> list[StoredStatement]: ...

    async def raw_by_id(self, statement_ids: Iterable[str]) -> dict[str, str]: ...

    async def learners_by_id(self, statement_ids: Iterable[str]) -> dict[str, str]: ...


class StatementStore:
    def __init__(self, db: AsyncDatabase[Document], query_timeout_seconds: float = 10.0) -> None:
        self._statements = db[STATEMENTS]
        self._keys = db[STATEMENT_KEYS]
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

        A walk along the query's key in ``stored`` order: with one filter, the page is the
        first ``limit + 1`` keys; with several, the statements the keys lead to are checked
        against the other filters a batch at a time. Bounded in time: a walk that meets
        few matches in a long key stops with 503 rather than scanning on after its client
        gave up.
        """
        wanted = query.limit + 1
        checks = query.residual()
        batch = wanted if not checks else max(wanted, CHECKED_BATCH)
        deadline = time.monotonic() + self._query_timeout_ms / 1000
        key_range = query.key_range()
        found: list[StoredStatement] = []
        while len(found) < wanted:
            remaining_ms = int((deadline - time.monotonic()) * 1000)
            if remaining_ms <= 0:
                raise self._too_slow()
            keys = await self._walk(key_range.selector(), query.ascending, batch, remaining_ms)
            docs = await find_by_ids(
                self._statements,
                (statement_of(k) for k in keys),
                {"raw": True, "stored": True, "voided": True, **dict.fromkeys(checks, True)},
            )
            for key in keys:
                doc = docs.get(statement_of(key))
                if doc is not None and not doc.get("voided") and _matches(doc, checks):
                    found.append(_stored(doc, position_of(key)))
                    if len(found) == wanted:
                        break
            if len(keys) < batch:
                break
            key_range = key_range.after(position_of(keys[-1]), ascending=query.ascending)
        return found

    async def _walk(
        self, selector: Document, ascending: bool, limit: int, max_time_ms: int
    ) -> list[str]:
        cursor = (
            self._keys.find(selector, projection={"_id": True})
            .sort("_id", 1 if ascending else -1)
            .limit(limit)
            .max_time_ms(max_time_ms)
        )
        try:
            return [str(doc["_id"]) async for doc in cursor]
        except ExecutionTimeout as error:
            raise self._too_slow() from error

    def _too_slow(self) -> ServiceUnavailable:
        return ServiceUnavailable(
            f"the statement query did not finish within {self._query_timeout_ms / 1000:g} s;"
            " narrow it (since/until, agent, verb, activity or registration)"
        )

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


def _matches(doc: Document, checks: Mapping[str, str]) -> bool:
    for field, value in checks.items():
        values = doc.get(field)
        if not isinstance(values, list) or value not in values:
            return False
    return True


def _stored(doc: Document, position: str = "") -> StoredStatement:
    stored = doc["stored"]
    if not isinstance(stored, datetime):
        raise TypeError(f"statement {doc['_id']} has no stored date")
    return StoredStatement(
        statement_id=str(doc["_id"]),
        raw=str(doc["raw"]),
        stored=stored.astimezone(UTC) if stored.tzinfo else stored.replace(tzinfo=UTC),
        position=position,
    )
