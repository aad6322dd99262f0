"""What a replay cannot derive from the topic, copied from the live database first.

The roster, the unit tree and the catalog (with its history of versions) decide how
statements are projected; documents (State, Activity and Agent Profiles), attachments and
credentials never pass through Kafka.
Copying them makes the rebuilt database one the services can run on.
"""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import ATTACHMENTS, CREDENTIALS, DOCUMENTS, Document
from services.competency_store.collections import (
    CATALOG_HISTORY,
    REDERIVE_DOC,
    REFERENCE,
    ROSTER,
    ROSTER_UNITS,
    UNMAPPED_DOC,
)

INPUT_COLLECTIONS = (
    REFERENCE,
    CATALOG_HISTORY,
    ROSTER,
    ROSTER_UNITS,
    DOCUMENTS,
    ATTACHMENTS,
    CREDENTIALS,
)
# Reference documents that are the projection's own progress, not input: the replay makes
# its own as it goes (and projects with the catalog in force, so needs no re-derive).
PROJECTION_STATE = frozenset({UNMAPPED_DOC, REDERIVE_DOC})
CHUNK = 500


async def copy_inputs(source: AsyncDatabase[Document], target: AsyncDatabase[Document]) -> int:
    """Copy the input collections; return how many documents were copied."""
    copied = 0
    for name in INPUT_COLLECTIONS:
        chunk: list[Document] = []
        async for doc in source[name].find({}):
            if name == REFERENCE and doc["_id"] in PROJECTION_STATE:
                continue
            chunk.append(doc)
            if len(chunk) == CHUNK:
                await target[name].insert_many(chunk)
                copied += len(chunk)
                chunk = []
        if chunk:
            await target[name].insert_many(chunk)
            copied += len(chunk)
    return copied


async def is_empty(db: AsyncDatabase[Document]) -> bool:
    return not await db.list_collection_names()
