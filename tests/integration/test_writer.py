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


async def test_same_statement_from_two_ingest_replicas_is_no_conflict(
    database: AsyncDatabase[Document],
) -> None:
    writer = StatementWriter(database)
    statement = completion()
    first = _record(statement, 0)
    other_replica = decode_record(
        Source("xapi.statements", 1, 7),
        b"k",
        encode_envelope(
            stamp(statement, stored=datetime(2026, 3, 4, 10, 0, 1, tzinfo=UTC),
                  authority={"mbox": "mailto:replica-2@x.org"}, version="1.0.0"),
            received=NOW, client_id="lms",
        ),
    )  # fmt: skip
    assert isinstance(other_replica, StatementRecord)
    await writer.apply([first])
    result = await writer.apply([other_replica])
    assert (result.applied, result.duplicates, result.conflicts) == (0, 1, [])


async def test_progress_only_moves_forward(database: AsyncDatabase[Document]) -> None:
    writer = StatementWriter(database)
    await writer.record_progress([PartitionProgress("t", 0, 10, NOW)])
    await writer.record_progress([PartitionProgress("t", 0, 4, NOW)])  # a redelivered older batch
    doc = await database[APPLIED_OFFSETS].find_one({"_id": "t:0"})
    assert doc is not None
    assert doc["offset"] == 10
    assert doc["topic"] == "t" and doc["partition"] == 0


VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def _voiding(target_id: str) -> dict[str, object]:
    return completion(verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": target_id})


async def _voided(database: AsyncDatabase[Document], statement_id: str) -> bool:
    doc = await database[STATEMENTS].find_one({"_id": statement_id})
    assert doc is not None
    return bool(doc["voided"])


async def test_voiding_works_whichever_statement_arrives_first(
    database: AsyncDatabase[Document],
) -> None:
    writer = StatementWriter(database)
    late_target, early_target = completion(), completion()
    await writer.apply([_record(early_target, 0)])
    await writer.apply([_record(_voiding(early_target["id"]), 1)])
    await writer.apply([_record(_voiding(late_target["id"]), 2)])
    await writer.apply([_record(late_target, 3)])
    assert await _voided(database, early_target["id"])
    assert await _voided(database, late_target["id"])
    timeline = await database[TIMELINE_EVENTS].find_one({"_id": late_target["id"]})
    assert timeline is not None and timeline["voided"] is True


async def test_a_voiding_statement_cannot_be_voided(database: AsyncDatabase[Document]) -> None:
    writer = StatementWriter(database)
    target = completion()
    voiding = _voiding(target["id"])
    await writer.apply([_record(target, 0), _record(voiding, 1)])
    await writer.apply([_record(_voiding(str(voiding["id"])), 2)])
    assert not await _voided(database, str(voiding["id"]))


async def test_a_targeting_statement_matches_its_targets_filters_in_either_order(
    database: AsyncDatabase[Document],
) -> None:
    writer = StatementWriter(database)
    first_target, later_target = completion(), completion()
    ref_to_first = completion(object={"objectType": "StatementRef", "id": first_target["id"]})
    ref_to_later = completion(object={"objectType": "StatementRef", "id": later_target["id"]})
    await writer.apply([_record(first_target, 0)])
    await writer.apply([_record(ref_to_first, 1), _record(ref_to_later, 2)])
    await writer.apply([_record(later_target, 3)])
    activity = first_target["object"]["id"]
    for ref in (ref_to_first, ref_to_later):
        doc = await database[STATEMENTS].find_one({"_id": ref["id"]})
        assert doc is not None
        assert activity in list(doc["activities"]), ref["id"]  # type: ignore[call-overload]
