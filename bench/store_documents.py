"""The documents the aggregator's ``StatementWriter`` writes for a statement, built directly.

Statements, their keys and timeline events come from the writer's own functions; the
activity definitions are gathered here over a whole chunk, so that the store phase can
insert a million statements in large chunks. ``tests/unit/test_bench_store_documents.py``
runs the writer against a recording fake and keeps the two equal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import orjson
from pymongo import UpdateOne

from services.aggregator.records import StatementRecord
from services.aggregator.writer import key_documents, statement_document, timeline_document
from services.common.activity_definitions import definition_key, definitions_in

__all__ = ["Definitions", "key_documents", "statement_document", "timeline_document"]


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
