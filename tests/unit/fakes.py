"""Small test doubles for the unit tests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from services.ingest.consistency import AppliedPosition
from services.ingest.errors import ServiceUnavailable
from services.ingest.publisher import Record
from services.ingest.statement_query import StatementQuery
from services.ingest.statement_store import StoredStatement


class FakePublisher:
    """Records what would have gone to Kafka; can play a Kafka that is down."""

    def __init__(self, *, down: bool = False) -> None:
        self.down = down
        self.records: list[Record] = []

    @property
    def acked_offsets(self) -> dict[int, int]:
        return {0: len(self.records) - 1} if self.records else {}

    async def written_offsets(self) -> dict[int, int]:
        return self.acked_offsets

    async def publish(self, records: Sequence[Record]) -> None:
        if self.down:
            raise ServiceUnavailable("Kafka is not reachable (fake); send the statements again")
        self.records.extend(records)

    async def is_connected(self) -> bool:
        return not self.down

    async def close(self) -> None:
        return None


class FakeStore:
    """A statement store holding a few raw statements, as the aggregator would have them."""

    def __init__(self) -> None:
        self.raw: dict[str, str] = {}
        self.learners: dict[str, str] = {}
        self.id_reads: list[list[str]] = []

    async def get(self, statement_id: str, *, voided: bool = False) -> StoredStatement | None:
        raw = self.raw.get(statement_id.lower())
        if raw is None or voided:
            return None
        return StoredStatement(statement_id.lower(), raw, datetime.now(UTC))

    async def query(self, query: StatementQuery) -> list[StoredStatement]:
        return []

    async def raw_by_id(self, statement_ids: Iterable[str]) -> dict[str, str]:
        statement_ids = list(statement_ids)
        if statement_ids:
            self.id_reads.append(statement_ids)
        return {i.lower(): self.raw[i.lower()] for i in statement_ids if i.lower() in self.raw}

    async def learners_by_id(self, statement_ids: Iterable[str]) -> dict[str, str]:
        return {i: self.learners[i] for i in statement_ids if i in self.learners}


class CaughtUp:
    """Applied offsets that have always reached whatever was acknowledged."""

    async def read(self) -> dict[int, AppliedPosition]:
        return {p: AppliedPosition(2**62, datetime.now(UTC)) for p in range(16)}


class IdSet:
    """Known ids as a plain set: what the topic filter holds, without its false positives."""

    def __init__(self, ids: Iterable[str] = ()) -> None:
        self.ids = {i.lower() for i in ids}

    def may_be_known(self, statement_id: str) -> bool:
        return statement_id.lower() in self.ids

    def remember(self, statement_id: str) -> None:
        self.ids.add(statement_id.lower())

    async def close(self) -> None:
        return None
