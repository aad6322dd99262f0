"""Per-learner timelines as the aggregator derived them from applied statements."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import TIMELINE_EVENTS, Document


class TimelineEvent(BaseModel):
    statement_id: str
    verb: str
    activity: str | None
    timestamp: datetime
    stored: datetime


class Timeline(BaseModel):
    learner: str
    events: list[TimelineEvent]


class TimelineReader:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._events = db[TIMELINE_EVENTS]

    async def timeline(self, learner: str, limit: int) -> Timeline:
        """The learner's events in the order they happened (statement timestamp, not arrival)."""
        cursor = (
            self._events.find({"learner": learner, "voided": {"$ne": True}})
            .sort([("timestamp", ASCENDING), ("_id", ASCENDING)])
            .limit(limit)
        )
        events = [
            TimelineEvent(
                statement_id=str(doc["_id"]),
                verb=str(doc["verb"]),
                activity=None if doc.get("activity") is None else str(doc["activity"]),
                timestamp=doc["timestamp"],
                stored=doc["stored"],
            )
            async for doc in cursor
        ]
        return Timeline(learner=learner, events=events)
