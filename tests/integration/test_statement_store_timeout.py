"""A statement query the store cannot finish in time is stopped there and answered 503."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import STATEMENTS, Document, is_ferretdb
from services.ingest.errors import ServiceUnavailable
from services.ingest.statement_query import StatementQuery
from services.ingest.statement_store import StatementStore

STORED = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


async def test_a_query_past_its_time_limit_is_stopped(database: AsyncDatabase[Document]) -> None:
    if not await is_ferretdb(database):
        pytest.skip("MongoDB answers this query from an index within any sane limit")
    await database[STATEMENTS].insert_many(
        [
            {"_id": f"s{i:05}", "raw": "{}" + " " * 1000, "stored": STORED, "verbs": ["http://v"]}
            for i in range(20_000)
        ]
    )
    query = StatementQuery.parse({"verb": "http://other"}, page_size=100)

    with pytest.raises(ServiceUnavailable, match=r"did not finish within 0\.001 s"):
        await StatementStore(database, query_timeout_seconds=0.001).query(query)
    assert await StatementStore(database, query_timeout_seconds=60).query(query) == []
