"""Read-your-writes over an asynchronous pipeline.

The aggregator records, per partition, the last offset it applied and that
statement's ``stored`` time (collection ``applied_offsets``). A GET waits, for a
bounded time, until every partition has reached the offsets Kafka acknowledged to
this ingest replica before the GET arrived, then tells the truth in
``X-Experience-API-Consistent-Through``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import APPLIED_OFFSETS, Document

POLL_SECONDS = 0.01
EPOCH = datetime.fromtimestamp(0, UTC)


@dataclass(frozen=True, slots=True)
class AppliedPosition:
    offset: int
    stored: datetime


class AppliedOffsets:
    def __init__(self, db: AsyncDatabase[Document], topic: str) -> None:
        self._collection = db[APPLIED_OFFSETS]
        self._topic = topic

    async def read(self) -> dict[int, AppliedPosition]:
        positions: dict[int, AppliedPosition] = {}
        async for doc in self._collection.find({"topic": self._topic}):
            positions[int(str(doc["partition"]))] = AppliedPosition(
                offset=int(str(doc["offset"])), stored=_as_datetime(doc.get("stored"))
            )
        return positions


class AppliedPositions(Protocol):
    async def read(self) -> dict[int, AppliedPosition]: ...


class ConsistencyGate:
    def __init__(self, applied: AppliedPositions, wait_seconds: float) -> None:
        self._applied = applied
        self._wait_seconds = wait_seconds

    async def wait_for(self, acked: Mapping[int, int], *, wait: bool = True) -> datetime:
        """Wait until ``acked`` is applied (bounded); return the consistent-through time.

        With ``wait=False`` it only reads where the aggregator is, for responses that
        read nothing from the store but must still carry the header.
        """
        deadline = time.monotonic() + (self._wait_seconds if wait else 0.0)
        while True:
            now = datetime.now(UTC)
            positions = await self._applied.read()
            lagging = [
                partition
                for partition, offset in acked.items()
                if partition not in positions or positions[partition].offset < offset
            ]
            if not lagging:
                return now
            if time.monotonic() >= deadline:
                return min(
                    (positions[p].stored for p in lagging if p in positions),
                    default=EPOCH,
                )
            await asyncio.sleep(POLL_SECONDS)


def _as_datetime(value: object) -> datetime:
    # A partition whose batches held only dead letters has no stored time yet.
    if not isinstance(value, datetime):
        return EPOCH
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class RecentConsistency:
    """The consistent-through time for responses that read nothing, reused briefly.

    Any earlier value is still true (it is a lower bound), so a read at most
    ``max_age`` old spares the store one round trip per POST and PUT; the bound keeps
    clients that poll on the header moving.
    """

    def __init__(self, gate: ConsistencyGate, max_age: float = 0.2) -> None:
        self._gate = gate
        self._max_age = max_age
        self._value = EPOCH
        self._read_at = -float("inf")

    async def through(self, acked: Mapping[int, int]) -> datetime:
        if time.monotonic() - self._read_at > self._max_age:
            read_at = time.monotonic()
            self._value = await self._gate.wait_for(acked, wait=False)
            self._read_at = read_at
        return self._value
