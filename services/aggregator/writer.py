"""Applies statements to MongoDB so that applying them twice changes nothing.

Every document is keyed deterministically (the statement id), inserted only if
absent, so a redelivered record (a crash between write and commit, a replay)
matches what is already there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from pymongo import InsertOne, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from services.aggregator.records import DeadLetter, StatementRecord
from services.common.mongo import APPLIED_OFFSETS, STATEMENTS, TIMELINE_EVENTS, Document

DUPLICATE_KEY = 11000


@dataclass(frozen=True, slots=True)
class PartitionProgress:
    """The last offset of a partition that a batch applied (or dead-lettered)."""

    topic: str
    partition: int
    offset: int
    stored: datetime | None


@dataclass
class ApplyResult:
    applied: int = 0
    duplicates: int = 0
    conflicts: list[DeadLetter] = field(default_factory=list)


class StatementWriter:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._db = db

    async def apply(self, records: Sequence[StatementRecord]) -> ApplyResult:
        """Write the statements and their timeline events; report conflicts as dead letters."""
        result = ApplyResult()
        if not records:
            return result
        duplicate_ids = await self._insert_statements(records)
        conflicting = await self._conflicting(records, duplicate_ids)
        result.duplicates = len(duplicate_ids) - len(conflicting)
        result.conflicts = [
            DeadLetter(
                r.source,
                r.learner.encode(),
                r.raw.encode(),
                f"conflict: statement {r.statement_id} is already stored with other content",
            )
            for r in records
            if r.statement_id in conflicting
        ]
        accepted = [r for r in records if r.statement_id not in conflicting]
        result.applied = len(accepted) - result.duplicates
        await self._record_timeline(accepted)
        return result

    async def record_progress(self, progress: Sequence[PartitionProgress]) -> None:
        """Remember, per partition, the last offset applied and its statement's stored time."""
        updates = []
        for p in progress:
            change: Document = {
                "$max": {"offset": p.offset},
                "$setOnInsert": {"topic": p.topic, "partition": p.partition},
            }
            if p.stored is not None:
                change["$set"] = {"stored": p.stored}
            updates.append(UpdateOne({"_id": f"{p.topic}:{p.partition}"}, change, upsert=True))
        if updates:
            await self._db[APPLIED_OFFSETS].bulk_write(updates, ordered=False)

    async def _insert_statements(self, records: Sequence[StatementRecord]) -> set[str]:
        operations = [
            InsertOne(
                {
                    "_id": r.statement_id,
                    "raw": r.raw,
                    "learner": r.learner,
                    "verb": r.statement["verb"]["id"],
                    "stored": r.stored,
                    "timestamp": r.timestamp,
                    "voided": False,
                    "partition": r.source.partition,
                    "offset": r.source.offset,
                }
            )
            for r in records
        ]
        try:
            await self._db[STATEMENTS].bulk_write(operations, ordered=False)
        except BulkWriteError as error:
            failures = error.details.get("writeErrors", [])
            others = [f for f in failures if f.get("code") != DUPLICATE_KEY]
            if others:
                raise
            return {records[f["index"]].statement_id for f in failures}
        return set()

    async def _conflicting(
        self, records: Sequence[StatementRecord], duplicate_ids: set[str]
    ) -> set[str]:
        if not duplicate_ids:
            return set()
        stored = {
            str(doc["_id"]): doc["raw"]
            async for doc in self._db[STATEMENTS].find(
                {"_id": {"$in": sorted(duplicate_ids)}}, projection={"raw": True}
            )
        }
        return {
            r.statement_id
            for r in records
            if r.statement_id in duplicate_ids and stored.get(r.statement_id) != r.raw
        }

    async def _record_timeline(self, records: Sequence[StatementRecord]) -> None:
        operations = [
            UpdateOne(
                {"_id": r.statement_id},
                {
                    "$setOnInsert": {
                        "learner": r.learner,
                        "verb": r.statement["verb"]["id"],
                        "activity": _object_id(r.statement),
                        "timestamp": r.timestamp,
                        "stored": r.stored,
                    }
                },
                upsert=True,
            )
            for r in records
        ]
        if operations:
            await self._db[TIMELINE_EVENTS].bulk_write(operations, ordered=False)


def _object_id(statement: dict[str, object]) -> str | None:
    target = statement.get("object")
    if isinstance(target, dict) and isinstance(target.get("id"), str):
        return str(target["id"])
    return None
