"""A statement query the store cannot finish in time is stopped there and answered 503."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import STATEMENTS, Document
from services.common.statement_keys import STATEMENT_KEYS, keys_of, position
from services.ingest.errors import ServiceUnavailable
from services.ingest.statement_query import StatementQuery
from services.ingest.statement_store import StatementStore

STORED = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
COUNT = 5_000


async def test_a_walk_that_meets_no_match_is_stopped_at_its_time_limit(
    database: AsyncDatabase[Document],
) -> None:
    # Every statement has the verb, none the activity: a verb-and-activity query walks
    # the verb's whole key, checking each statement it meets.
    statements: list[Document] = []
    keys: list[Document] = []
    for i in range(COUNT):
        statement_id = f"{i:08x}-0000-4000-8000-000000000000"
        fields = {"verbs": ["http://v"], "activities": ["http://a"]}
        at = position(STORED + timedelta(milliseconds=i), statement_id)
        doc: Document = {"_id": statement_id, "raw": "{}", "stored": STORED, "voided": False}
        statements.append(doc | {"position": at, **fields})
        keys.extend({"_id": key} for key in keys_of({"verbs": ["http://v"]}, at))
    await database[STATEMENTS].insert_many(statements)
    await database[STATEMENT_KEYS].insert_many(keys)
    query = StatementQuery.parse({"verb": "http://v", "activity": "http://other"}, page_size=100)

    began = time.perf_counter()
    assert await StatementStore(database, query_timeout_seconds=120).query(query) == []
    whole_walk = time.perf_counter() - began

    # A tenth of what the whole walk took: it must stop on the way.
    with pytest.raises(ServiceUnavailable, match=r"did not finish within"):
        await StatementStore(database, query_timeout_seconds=whole_walk / 10).query(query)
    matching = StatementQuery.parse({"verb": "http://v", "limit": "3"}, page_size=100)
    page = await StatementStore(database, query_timeout_seconds=120).query(matching)
    assert [s.statement_id for s in page] == [d["_id"] for d in statements[::-1][:4]]
