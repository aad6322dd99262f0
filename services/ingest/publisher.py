"""Writes accepted statements to Kafka and remembers what Kafka acknowledged.

A POST is answered only after every one of its records is acknowledged by all
in-sync replicas (``acks=all``, idempotent producer): a 200 means "will not be lost".
What a later GET waits for (read-your-writes, see ``consistency.py``) is the end of
every partition when it arrives, whichever replica wrote there, so a client may write
through one ingest worker and read through another; ``LRS_CONSISTENCY_SCOPE=replica``
waits only for what this replica was acknowledged, sparing one Kafka round trip a GET
where a single replica serves every client.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Protocol, TypeAlias

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import KafkaError

from services.ingest import metrics
from services.ingest.errors import ServiceUnavailable
from services.ingest.settings import IngestSettings

log = logging.getLogger(__name__)

READY_TIMEOUT_SECONDS = 2.0

Record: TypeAlias = tuple[bytes, bytes]  # (key, value)


def statement_producer(settings: IngestSettings, client_id: str) -> AIOKafkaProducer:
    """A producer with the delivery settings of the Kafka contract (the benchmark uses it too)."""
    return AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        client_id=client_id,
        enable_idempotence=True,
        acks="all",
        compression_type="lz4",
        linger_ms=2,
        max_batch_size=1024 * 1024,
        max_request_size=settings.max_body_bytes + 1024 * 1024,
        request_timeout_ms=int(settings.publish_timeout_seconds * 1000),
    )


class Publisher(Protocol):
    """What the routes need of a publisher; tests pass a small fake."""

    @property
    def acked_offsets(self) -> dict[int, int]: ...

    async def written_offsets(self) -> dict[int, int]: ...

    async def publish(self, records: Sequence[Record]) -> None: ...

    async def is_connected(self) -> bool: ...

    async def close(self) -> None: ...


class StatementPublisher:
    def __init__(self, settings: IngestSettings) -> None:
        self._settings = settings
        self._producer: AIOKafkaProducer | None = None
        self._connecting = asyncio.Lock()
        self._acked: dict[int, int] = {}
        self._offsets: AIOKafkaConsumer | None = None
        self._partitions: list[TopicPartition] = []

    @property
    def acked_offsets(self) -> dict[int, int]:
        """Highest offset Kafka acknowledged to this replica, per partition."""
        return dict(self._acked)

    async def written_offsets(self) -> dict[int, int]:
        """The last offset written to each partition by now, by any replica.

        At least what this replica was acknowledged. When Kafka does not answer, that is
        all it knows: the GET then waits for its own writes only.
        """
        acked = self.acked_offsets
        if self._settings.consistency_scope == "replica":
            return acked
        try:
            async with asyncio.timeout(READY_TIMEOUT_SECONDS):
                ends = await self._end_offsets()
        except (KafkaError, TimeoutError):
            return acked
        for partition, end in ends.items():
            acked[partition] = max(acked.get(partition, -1), end - 1)
        return {partition: offset for partition, offset in acked.items() if offset >= 0}

    async def publish(self, records: Sequence[Record]) -> None:
        producer = await self._connected()
        topic = self._settings.statements_topic
        try:
            async with asyncio.timeout(self._settings.publish_timeout_seconds):
                with metrics.PRODUCE_SECONDS.time():
                    deliveries = [
                        await producer.send(topic, value, key=key) for key, value in records
                    ]
                    acknowledged = await asyncio.gather(*deliveries)
        except (KafkaError, TimeoutError) as error:
            metrics.PRODUCE_ERRORS.inc()
            raise ServiceUnavailable(
                f"Kafka did not acknowledge the statements ({type(error).__name__}); "
                "send them again"
            ) from error
        metrics.STATEMENTS_ACCEPTED.inc(len(records))
        metrics.BATCH_STATEMENTS.observe(len(records))
        for metadata in acknowledged:
            if metadata.offset > self._acked.get(metadata.partition, -1):
                self._acked[metadata.partition] = metadata.offset

    async def is_connected(self) -> bool:
        """Whether Kafka answers now (a metadata round trip), for ``/ready``."""
        try:
            producer = await self._connected()
            async with asyncio.timeout(READY_TIMEOUT_SECONDS):
                await producer.client.fetch_all_metadata()
        except (ServiceUnavailable, KafkaError, TimeoutError):
            return False
        return True

    async def close(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None
        if self._offsets is not None:
            await self._offsets.stop()
            self._offsets = None

    async def _end_offsets(self) -> dict[int, int]:
        if self._offsets is None:
            consumer = AIOKafkaConsumer(
                bootstrap_servers=self._settings.kafka_bootstrap_servers,
                client_id="lrs-ingest-offsets",
                group_id=None,
                enable_auto_commit=False,
            )
            try:
                await consumer.start()
            except KafkaError:
                await consumer.stop()
                raise
            self._offsets = consumer
        if not self._partitions:
            topic = self._settings.statements_topic
            producer = await self._connected()
            found = await producer.partitions_for(topic)
            self._partitions = [TopicPartition(topic, p) for p in sorted(found)]
        ends = await self._offsets.end_offsets(self._partitions)
        return {tp.partition: offset for tp, offset in ends.items()}

    async def _connected(self) -> AIOKafkaProducer:
        # Started on first use rather than at start-up, so the service comes up (and
        # answers 503) while Kafka is still down, and recovers when Kafka returns.
        if self._producer is not None:
            return self._producer
        async with self._connecting:
            if self._producer is None:
                self._producer = await self._start_producer()
            return self._producer

    async def _start_producer(self) -> AIOKafkaProducer:
        producer = statement_producer(self._settings, client_id="lrs-ingest")
        try:
            await producer.start()
        except KafkaError as error:
            await producer.stop()
            raise ServiceUnavailable(
                f"Kafka is not reachable ({type(error).__name__}); send the statements again"
            ) from error
        log.info(
            "connected to Kafka",
            extra={"bootstrap": self._settings.kafka_bootstrap_servers},
        )
        return producer
