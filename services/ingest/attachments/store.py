"""Attachment contents in MongoDB, keyed by SHA-2: content addressed, so writes are idempotent.

Like documents, attachments are stored by ingest directly, before the statement that
names them is published: once a statement can be read, so can its attachments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import ATTACHMENTS, Document
from services.ingest.attachments.multipart import AttachmentPart


class AttachmentContents(Protocol):
    async def put(self, parts: Sequence[AttachmentPart]) -> None: ...

    async def get(self, sha2s: Iterable[str]) -> list[AttachmentPart]: ...


class AttachmentStore:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._attachments = db[ATTACHMENTS]

    async def put(self, parts: Sequence[AttachmentPart]) -> None:
        operations = [
            UpdateOne(
                {"_id": part.sha2},
                {"$setOnInsert": {"content_type": part.content_type, "data": part.content}},
                upsert=True,
            )
            for part in parts
        ]
        if operations:
            await self._attachments.bulk_write(operations, ordered=False)

    async def get(self, sha2s: Iterable[str]) -> list[AttachmentPart]:
        wanted = sorted({s.lower() for s in sha2s})
        if not wanted:
            return []
        return [
            AttachmentPart(str(doc["_id"]), str(doc["content_type"]), bytes(doc["data"]))  # type: ignore[call-overload]
            async for doc in self._attachments.find({"_id": {"$in": wanted}})
        ]
