"""Every kind of statement query is an index read of at most ``limit + 1`` rows.

The test runs each query kind through the real ``StatementStore``, records the ``find``
commands it sends, and asks the server to explain each one. On FerretDB the explanation
is PostgreSQL's own ``EXPLAIN``: it must have no sequential scan, read through an index,
and, for the walks along a key, be a ``Limit`` directly over that index scan with the
sort and limit pushed down (so PostgreSQL stops after ``limit + 1`` rows). On MongoDB the
plan must be an ``IXSCAN`` under a ``LIMIT``, never a ``COLLSCAN`` or an in-memory sort.
On FerretDB's SQLite backend, which pushes down only ``_id`` equality, it is skipped.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient, monitoring
from pymongo.asynchronous.database import AsyncDatabase

from bench.store_documents import key_documents, statement_document
from bench.store_statements import StoreStatements
from services.common.mongo import STATEMENTS, Document
from services.common.statement_keys import STATEMENT_KEYS
from services.ingest.statement_query import StatementQuery
from services.ingest.statement_store import StatementStore
from tests.fixtures.infrastructure import Endpoints, Names

SIZE = 20_000
CHUNK = 2_000
END = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
LIMIT = 10


class FindRecorder(monitoring.CommandListener):
    def __init__(self) -> None:
        self.finds: list[dict[str, Any]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name == "find":
            self.finds.append(dict(event.command))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        return None

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        return None


@dataclass
class Store:
    db: AsyncDatabase[Document]
    recorder: FindRecorder
    statements: StoreStatements


@pytest.fixture
async def store(infrastructure: Endpoints, names: Names) -> AsyncIterator[Store]:
    recorder = FindRecorder()
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        infrastructure.mongodb_url, tz_aware=True, event_listeners=[recorder]
    )
    db = client[names.database]
    statements = StoreStatements(SIZE, END, api_key="dev", home_page="http://127.0.0.1:8080")
    try:
        for first in range(0, SIZE, CHUNK):
            records = statements.records(first, CHUNK)
            await db[STATEMENTS].insert_many([statement_document(r) for r in records])
            keys = [key for r in records for key in key_documents(r)]
            await db[STATEMENT_KEYS].insert_many(keys, ordered=False)
        yield Store(db, recorder, statements)
        await client.drop_database(names.database)
    finally:
        await client.close()


def _query_kinds(statements: StoreStatements) -> Iterator[tuple[str, dict[str, str]]]:
    samples = statements.samples
    assert samples.start is not None and samples.end is not None
    middle = samples.start + (samples.end - samples.start) / 2
    limit = {"limit": str(LIMIT)}
    yield "no filter", limit
    yield "agent", {"agent": samples.agents[3], **limit}
    yield "related agents", {"agent": samples.agents[5], "related_agents": "true", **limit}
    yield "verb", {"verb": samples.verbs[0], **limit}
    yield "activity", {"activity": samples.activities[2], **limit}
    yield (
        "related activities",
        {
            "activity": samples.activities[4],
            "related_activities": "true",
            **limit,
        },
    )
    yield "registration", {"registration": samples.registrations[1], **limit}
    yield "since", {"since": middle.isoformat(), **limit}
    yield "until", {"until": middle.isoformat(), **limit}
    yield (
        "since and until",
        {
            "verb": samples.verbs[1],
            "since": (middle - timedelta(days=30)).isoformat(),
            "until": middle.isoformat(),
            **limit,
        },
    )
    yield "ascending", {"verb": samples.verbs[0], "ascending": "true", **limit}


def _nodes(plan: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield plan
    for child in plan.get("Plans") or []:
        yield from _nodes(child)


def _check_postgresql(explained: Mapping[str, Any], *, walk: bool, what: str) -> None:
    plan = explained["queryPlanner"]["Plan"]
    kinds = [node["Node Type"] for node in _nodes(plan)]
    assert "Seq Scan" not in kinds, f"{what}: {kinds}"
    assert explained["filterPushdown"], what
    assert any(kind in ("Index Scan", "Index Only Scan", "Bitmap Index Scan") for kind in kinds)
    if walk:
        assert explained["sortPushdown"] and explained["limitPushdown"], what
        assert kinds[:2] == ["Limit", "Index Scan"], f"{what}: {kinds}"


def _stages(plan: Mapping[str, Any]) -> Iterator[str]:
    yield str(plan["stage"])
    for child in (plan.get("inputStage"), *(plan.get("inputStages") or [])):
        if child:
            yield from _stages(child)


def _check_mongodb(explained: Mapping[str, Any], *, walk: bool, what: str) -> None:
    stages = list(_stages(explained["queryPlanner"]["winningPlan"]))
    assert "COLLSCAN" not in stages and "SORT" not in stages, f"{what}: {stages}"
    assert "IXSCAN" in stages or "IDHACK" in stages or "EXPRESS_IXSCAN" in stages, what
    if walk:
        assert stages[0] == "LIMIT" or "LIMIT" in stages, f"{what}: {stages}"


async def test_every_query_kind_and_id_read_is_an_index_read_of_at_most_limit_plus_one(
    store: Store,
) -> None:
    reads = StatementStore(store.db, query_timeout_seconds=60)
    checked = 0
    for kind, params in _query_kinds(store.statements):
        store.recorder.finds.clear()
        query = StatementQuery.parse(params, page_size=100)
        page = await reads.query(query)
        assert 0 < len(page) <= LIMIT + 1, f"{kind}: {len(page)} statements"
        if len(page) > LIMIT:
            # The next page's walk, from the cursor: the ``more`` link.
            next_query = query.more("/xapi/statements", page[LIMIT - 1].position)
            cursor = next_query.split("from=", 1)[1]
            store.recorder.finds.clear()
            await reads.query(StatementQuery.parse({**params, "from": cursor}, page_size=100))
            kind = f"{kind} (more)"
        finds = list(store.recorder.finds)
        assert [f["find"] for f in finds] == [STATEMENT_KEYS, STATEMENTS], kind
        for find in finds:
            walk = find["find"] == STATEMENT_KEYS
            if walk:
                assert find["limit"] == LIMIT + 1, kind
            explained = await store.db.command(
                "explain",
                {
                    "find": find["find"],
                    "filter": find["filter"],
                    **({"sort": find["sort"]} if "sort" in find else {}),
                    **({"limit": find["limit"]} if "limit" in find else {}),
                },
                verbosity="queryPlanner",
            )
            planner = explained["queryPlanner"]
            what = f"{kind}: {find['find']}"
            if isinstance(planner.get("Plan"), dict):
                _check_postgresql(explained, walk=walk, what=what)
            elif "winningPlan" in planner:
                _check_mongodb(explained, walk=walk, what=what)
            else:
                pytest.skip("FerretDB's SQLite backend does not push down _id ranges")
            checked += 1
    assert checked >= 2 * 11

    ids = store.statements.samples.ids[:50]
    for selector in ({"_id": ids[0]}, {"_id": {"$in": ids}}):
        explained = await store.db.command(
            "explain", {"find": STATEMENTS, "filter": selector}, verbosity="queryPlanner"
        )
        if isinstance(explained["queryPlanner"].get("Plan"), dict):
            _check_postgresql(explained, walk=False, what=str(selector)[:40])
        else:
            _check_mongodb(explained, walk=False, what=str(selector)[:40])
