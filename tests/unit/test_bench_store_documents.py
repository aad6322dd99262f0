"""The benchmark's store holds exactly what the aggregator's writer would have written."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, cast

import orjson
from pymongo import InsertOne, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from bench.store_documents import (
    Definitions,
    key_documents,
    statement_document,
    timeline_document,
)
from bench.store_statements import SOURCE_TOPIC, StoreStatements
from services.aggregator.records import StatementRecord
from services.aggregator.writer import StatementWriter
from services.common.mongo import ACTIVITY_DEFINITIONS, STATEMENTS, TIMELINE_EVENTS, Document
from services.common.statement_keys import STATEMENT_KEYS

END = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


class RecordingCollection:
    """Keeps what inserts and upserts would leave in an empty collection."""

    def __init__(self) -> None:
        self.documents: dict[object, Document] = {}

    async def insert_many(self, documents: Iterable[Document], ordered: bool = True) -> None:
        for document in documents:
            self.documents[document["_id"]] = dict(document)

    async def bulk_write(self, operations: Iterable[object], ordered: bool = True) -> None:
        # The operations' private fields: pymongo offers no public accessor.
        for operation in operations:
            if isinstance(operation, InsertOne):
                document = cast(Document, operation._doc)
                self.documents[document["_id"]] = dict(document)
            elif isinstance(operation, UpdateOne):
                self._update(operation._filter, operation._doc, upsert=bool(operation._upsert))
            else:
                raise AssertionError(f"unexpected write {operation!r}")

    def _update(self, selector: Mapping[str, Any], change: Any, *, upsert: bool) -> None:
        key = selector["_id"]
        current = self.documents.get(key)
        if current is None:
            if not upsert:
                return
            current = {"_id": key, **change.get("$setOnInsert", {})}
            self.documents[key] = current
        for name, value in change.items():
            if name == "$set":
                current.update(value)
            elif name == "$max":
                for field, candidate in value.items():
                    known = current.get(field)
                    current[field] = candidate if known is None else max(known, candidate)
            elif name != "$setOnInsert":
                raise AssertionError(f"unexpected update {name}")

    def find(self, selector: Mapping[str, Any], *args: object, **kwargs: object) -> Any:
        wanted = selector["_id"]["$in"]
        found = [dict(self.documents[i]) for i in wanted if i in self.documents]

        async def each() -> AsyncIterator[Document]:
            for document in found:
                yield document

        return each()

    async def delete_many(self, selector: Mapping[str, Any]) -> None:
        for key in selector["_id"]["$in"]:
            self.documents.pop(key, None)

    async def find_one(self, *args: object, **kwargs: object) -> Document | None:
        return None


class RecordingDatabase:
    def __init__(self) -> None:
        self.collections: dict[str, RecordingCollection] = {}

    def __getitem__(self, name: str) -> RecordingCollection:
        return self.collections.setdefault(name, RecordingCollection())


def _records(count: int) -> list[StatementRecord]:
    statements = StoreStatements(count, END, api_key="dev", home_page="http://127.0.0.1:8080")
    return statements.records(0, count)


async def _written_by_the_writer(records: list[StatementRecord]) -> RecordingDatabase:
    db = RecordingDatabase()
    result = await StatementWriter(cast(AsyncDatabase[Document], db)).apply(records)
    assert (result.applied, result.duplicates, result.conflicts) == (len(records), 0, [])
    return db


async def test_statement_and_timeline_documents_are_the_writers() -> None:
    records = _records(60)
    db = await _written_by_the_writer(records)

    assert db[STATEMENTS].documents == {r.statement_id: statement_document(r) for r in records}
    assert db[TIMELINE_EVENTS].documents == {r.statement_id: timeline_document(r) for r in records}
    keys = {key["_id"]: key for r in records for key in key_documents(r)}
    assert db[STATEMENT_KEYS].documents == keys
    assert len(keys) > 6 * len(records)


async def test_definitions_are_the_writers_after_the_same_statements() -> None:
    records = _records(60)
    written = await _written_by_the_writer(records)
    definitions = Definitions()
    definitions.add(records[:30])
    definitions.add(records[30:])
    ours = RecordingDatabase()
    await ours[ACTIVITY_DEFINITIONS].bulk_write(definitions.upserts())

    assert ours[ACTIVITY_DEFINITIONS].documents == written[ACTIVITY_DEFINITIONS].documents
    assert len(definitions.seen) > 5


def test_store_statements_arrive_in_order_over_the_year_as_valid_statements() -> None:
    statements = StoreStatements(3000, END, api_key="dev", home_page="http://127.0.0.1:8080")
    records = statements.records(0, 1500) + statements.records(1500, 1500)

    stored = [r.stored for r in records]
    assert stored == sorted(stored)
    assert statements.start <= stored[0] and stored[-1] <= END
    assert all(r.timestamp <= r.stored for r in records)
    assert [r.source.offset for r in records] == list(range(3000))
    assert {r.source.topic for r in records} == {SOURCE_TOPIC}
    assert len({r.statement_id for r in records}) == 3000
    assert len({r.learner for r in records}) > 500
    assert len({r.statement["verb"]["id"] for r in records}) >= 5
    registrations = [reg for r in records for reg in r.fields["registrations"]]
    assert len(set(registrations)) < len(registrations)  # sessions share a registration
    assert orjson.loads(records[0].raw)["stored"].endswith("Z")


def test_query_samples_cover_the_store() -> None:
    statements = StoreStatements(5000, END, api_key="dev", home_page="http://127.0.0.1:8080")
    records = statements.records(0, 5000)
    samples = statements.samples

    assert len(samples.ids) == 1000
    assert set(samples.ids) <= {r.statement_id for r in records}
    assert samples.registrations and samples.activities and samples.agents
    assert samples.start == statements.start and samples.end == END
