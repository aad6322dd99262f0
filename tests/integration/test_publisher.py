"""The publisher against a real Kafka broker."""

from __future__ import annotations

from typing import Literal

from aiokafka import AIOKafkaConsumer

from services.ingest.publisher import StatementPublisher
from services.ingest.settings import IngestSettings
from tests.fixtures.infrastructure import Endpoints, Names


async def _read_all(
    endpoints: Endpoints, topic: str, count: int
) -> list[tuple[bytes, bytes, int, int]]:
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=endpoints.bootstrap_servers, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        seen: list[tuple[bytes, bytes, int, int]] = []
        for _ in range(50):
            batch = await consumer.getmany(timeout_ms=200)
            seen.extend(
                (r.key, r.value, r.partition, r.offset)
                for records in batch.values()
                for r in records
            )
            if len(seen) >= count:
                break
        return seen
    finally:
        await consumer.stop()


async def test_records_are_acknowledged_keyed_and_tracked(
    infrastructure: Endpoints, names: Names
) -> None:
    settings = IngestSettings(
        kafka_bootstrap_servers=infrastructure.bootstrap_servers,
        statements_topic=names.statements_topic,
    )
    publisher = StatementPublisher(settings)
    try:
        assert await publisher.is_connected()
        learners = [
            f"account:https://siasn.bkn.go.id|19850330201001100{i}".encode() for i in range(6)
        ]
        records = [
            (key, f"value-{n}-{key.decode()}".encode()) for n in range(3) for key in learners
        ]
        await publisher.publish(records)
        acked = publisher.acked_offsets
    finally:
        await publisher.close()

    seen = await _read_all(infrastructure, names.statements_topic, len(records))
    assert sorted((k, v) for k, v, _, _ in seen) == sorted(records)
    partitions_of = {key: {p for k, _, p, _ in seen if k == key} for key in learners}
    assert all(len(parts) == 1 for parts in partitions_of.values()), "one learner, one partition"
    for partition in {p for _, _, p, _ in seen}:
        assert acked[partition] == max(o for _, _, p, o in seen if p == partition)


async def test_a_replica_waits_for_what_another_replica_wrote(
    infrastructure: Endpoints, names: Names
) -> None:
    def settings(scope: Literal["topic", "replica"]) -> IngestSettings:
        return IngestSettings(
            kafka_bootstrap_servers=infrastructure.bootstrap_servers,
            statements_topic=names.statements_topic,
            consistency_scope=scope,
        )

    writer = StatementPublisher(settings("topic"))
    reader, alone = StatementPublisher(settings("topic")), StatementPublisher(settings("replica"))
    try:
        records = [(f"learner-{i}".encode(), b"{}") for i in range(9)]
        await writer.publish(records)
        assert await reader.written_offsets() == writer.acked_offsets
        assert await alone.written_offsets() == {}
        await reader.publish(records[:1])
        (partition, offset), *_ = reader.acked_offsets.items()
        assert (await reader.written_offsets())[partition] == offset
    finally:
        for publisher in (writer, reader, alone):
            await publisher.close()
