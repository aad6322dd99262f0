"""The shared MongoDB helpers on a real MongoDB-wire server (FerretDB locally)."""

from __future__ import annotations

import asyncio

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import (
    STATEMENTS,
    Document,
    bulk_update,
    ensure_indexes,
    find_by_ids,
    insert_absent,
    is_ferretdb,
)

# Far above FerretDB's SQLite pool of 100 connections, which one update command of
# this size used to exhaust for good.
MANY = 300


async def test_a_large_bulk_of_upserts_completes(database: AsyncDatabase[Document]) -> None:
    collection = database["bulk_upserts"]
    operations = [UpdateOne({"_id": f"k{i}"}, {"$max": {"n": i}}, upsert=True) for i in range(MANY)]

    await asyncio.wait_for(bulk_update(collection, operations), timeout=60)
    await asyncio.wait_for(bulk_update(collection, operations), timeout=60)

    assert await collection.count_documents({}) == MANY
    assert await collection.find_one({"_id": "k299"}) == {"_id": "k299", "n": 299}


async def test_insert_absent_reports_the_positions_already_stored(
    database: AsyncDatabase[Document],
) -> None:
    collection = database["insert_absent"]
    assert await insert_absent(collection, [{"_id": "a", "v": 1}]) == []

    again = await insert_absent(collection, [{"_id": "b", "v": 2}, {"_id": "a", "v": 3}])

    assert again == [1]
    assert await collection.find_one({"_id": "a"}) == {"_id": "a", "v": 1}


async def test_find_by_ids_returns_only_what_exists(database: AsyncDatabase[Document]) -> None:
    collection = database["find_by_ids"]
    await collection.insert_many([{"_id": f"s{i}", "v": i} for i in range(20)])

    found = await find_by_ids(collection, ["s3", "s17", "missing", "s3"], {"v": True})

    assert found == {"s3": {"_id": "s3", "v": 3}, "s17": {"_id": "s17", "v": 17}}
    assert await find_by_ids(collection, []) == {}


async def test_lookups_by_id_use_the_id_index(database: AsyncDatabase[Document]) -> None:
    # deploy/ferretdb/*-id-*.patch: without them both FerretDB backends scan.
    await database[STATEMENTS].insert_one({"_id": "x", "raw": "{}"})
    await ensure_indexes(database)
    explained = await database.command(
        "explain", {"find": STATEMENTS, "filter": {"_id": "y"}}, verbosity="queryPlanner"
    )
    planner = explained["queryPlanner"]
    indexes = [index["name"] async for index in await database[STATEMENTS].list_indexes()]
    # Statements are read by _id only: queries walk their keys (statement_keys).
    assert indexes == ["_id_"]
    if isinstance(planner.get("Plan"), dict):  # PostgreSQL's own EXPLAIN
        assert planner["Plan"]["Node Type"] == "Index Scan", planner
    elif await is_ferretdb(database):  # SQLite's EXPLAIN QUERY PLAN lines
        plan = " ".join(str(step) for step in planner["Plan"])
        assert "USING INDEX" in plan, plan
    else:
        assert "COLLSCAN" not in str(planner["winningPlan"])
