"""The MongoDB document store on a real MongoDB-wire server (FerretDB locally)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import orjson
from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import DOCUMENTS, Document, ensure_indexes
from services.ingest.documents.model import Content, DocumentKey, Scope, StoredDocument
from services.ingest.documents.preconditions import Preconditions
from services.ingest.documents.store import MongoDocumentStore
from services.ingest.documents.writes import new_version, post_document

T0 = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
STATE = Scope("state", activity_id="http://x.org/a.b", agent_key="mbox:mailto:a@x.org")
REGISTERED = Scope(
    "state",
    activity_id="http://x.org/a.b",
    agent_key="mbox:mailto:a@x.org",
    registration="6f2b0b6e-4b1a-4a33-9c57-8a1e2c3d4e5f",
)
PROFILE = Scope("agent_profile", agent_key="mbox:mailto:a@x.org")


def _version(body: bytes, etag: str, minutes: int = 0) -> StoredDocument:
    return StoredDocument(
        Content(body, "application/octet-stream"), etag, T0 + timedelta(minutes=minutes)
    )


async def test_contents_come_back_byte_for_byte(database: AsyncDatabase[Document]) -> None:
    await ensure_indexes(database)
    await ensure_indexes(database)  # restarts re-run it
    store = MongoDocumentStore(database)
    # What a client may put in a document: names FerretDB refuses as fields, NUL, binary.
    body = orjson.dumps({"$set": {"a.b": [[1], [2]]}, "nul": "a\u0000b"}) + bytes(range(256))
    key = DocumentKey(STATE, "state.with.dots")

    assert await store.insert(key, _version(body, "e1"))

    assert await store.get(key) == _version(body, "e1")
    assert await store.get(DocumentKey(STATE, "other")) is None


async def test_insert_creates_once_and_replace_needs_the_current_etag(
    database: AsyncDatabase[Document],
) -> None:
    store = MongoDocumentStore(database)
    key = DocumentKey(PROFILE, "p1")

    assert await store.insert(key, _version(b"1", "e1"))
    assert not await store.insert(key, _version(b"2", "e2"))
    assert not await store.replace(key, _version(b"2", "e2"), "stale")
    assert await store.replace(key, _version(b"3", "e3", minutes=1), "e1")
    assert not await store.replace(DocumentKey(PROFILE, "absent"), _version(b"", "e"), "e")

    assert await store.get(key) == _version(b"3", "e3", minutes=1)
    assert await database[DOCUMENTS].count_documents({}) == 1


async def test_upsert_creates_then_overwrites(database: AsyncDatabase[Document]) -> None:
    store = MongoDocumentStore(database)
    key = DocumentKey(REGISTERED, "s1")

    await store.upsert(key, _version(b"1", "e1"))
    await store.upsert(key, _version(b"2", "e2", minutes=1))

    assert await store.get(key) == _version(b"2", "e2", minutes=1)
    assert [i for i, _ in await store.list_ids(REGISTERED)] == ["s1"]


async def test_lists_narrow_by_registration_and_time_and_delete_by_scope(
    database: AsyncDatabase[Document],
) -> None:
    store = MongoDocumentStore(database)
    await store.insert(DocumentKey(STATE, "old"), _version(b"", "e", minutes=0))
    await store.insert(DocumentKey(REGISTERED, "new"), _version(b"", "e", minutes=5))
    await store.insert(DocumentKey(PROFILE, "profile"), _version(b"", "e", minutes=5))

    assert await store.list_ids(STATE) == [("old", T0), ("new", T0 + timedelta(minutes=5))]
    assert [i for i, _ in await store.list_ids(STATE, since=T0)] == ["new"]
    assert [i for i, _ in await store.list_ids(REGISTERED)] == ["new"]

    await store.delete_all(STATE)

    assert await store.list_ids(STATE) == []
    assert [i for i, _ in await store.list_ids(PROFILE)] == ["profile"]


async def test_delete_with_an_etag_leaves_other_versions(
    database: AsyncDatabase[Document],
) -> None:
    store = MongoDocumentStore(database)
    key = DocumentKey(PROFILE, "p1")
    await store.insert(key, _version(b"1", "e1"))

    assert not await store.delete(key, "stale")
    assert await store.delete(key, "e1")
    assert not await store.delete(key)


async def test_concurrent_posts_all_merge(database: AsyncDatabase[Document]) -> None:
    store = MongoDocumentStore(database)
    key = DocumentKey(STATE, "counter")
    await store.insert(key, new_version(Content(b"{}", "application/json")))

    await asyncio.gather(
        *(
            post_document(
                store, key, Content(orjson.dumps({f"k{i}": i}), "application/json"), Preconditions()
            )
            for i in range(4)
        )
    )

    stored = await store.get(key)
    assert stored is not None
    assert orjson.loads(stored.content.body) == {f"k{i}": i for i in range(4)}
