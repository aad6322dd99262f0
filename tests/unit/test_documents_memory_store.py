"""An in-memory DocumentStore for the unit tests, and the contract it shares with MongoDB's.

``tests/integration/test_documents_store.py`` checks the same behaviour on a real server.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.ingest.documents.model import Content, DocumentKey, Scope, StoredDocument
from services.ingest.documents.store import DocumentStore

T0 = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


class MemoryDocumentStore:
    def __init__(self) -> None:
        self.documents: dict[str, tuple[DocumentKey, StoredDocument]] = {}

    async def get(self, key: DocumentKey) -> StoredDocument | None:
        entry = self.documents.get(key.storage_id)
        return None if entry is None else entry[1]

    async def insert(self, key: DocumentKey, document: StoredDocument) -> bool:
        if key.storage_id in self.documents:
            return False
        self.documents[key.storage_id] = (key, document)
        return True

    async def replace(self, key: DocumentKey, document: StoredDocument, expected_etag: str) -> bool:
        current = await self.get(key)
        if current is None or current.etag != expected_etag:
            return False
        self.documents[key.storage_id] = (key, document)
        return True

    async def upsert(self, key: DocumentKey, document: StoredDocument) -> None:
        self.documents[key.storage_id] = (key, document)

    async def delete(self, key: DocumentKey, expected_etag: str | None = None) -> bool:
        current = await self.get(key)
        if current is None or expected_etag not in (None, current.etag):
            return False
        del self.documents[key.storage_id]
        return True

    async def list_ids(
        self, scope: Scope, since: datetime | None = None
    ) -> list[tuple[str, datetime]]:
        found = [
            (key.document_id, document.updated)
            for key, document in self.documents.values()
            if in_scope(key, scope) and (since is None or document.updated > since)
        ]
        return sorted(found, key=lambda item: item[1])

    async def delete_all(self, scope: Scope) -> None:
        for storage_id, (key, _) in list(self.documents.items()):
            if in_scope(key, scope):
                del self.documents[storage_id]


def in_scope(key: DocumentKey, scope: Scope) -> bool:
    """A scope field left None matches any value, as the MongoDB filter leaves it out."""
    stored = key.scope
    return stored.kind == scope.kind and all(
        wanted is None or wanted == have
        for wanted, have in (
            (scope.activity_id, stored.activity_id),
            (scope.agent_key, stored.agent_key),
            (scope.registration, stored.registration),
        )
    )


def version(body: bytes, etag: str, minutes: int = 0) -> StoredDocument:
    return StoredDocument(Content(body, "application/json"), etag, T0 + timedelta(minutes=minutes))


STATE_SCOPE = Scope("state", activity_id="http://x.org/a", agent_key="mbox:mailto:a@x.org")
REGISTERED = Scope(
    "state",
    activity_id="http://x.org/a",
    agent_key="mbox:mailto:a@x.org",
    registration="6f2b0b6e-4b1a-4a33-9c57-8a1e2c3d4e5f",
)


async def test_insert_only_creates() -> None:
    store: DocumentStore = MemoryDocumentStore()  # mypy checks the fake against the Protocol
    key = DocumentKey(STATE_SCOPE, "s1")
    assert await store.insert(key, version(b"{}", "e1"))
    assert not await store.insert(key, version(b"[]", "e2"))
    assert await store.get(key) == version(b"{}", "e1")


async def test_replace_needs_the_expected_etag() -> None:
    store = MemoryDocumentStore()
    key = DocumentKey(STATE_SCOPE, "s1")
    assert not await store.replace(key, version(b"1", "e1"), "e0")
    await store.upsert(key, version(b"0", "e0"))
    assert not await store.replace(key, version(b"1", "e1"), "other")
    assert await store.replace(key, version(b"1", "e1"), "e0")
    assert await store.get(key) == version(b"1", "e1")


async def test_a_registration_narrows_only_when_given() -> None:
    store = MemoryDocumentStore()
    await store.upsert(DocumentKey(STATE_SCOPE, "plain"), version(b"{}", "e", minutes=1))
    await store.upsert(DocumentKey(REGISTERED, "registered"), version(b"{}", "e", minutes=2))

    assert [i for i, _ in await store.list_ids(STATE_SCOPE)] == ["plain", "registered"]
    assert [i for i, _ in await store.list_ids(REGISTERED)] == ["registered"]
    assert [i for i, _ in await store.list_ids(STATE_SCOPE, T0 + timedelta(minutes=1))] == [
        "registered"
    ]

    await store.delete_all(REGISTERED)
    assert [i for i, _ in await store.list_ids(STATE_SCOPE)] == ["plain"]


async def test_delete_with_an_etag_deletes_only_that_version() -> None:
    store = MemoryDocumentStore()
    key = DocumentKey(STATE_SCOPE, "s1")
    await store.upsert(key, version(b"{}", "e1"))
    assert not await store.delete(key, "e0")
    assert await store.delete(key, "e1")
    assert not await store.delete(key)
