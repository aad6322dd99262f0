"""Two ingest workers and two aggregators under load keep the same store as one of each.

The same statements (fixed ids: completions, voiding statements, re-sent duplicates) go
from two concurrent senders, five a batch, through a pipeline of one ingest process and
one aggregator, and through one of two ingest workers and a consumer group of two
aggregators, each with a topic and a database of its own. Then both stores must hold
every acknowledged statement exactly once, voided alike, with the same keys and timeline
events; only the ``stored`` time the LRS stamps may differ.
A client that writes through one worker and reads through another reads its write.
"""

from __future__ import annotations

import asyncio
import copy
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
import orjson
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import STATEMENTS, TIMELINE_EVENTS, Document
from services.common.statement_keys import STATEMENT_KEYS, statement_of
from tests.fixtures.infrastructure import TEST_PARTITIONS, Endpoints, make_names
from tests.fixtures.pipeline import CREDENTIALS, XAPI_HEADERS, Pipeline, make_pipeline
from tests.statements import completion

LEARNERS = 40
PER_LEARNER = 12
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
BATCH = 5
APPLY_SECONDS = 180.0
ROUND_TRIPS = 20


def _statements() -> tuple[list[dict[str, Any]], int, int]:
    """Completions, voids of every seventh, and every eleventh sent again.

    Also returns how many distinct statements that is, and how many are voided.
    """
    completions = [
        completion(f"19850330201001{n:04d}", timestamp=f"2026-03-{1 + i:02d}T02:00:00.000Z")
        for n in range(LEARNERS)
        for i in range(PER_LEARNER)
    ]
    voids = [
        {
            "id": str(uuid.uuid4()),
            "actor": target["actor"],
            "verb": {"id": VOIDED, "display": {"en-US": "voided"}},
            "object": {"objectType": "StatementRef", "id": target["id"]},
            # Without one, the LRS stamps its own time, which differs between the two runs.
            "timestamp": "2026-04-01T00:00:00.000Z",
        }
        for target in completions[::7]
    ]
    resent = [copy.deepcopy(s) for s in completions[::11]]
    return completions + voids + resent, len(completions) + len(voids), len(voids)


async def _send(url: str, statements: Sequence[dict[str, Any]]) -> None:
    halves = [statements[0::2], statements[1::2]]

    async def sender(mine: Sequence[dict[str, Any]]) -> None:
        async with httpx.AsyncClient(auth=CREDENTIALS, headers=XAPI_HEADERS, timeout=30) as http:
            for start in range(0, len(mine), BATCH):
                batch = list(mine[start : start + BATCH])
                response = await http.post(url, json=batch)
                assert response.status_code == 200, response.text

    await asyncio.gather(*(sender(half) for half in halves))


async def _applied(db: AsyncDatabase[Document], statements: int, voided: int) -> None:
    deadline = time.monotonic() + APPLY_SECONDS
    while time.monotonic() < deadline:
        count = await db[STATEMENTS].count_documents({})
        voids = await db[STATEMENTS].count_documents({"voided": True})
        if count >= statements and voids >= voided:
            return
        await asyncio.sleep(0.5)
    raise AssertionError(f"not applied in {APPLY_SECONDS:g} s: {count} statements, {voids} voided")


async def _store(db: AsyncDatabase[Document]) -> dict[str, Any]:
    statements = {}
    async for doc in db[STATEMENTS].find({}):
        raw = orjson.loads(str(doc["raw"]))
        raw.pop("stored")
        statements[str(doc["_id"])] = (raw, doc["voided"])
    keys = sorted(
        [
            f"{str(doc['_id']).split('|', 1)[0]}|{statement_of(str(doc['_id']))}"
            async for doc in db[STATEMENT_KEYS].find({})
        ]
    )
    events = {
        str(doc["_id"]): (doc["learner"], doc["verb"], doc["voided"], doc["timestamp"])
        async for doc in db[TIMELINE_EVENTS].find({})
    }
    return {"statements": statements, "keys": keys, "events": events}


async def _reads_its_writes_across_workers(pipeline: Pipeline) -> None:
    url = f"{pipeline.ingest_url}/xapi/statements"
    for _ in range(ROUND_TRIPS):
        statement = completion()
        # A connection each: the kernel hands each to whichever worker accepts first.
        async with httpx.AsyncClient(auth=CREDENTIALS, headers=XAPI_HEADERS) as writer:
            assert (await writer.post(url, json=statement)).status_code == 200
        async with httpx.AsyncClient(auth=CREDENTIALS, headers=XAPI_HEADERS) as reader:
            got = await reader.get(url, params={"statementId": statement["id"]})
        assert got.status_code == 200, got.text


def _workers(pipeline: Pipeline) -> list[int]:
    parent = pipeline.ingest.pid()
    assert parent is not None
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    # Besides the workers, multiprocessing runs a resource tracker.
    return [
        int(pid) for pid in children if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]


async def test_two_ingest_workers_and_two_aggregators_store_what_one_of_each_does(
    infrastructure: Endpoints, tmp_path: Path
) -> None:
    statements, distinct, voided = _statements()
    stores = []
    client: AsyncMongoClient[Document] = AsyncMongoClient(infrastructure.mongodb_url, tz_aware=True)
    try:
        for workers, aggregators in ((1, 1), (2, 2)):
            names = await make_names(infrastructure)
            pipeline = make_pipeline(
                infrastructure,
                names,
                tmp_path / f"{workers}x{aggregators}",
                aggregators=aggregators,
                LRS_INGEST_WORKERS=str(workers),
                # One authority for both: it is a related agent, so it has keys too.
                LRS_LRS_HOME_PAGE="http://lrs.test",
            )
            try:
                pipeline.start()
                if workers > 1:
                    assert len(_workers(pipeline)) == workers
                await _send(f"{pipeline.ingest_url}/xapi/statements", statements)
                db = client[names.database]
                await _applied(db, distinct, voided)
                stores.append(await _store(db))
                if workers > 1:
                    await _reads_its_writes_across_workers(pipeline)
            finally:
                pipeline.stop()
            await client.drop_database(names.database)
    finally:
        await client.close()

    single, scaled = stores
    assert len(single["statements"]) == distinct
    assert sum(flag for _, flag in single["statements"].values()) == voided
    for part in ("statements", "keys", "events"):
        if isinstance(single[part], dict):
            differing = [k for k in single[part] if scaled[part].get(k) != single[part][k]]
            assert not differing, (part, differing[:3])
        assert scaled[part] == single[part], part
    assert TEST_PARTITIONS >= 2
