"""Read the dead-letter topic from its start to its end now, without a consumer group (reading
commits nothing and moves no one's offsets)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition

from services.common.topics import topic_partitions


@dataclass(frozen=True, slots=True)
class DeadLetterEntry:
    """One dead letter as the aggregator wrote it (``records.DeadLetter.to_bytes``)."""

    partition: int
    offset: int
    at: datetime
    reason: str
    source: str  # topic:partition@offset of the record that could not be applied
    key: str | None
    value: str

    def as_json(self) -> dict[str, Any]:
        return {
            "dlq_partition": self.partition,
            "dlq_offset": self.offset,
            "at": self.at.isoformat(),
            "reason": self.reason,
            "source": self.source,
            "key": self.key,
            "value": self.value,
        }


def entry_of(partition: int, offset: int, timestamp_ms: int, value: bytes) -> DeadLetterEntry:
    at = datetime.fromtimestamp(timestamp_ms / 1000, UTC)
    try:
        letter = orjson.loads(value)
        source = f"{letter['topic']}:{letter['partition']}@{letter['offset']}"
        return DeadLetterEntry(
            partition, offset, at, str(letter["reason"]), source, letter.get("key"),
            str(letter["value"]),
        )  # fmt: skip
    except (orjson.JSONDecodeError, KeyError, TypeError):
        # Written by something else than the aggregator: shown as it is, not hidden.
        text = value.decode(errors="replace")
        return DeadLetterEntry(partition, offset, at, "unreadable dead letter", "?", None, text)


async def read_dead_letters(bootstrap_servers: str, topic: str) -> list[DeadLetterEntry]:
    partitions = [
        TopicPartition(topic, p) for p in await topic_partitions(bootstrap_servers, topic)
    ]
    if not partitions:
        return []
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers, client_id="lrs-dead-letters", enable_auto_commit=False
    )
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        entries: list[DeadLetterEntry] = []
        pending = {tp for tp in partitions if await consumer.position(tp) < ends[tp]}
        while pending:
            batch = await consumer.getmany(*pending, timeout_ms=500)
            for tp, records in batch.items():
                entries += [
                    entry_of(tp.partition, r.offset, r.timestamp, r.value or b"")
                    for r in records
                    if r.offset < ends[tp]
                ]
            pending = {tp for tp in pending if await consumer.position(tp) < ends[tp]}
        return sorted(entries, key=lambda e: (e.at, e.partition, e.offset))
    finally:
        await consumer.stop()
