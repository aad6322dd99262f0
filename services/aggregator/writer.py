"""Applies statements to MongoDB so that applying them twice changes nothing.

Every document is keyed deterministically (the statement id), inserted only if
absent, so a redelivered record (a crash between write and commit, a replay)
matches what is already there. What follows an insert is idempotent too: voiding
sets a flag, and a targeting statement inherits its target's filter values with
``$addToSet``. Both work whichever of the two statements arrives first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from services.aggregator.records import DeadLetter, StatementRecord
from services.common.activity_definitions import definition_key, definitions_in
from services.common.comparison import same_statement
from services.common.mongo import (
    ACTIVITY_DEFINITIONS,
    APPLIED_OFFSETS,
    STATEMENT_LINKS,
    STATEMENTS,
    TIMELINE_EVENTS,
    Document,
    bulk_update,
    find_by_ids,
    insert_absent,
)
from services.common.statement_index import FILTER_FIELDS
from services.common.statement_keys import STATEMENT_KEYS, keys_of, position

KEYS_PER_DELETE = 500


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
        await self._record_definitions(accepted)
        links = await self._link_references(accepted)
        inheritors = await self._inherit_filters(accepted, links)
        voided = await self._apply_voiding(accepted, links)
        changed = inheritors | voided
        # A statement new to the store whose filter values and voiding nothing in the batch
        # changed has the keys it brought; only the others are read back.
        unchanged = [
            r
            for r in accepted
            if r.statement_id not in duplicate_ids and r.statement_id not in changed
        ]
        reread = {r.statement_id for r in accepted} - {r.statement_id for r in unchanged}
        await self._maintain_keys(unchanged, reread | changed)
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
        await bulk_update(self._db[APPLIED_OFFSETS], updates)

    async def _insert_statements(self, records: Sequence[StatementRecord]) -> set[str]:
        documents = [statement_document(r) for r in records]
        stored_already = await insert_absent(self._db[STATEMENTS], documents)
        return {records[i].statement_id for i in stored_already}

    async def _conflicting(
        self, records: Sequence[StatementRecord], duplicate_ids: set[str]
    ) -> set[str]:
        """Ids stored already with other content, by the spec's comparison rules.

        A redelivered record is identical; the same statement accepted by two ingest
        replicas differs only in what the LRS set (stored, authority): neither conflicts.
        """
        if not duplicate_ids:
            return set()
        stored = await find_by_ids(self._db[STATEMENTS], duplicate_ids, {"raw": True})
        return {
            r.statement_id
            for r in records
            if r.statement_id in stored
            and stored[r.statement_id]["raw"] != r.raw
            and not same_statement(r.statement, orjson.loads(str(stored[r.statement_id]["raw"])))
        }

    async def _record_definitions(self, records: Sequence[StatementRecord]) -> None:
        # A batch repeats the same few definitions: one upsert each, at its newest time.
        newest: dict[str, tuple[str, dict[str, Any], datetime]] = {}
        for r in records:
            for activity_id, definition in definitions_in(r.statement):
                key = definition_key(activity_id, definition)
                if key not in newest or newest[key][2] < r.stored:
                    newest[key] = (activity_id, definition, r.stored)
        operations = [
            UpdateOne(
                {"_id": key},
                {
                    "$setOnInsert": {
                        "activity": activity_id,
                        "definition": orjson.dumps(definition).decode(),
                    },
                    "$max": {"seen": seen},
                },
                upsert=True,
            )
            for key, (activity_id, definition, seen) in newest.items()
        ]
        await bulk_update(self._db[ACTIVITY_DEFINITIONS], operations)

    async def _link_references(self, records: Sequence[StatementRecord]) -> list[Document]:
        """Record who targets whom; return the links that point at statements of this batch.

        The links live in their own small collection, keyed by the target's id, so finding
        the statements that targeted a newcomer (one that arrived after its voiding
        statement, say) never scans the statements themselves.
        """
        links = self._db[STATEMENT_LINKS]
        operations = [
            UpdateOne(
                {"_id": r.ref},
                {"$addToSet": {"referrers": r.statement_id, "voided_by": r.statement_id}}
                if r.voids
                else {"$addToSet": {"referrers": r.statement_id}},
                upsert=True,
            )
            for r in records
            if r.ref
        ]
        await bulk_update(links, operations)
        ids = [r.statement_id for r in records]
        return [doc async for doc in links.find({"_id": {"$in": ids}})]

    async def _inherit_filters(
        self, records: Sequence[StatementRecord], links: Sequence[Document]
    ) -> set[str]:
        """Give each targeting statement its target's filter values, whichever came first.

        Returns the ids of the statements given values.
        """
        statements = self._db[STATEMENTS]
        projection = dict.fromkeys(FILTER_FIELDS, True)
        targets = await find_by_ids(statements, [r.ref for r in records if r.ref], projection)
        inherited: list[tuple[str, Mapping[str, Any]]] = [
            (r.statement_id, targets[r.ref]) for r in records if r.ref and r.ref in targets
        ]
        fields_of = {r.statement_id: r.fields for r in records}
        for link in links:
            for referrer in link.get("referrers") or []:  # type: ignore[attr-defined]
                inherited.append((str(referrer), fields_of[str(link["_id"])]))
        await bulk_update(statements, [_add_filters(i, fields) for i, fields in inherited])
        return {statement_id for statement_id, _ in inherited}

    async def _apply_voiding(
        self, records: Sequence[StatementRecord], links: Sequence[Document]
    ) -> set[str]:
        """Void targets of voiding statements, and statements voided before they arrived.

        A voiding statement is never voided itself: one that targets another voiding
        statement is kept but ignored, as the spec allows.
        """
        to_void = {r.voids for r in records if r.voids}
        to_void |= {str(link["_id"]) for link in links if link.get("voided_by")}
        statements = self._db[STATEMENTS]
        targets = await find_by_ids(statements, to_void, {"voids": True})
        voided = {target for target, doc in targets.items() if doc.get("voids") is None}
        if not voided:
            return voided
        voiding = [UpdateOne({"_id": v}, {"$set": {"voided": True}}) for v in sorted(voided)]
        await bulk_update(statements, voiding)
        await bulk_update(self._db[TIMELINE_EVENTS], voiding)
        return voided

    async def _maintain_keys(
        self, arrived: Sequence[StatementRecord], statement_ids: set[str]
    ) -> None:
        """Give statements the keys their stored filter fields ask for, or none if voided.

        ``arrived`` were inserted by this batch as they are: their keys are their own.
        Those of ``statement_ids`` are derived from what is stored, after every other
        write of the batch: a redelivered batch (say, after a crash between the
        statements' insert and their keys') writes exactly the keys that are missing,
        and a statement's keys follow the values it inherited and its voiding, whichever
        order they came in.
        """
        docs = await find_by_ids(
            self._db[STATEMENTS],
            statement_ids,
            {"position": True, "voided": True, **dict.fromkeys(FILTER_FIELDS, True)},
        )
        present: list[Document] = [key for r in arrived for key in key_documents(r)]
        absent: list[str] = []
        for doc in docs.values():
            keys = keys_of(_filter_fields(doc), str(doc["position"]))
            if doc.get("voided"):
                absent.extend(keys)
            else:
                present.extend({"_id": key} for key in keys)
        keys_collection = self._db[STATEMENT_KEYS]
        await insert_absent(keys_collection, present)
        for start in range(0, len(absent), KEYS_PER_DELETE):
            chunk = absent[start : start + KEYS_PER_DELETE]
            await keys_collection.delete_many({"_id": {"$in": chunk}})

    async def _record_timeline(self, records: Sequence[StatementRecord]) -> None:
        await insert_absent(self._db[TIMELINE_EVENTS], [timeline_document(r) for r in records])


def statement_document(record: StatementRecord) -> Document:
    """What ``statements`` holds of a statement when it arrives (nothing targets it yet)."""
    return {
        "_id": record.statement_id,
        "raw": record.raw,
        "learner": record.learner,
        "stored": record.stored,
        "timestamp": record.timestamp,
        "voided": False,
        "position": position(record.stored, record.statement_id),
        "ref": record.ref,
        "voids": record.voids,
        "partition": record.source.partition,
        "offset": record.source.offset,
        **record.fields,
    }


def key_documents(record: StatementRecord) -> list[Document]:
    """The ``statement_keys`` of a statement when it arrives."""
    at = position(record.stored, record.statement_id)
    return [{"_id": key} for key in keys_of(record.fields, at)]


def timeline_document(record: StatementRecord) -> Document:
    return {
        "_id": record.statement_id,
        "learner": record.learner,
        "verb": record.statement["verb"]["id"],
        "activity": _object_id(record.statement),
        "voided": False,
        "timestamp": record.timestamp,
        "stored": record.stored,
    }


def _filter_fields(doc: Document) -> dict[str, list[str]]:
    return {
        name: [str(value) for value in values]
        for name in FILTER_FIELDS
        if isinstance(values := doc.get(name), list)
    }


def _add_filters(statement_id: str, fields: Mapping[str, Any]) -> UpdateOne:
    return UpdateOne(
        {"_id": statement_id},
        {"$addToSet": {name: {"$each": list(fields.get(name) or [])} for name in FILTER_FIELDS}},
    )


def _object_id(statement: dict[str, object]) -> str | None:
    target = statement.get("object")
    if isinstance(target, dict) and isinstance(target.get("id"), str):
        return str(target["id"])
    return None
