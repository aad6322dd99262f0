"""MongoDB access shared by the services: the client, collection names and indexes.

Statements are kept as their JSON text (``raw``) beside flat, simply typed fields
for filters: xAPI extension keys are IRIs with dots and may start with ``$``,
which MongoDB field names (and FerretDB's stricter rules) do not allow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeAlias

from prometheus_client import Histogram
from pymongo import ASCENDING, DESCENDING, AsyncMongoClient, IndexModel, monitoring
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from services.common.settings import CommonSettings
from services.common.statement_index import FILTER_FIELDS

STATEMENTS = "statements"
TIMELINE_EVENTS = "timeline_events"
APPLIED_OFFSETS = "applied_offsets"
DOCUMENTS = "documents"
ATTACHMENTS = "attachments"
ACTIVITY_DEFINITIONS = "activity_definitions"
STATEMENT_LINKS = "statement_links"
CREDENTIALS = "credentials"

Document: TypeAlias = dict[str, object]

INDEXES: dict[str, list[IndexModel]] = {
    # One index per GET /statements filter, each ending in the page order.
    STATEMENTS: [
        IndexModel([("stored", DESCENDING), ("_id", DESCENDING)]),
        IndexModel([("learner", ASCENDING), ("stored", DESCENDING)]),
        *(IndexModel([(field, ASCENDING), ("stored", DESCENDING)]) for field in FILTER_FIELDS),
    ],
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
    for collection, indexes in INDEXES.items():
        # One index per command: FerretDB 1.24 panics when a single createIndexes
        # re-creates several indexes that already exist (it closes the connection).
        for index in indexes:
            await db[collection].create_indexes([index])


async def find_by_ids(
    collection: AsyncCollection[Document],
    ids: Iterable[str],
    projection: Mapping[str, bool] | None = None,
) -> dict[str, Document]:
    """Documents by ``_id``, in one query.

    One query, not one per id: FerretDB's SQLite backend stalled (a table lock never
    released) under many concurrent point reads next to the aggregator's writes. MongoDB
    serves ``$in`` on ``_id`` from its index; FerretDB reads the collection.
    """
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    if len(wanted) == 1:
        doc = await collection.find_one({"_id": wanted[0]}, projection=projection)
        return {} if doc is None else {wanted[0]: doc}
    return {
        str(doc["_id"]): doc
        async for doc in collection.find({"_id": {"$in": wanted}}, projection=projection)
    }


async def ping(db: AsyncDatabase[Document]) -> bool:
    try:
        await db.command("ping")
    except Exception:  # noqa: BLE001 - any failure means "not reachable" for /ready
        return False
    return True
