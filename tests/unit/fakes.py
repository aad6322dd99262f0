"""Small test doubles for the unit tests."""

from __future__ import annotations

from collections.abc import Sequence

from services.ingest.errors import ServiceUnavailable
from services.ingest.publisher import Record


class FakePublisher:
    """Records what would have gone to Kafka; can play a Kafka that is down."""

    def __init__(self, *, down: bool = False) -> None:
        self.down = down
        self.records: list[Record] = []

    @property
    def acked_offsets(self) -> dict[int, int]:
        return {0: len(self.records) - 1} if self.records else {}

    async def publish(self, records: Sequence[Record]) -> None:
        if self.down:
            raise ServiceUnavailable("Kafka is not reachable (fake); send the statements again")
        self.records.extend(records)

    async def is_connected(self) -> bool:
        return not self.down

    async def close(self) -> None:
        return None
