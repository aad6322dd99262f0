"""Where documents live: the operations the resources need, and their MongoDB implementation.

Each write is one single-document operation that either applies whole or not at all; the
conditional ones (``insert``, ``replace``, ``delete`` with an expected ETag) are what make
read-modify-write safe without transactions. Contents are stored as bytes beside flat fields,
which keeps FerretDB's naming rules away from whatever a client puts in a document.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.common.mongo import DOCUMENTS, Document
from services.ingest.documents.model import Content, DocumentKey, Scope, StoredDocument


class DocumentStore(Protocol):
    async def get(self, key: DocumentKey) -> StoredDocument | None: ...

    async def insert(self, key: DocumentKey, document: StoredDocument) -> bool:
        """Store a new document; False (and nothing changed) when one exists already."""
        ...

    async def replace(self, key: DocumentKey, document: StoredDocument, expected_etag: str) -> bool:
        """Overwrite the document if it still has ``expected_etag``; False otherwise."""
        ...

    async def upsert(self, key: DocumentKey, document: StoredDocument) -> None:
        """Store the document whether or not one exists."""
        ...

    async def delete(self, key: DocumentKey, expected_etag: str | None = None) -> bool:
        """Delete the document (only if it has ``expected_etag``, when given); False if none."""
        ...

    async def list_ids(
        self, scope: Scope, since: datetime | None = None
    ) -> list[tuple[str, datetime]]:
        """Ids and update times of the scope's documents updated after ``since``."""
        ...

    async def delete_all(self, scope: Scope) -> None: ...


class MongoDocumentStore:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._documents: AsyncCollection[Document] = db[DOCUMENTS]

    async def get(self, key: DocumentKey) -> StoredDocument | None:
        found = await self._documents.find_one({"_id": key.storage_id})
        return None if found is None else _stored(found)

    async def insert(self, key: DocumentKey, document: StoredDocument) -> bool:
        try:
            await self._documents.insert_one({"_id": key.storage_id, **_fields(key, document)})
        except DuplicateKeyError:
            return False
        return True

    async def replace(self, key: DocumentKey, document: StoredDocument, expected_etag: str) -> bool:
        result = await self._documents.update_one(
            {"_id": key.storage_id, "etag": expected_etag}, {"$set": _version(document)}
        )
        return result.matched_count == 1

    async def upsert(self, key: DocumentKey, document: StoredDocument) -> None:
        fields = _fields(key, document)
        version = _version(document)
        await self._documents.update_one(
            {"_id": key.storage_id},
            {
                "$set": version,
                "$setOnInsert": {k: v for k, v in fields.items() if k not in version},
            },
            upsert=True,
        )

    async def delete(self, key: DocumentKey, expected_etag: str | None = None) -> bool:
        selector: dict[str, Any] = {"_id": key.storage_id}
        if expected_etag is not None:
            selector["etag"] = expected_etag
        result = await self._documents.delete_one(selector)
        return result.deleted_count == 1

    async def list_ids(
        self, scope: Scope, since: datetime | None = None
    ) -> list[tuple[str, datetime]]:
        selector = _scope_filter(scope)
        if since is not None:
            selector["updated"] = {"$gt": since}
        cursor = self._documents.find(selector, {"documentId": 1, "updated": 1}).sort("updated", 1)
        return [(str(found["documentId"]), _aware(found["updated"])) async for found in cursor]

    async def delete_all(self, scope: Scope) -> None:
        await self._documents.delete_many(_scope_filter(scope))


def _scope_filter(scope: Scope) -> dict[str, Any]:
    selector: dict[str, Any] = {"kind": scope.kind}
    for field, value in (
        ("activityId", scope.activity_id),
        ("agent", scope.agent_key),
        ("registration", scope.registration),
    ):
        if value is not None:
            selector[field] = value
    return selector


def _version(document: StoredDocument) -> dict[str, Any]:
    """The fields a write changes; the address fields never change."""
    return {
        "content": document.content.body,
        "contentType": document.content.content_type,
        "etag": document.etag,
        "updated": document.updated,
    }


def _fields(key: DocumentKey, document: StoredDocument) -> dict[str, Any]:
    scope = key.scope
    return {
        "kind": scope.kind,
        "activityId": scope.activity_id,
        "agent": scope.agent_key,
        "registration": scope.registration,
        "documentId": key.document_id,
        **_version(document),
    }


def _stored(found: Document) -> StoredDocument:
    body = found["content"]
    if not isinstance(body, bytes):
        raise TypeError(f"document {found['_id']} has no byte content")
    return StoredDocument(
        Content(body, str(found["contentType"])), str(found["etag"]), _aware(found["updated"])
    )


def _aware(value: object) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"a document's update time is not a date: {value!r}")
    # A client opened without tz_aware=True hands back naive datetimes; MongoDB keeps UTC.
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
