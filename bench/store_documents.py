"""The documents the aggregator's ``StatementWriter`` writes for a statement, built directly.

The writer builds them inline in its bulk writes; these functions build the same documents
from the same ``StatementRecord`` so the store phase can insert a million of them in large
chunks. ``tests/unit/test_store_documents.py`` runs the writer against a recording fake and
keeps the two equal. (Were the writer to expose ``statement_document`` and
``timeline_document`` itself, this module would shrink to the definitions' upserts.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import orjson
from pymongo import UpdateOne

from services.aggregator.records import StatementRecord
from services.common.activity_definitions import definition_key, definitions_in
from services.common.mongo import Document


def statement_document(record: StatementRecord) -> Document:
    """What ``StatementWriter`` inserts into ``statements`` (a statement nothing targets)."""
    return {
        "_id": record.statement_id,
        "raw": record.raw,
        "learner": record.learner,
        "stored": record.stored,
        "timestamp": record.timestamp,
        "voided": False,
        "ref": record.ref,
        "voids": record.voids,
        "partition": record.source.partition,
        "offset": record.source.offset,
        **record.fields,
    }


def timeline_document(record: StatementRecord) -> Document:
    """What the writer's ``$setOnInsert`` upsert leaves in ``timeline_events``."""
    target = record.statement.get("object")
    activity = target.get("id") if isinstance(target, dict) else None
    return {
        "_id": record.statement_id,
        "learner": record.learner,
        "verb": record.statement["verb"]["id"],
        "activity": activity if isinstance(activity, str) else None,
        "voided": False,
        "timestamp": record.timestamp,
        "stored": record.stored,
    }


@dataclass
class Definitions:
    """Distinct activity definitions seen, with the newest stored time of each (``seen``)."""

    seen: dict[str, tuple[str, str, datetime]] = field(default_factory=dict)

    def add(self, records: Iterable[StatementRecord]) -> None:
        for record in records:
            for activity_id, definition in definitions_in(record.statement):
                key = definition_key(activity_id, definition)
                known = self.seen.get(key)
                if known is None:
                    text = orjson.dumps(definition).decode()
                    self.seen[key] = (activity_id, text, record.stored)
                elif record.stored > known[2]:
                    self.seen[key] = (known[0], known[1], record.stored)

    def upserts(self) -> list[UpdateOne]:
        """The writer's upserts, one per distinct definition (its ``$max`` of ``seen``)."""
        return [
            UpdateOne(
                {"_id": key},
                {
                    "$setOnInsert": {"activity": activity_id, "definition": text},
                    "$max": {"seen": seen},
                },
                upsert=True,
            )
            for key, (activity_id, text, seen) in self.seen.items()
        ]
