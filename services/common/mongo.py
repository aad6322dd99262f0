"""MongoDB access shared by the services: the client, collection names and indexes.

Statements are kept as their JSON text (``raw``) beside flat, simply typed fields
for filters: xAPI extension keys are IRIs with dots and may start with ``$``,
which MongoDB field names (and FerretDB's stricter rules) do not allow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TypeAlias

from prometheus_client import Histogram
from pymongo import (
    ASCENDING,
    AsyncMongoClient,
    IndexModel,
    ReplaceOne,
    UpdateOne,
    monitoring,
)
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from services.common.settings import CommonSettings

STATEMENTS = "statements"
TIMELINE_EVENTS = "timeline_events"
APPLIED_OFFSETS = "applied_offsets"
DOCUMENTS = "documents"
ATTACHMENTS = "attachments"
ACTIVITY_DEFINITIONS = "activity_definitions"
STATEMENT_LINKS = "statement_links"
CREDENTIALS = "credentials"

Document: TypeAlias = dict[str, object]

DUPLICATE_KEY = 11000
UPDATES_PER_COMMAND = 16
IDS_PER_READ = 500

INDEXES: dict[str, list[IndexModel]] = {
    TIMELINE_EVENTS: [IndexModel([("learner", ASCENDING), ("timestamp", ASCENDING)])],
    ACTIVITY_DEFINITIONS: [IndexModel([("activity", ASCENDING), ("seen", ASCENDING)])],
    # The id lists of the document resources: by Activity (State, Activity Profile) or by Agent.
    DOCUMENTS: [
        IndexModel([("kind", ASCENDING), ("activityId", ASCENDING), ("agent", ASCENDING)]),
        IndexModel([("kind", ASCENDING), ("agent", ASCENDING)]),
    ],
}


MONGO_SECONDS = Histogram(
    "lrs_mongodb_command_duration_seconds",
    "MongoDB command round trips, by command name.",
    ["command", "outcome"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)


class CommandTimer(monitoring.CommandListener):
    """Times every command the driver sends (names are few: find, insert, update...)."""

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        return None

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        MONGO_SECONDS.labels(event.command_name, "ok").observe(event.duration_micros / 1e6)

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        MONGO_SECONDS.labels(event.command_name, "error").observe(event.duration_micros / 1e6)


def open_client(settings: CommonSettings) -> AsyncMongoClient[Document]:
    return AsyncMongoClient(
        settings.mongodb_url.get_secret_value(),
        serverSelectionTimeoutMS=5000,
        maxPoolSize=settings.mongodb_pool_size,
        tz_aware=True,
        connect=False,
        event_listeners=[CommandTimer()],
    )


async def ensure_indexes(db: AsyncDatabase[Document]) -> None:
    """Create the secondary indexes, unless the server is FerretDB.

    FerretDB 1.x serves every filter but ``_id`` by reading the collection, so its indexes
    only cost writes: on SQLite each one re-parses the stored JSON of every inserted row.
    """
    if await is_ferretdb(db):
        return
    for collection, indexes in INDEXES.items():
        for index in indexes:
            await db[collection].create_indexes([index])


async def is_ferretdb(db: AsyncDatabase[Document]) -> bool:
    build = await db.client.admin.command("buildInfo")
    return "ferretdbVersion" in build


async def find_by_ids(
    collection: AsyncCollection[Document],
    ids: Iterable[str],
    projection: Mapping[str, bool] | None = None,
) -> dict[str, Document]:
    """Documents by ``_id``, a few hundred ids per ``$in``: each one index read."""
    wanted = sorted(set(ids))
    found: dict[str, Document] = {}
    for start in range(0, len(wanted), IDS_PER_READ):
        selector = {"_id": {"$in": wanted[start : start + IDS_PER_READ]}}
        async for doc in collection.find(selector, projection=projection):
            found[str(doc["_id"])] = doc
    return found


async def bulk_update(
    collection: AsyncCollection[Document],
    operations: Sequence[UpdateOne | ReplaceOne[Document]],
) -> None:
    """Send updates a few per command.

    FerretDB keeps one pooled backend connection per update of a command until the
    command returns; with about a hundred updates in one command (its SQLite pool holds
    100) it waits for a connection forever and the whole server stalls. Only writes that
    cannot fail on a duplicate key belong here: FerretDB stops an update command at its
    first write error and answers without ``nModified``, which the driver cannot read.
    """
    for start in range(0, len(operations), UPDATES_PER_COMMAND):
        await collection.bulk_write(
            list(operations[start : start + UPDATES_PER_COMMAND]), ordered=False
        )


async def insert_absent(
    collection: AsyncCollection[Document], documents: Sequence[Document]
) -> list[int]:
    """Insert the documents whose ``_id`` is new; return the positions already stored."""
    if not documents:
        return []
    try:
        await collection.insert_many(documents, ordered=False)
    except BulkWriteError as error:
        failures = error.details.get("writeErrors", [])
        if any(f.get("code") != DUPLICATE_KEY for f in failures):
            raise
        return [int(f["index"]) for f in failures]
    return []


async def ping(db: AsyncDatabase[Document]) -> bool:
    try:
        await db.command("ping")
    except Exception:  # noqa: BLE001 - any failure means "not reachable" for /ready
        return False
    return True
