"""Idempotent writes on a real MongoDB-wire server (FerretDB locally)."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
from pymongo.asynchronous.database import AsyncDatabase

from schemas.envelope import encode_envelope
from services.aggregator.records import Source, StatementRecord, decode_record
from services.aggregator.writer import PartitionProgress, StatementWriter
from services.common.mongo import (
    APPLIED_OFFSETS,
    STATEMENTS,
    TIMELINE_EVENTS,
    Document,
    ensure_indexes,
)
from services.ingest.stamping import stamp
from tests.statements import completion

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


def _record(statement: dict[str, object], offset: int) -> StatementRecord:
    stamped = stamp(statement, stored=NOW, authority={"mbox": "mailto:lrs@x.org"}, version="1.0.0")
    record = decode_record(
        Source("xapi.statements", 0, offset),
        b"k",
        encode_envelope(stamped, received=NOW, client_id="lms"),
    )
    assert isinstance(record, StatementRecord)
    return record


async def test_applying_twice_changes_nothing(database: AsyncDatabase[Document]) -> None:
    await ensure_indexes(database)
    await ensure_indexes(database)  # restarts re-run it
    writer = StatementWriter(database)
    records = [_record(completion(), offset) for offset in range(3)]

    first = await writer.apply(records)
    snapshot = [doc async for doc in database[STATEMENTS].find({}).sort("_id")]
    second = await writer.apply(records)

    assert (first.applied, first.duplicates, first.conflicts) == (3, 0, [])
    assert (second.applied, second.duplicates, second.conflicts) == (0, 3, [])
    assert [doc async for doc in database[STATEMENTS].find({}).sort("_id")] == snapshot
    assert await database[TIMELINE_EVENTS].count_documents({}) == 3


async def test_statement_comes_back_byte_for_byte_with_dots_and_dollars(
    database: AsyncDatabase[Document],
) -> None:
    statement = completion()
    statement["context"] = {
        "extensions": {
            "http://id.example/ext.with.dots": {"$ne": 1, "a.b": [[1, 2], [3]], "nul": "a\u0000b"}
        }
    }
    record = _record(statement, 0)
    await StatementWriter(database).apply([record])
    doc = await database[STATEMENTS].find_one({"_id": record.statement_id})
    assert doc is not None
    assert doc["raw"] == record.raw
    assert orjson.loads(str(doc["raw"]))["context"] == statement["context"]


async def test_same_id_other_content_is_a_conflict_and_the_first_stays(
    database: AsyncDatabase[Document],
) -> None:
    writer = StatementWriter(database)
    original = completion()
    rival = {**original, "verb": {"id": "http://adlnet.gov/expapi/verbs/failed"}}
    await writer.apply([_record(original, 0)])
    result = await writer.apply([_record(rival, 1)])

    assert result.applied == 0
    assert [c.reason.split(":")[0] for c in result.conflicts] == ["conflict"]
    doc = await database[STATEMENTS].find_one({"_id": original["id"]})
    assert doc is not None and doc["verbs"] == [original["verb"]["id"]]


async def test_progress_only_moves_forward(database: AsyncDatabase[Document]) -> None:
    writer = StatementWriter(database)
    await writer.record_progress([PartitionProgress("t", 0, 10, NOW)])
    await writer.record_progress([PartitionProgress("t", 0, 4, NOW)])  # a redelivered older batch
    doc = await database[APPLIED_OFFSETS].find_one({"_id": "t:0"})
    assert doc is not None
    assert doc["offset"] == 10
    assert doc["topic"] == "t" and doc["partition"] == 0
