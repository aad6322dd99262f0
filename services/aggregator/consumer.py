"""The aggregator's consumer loop: from ``xapi.statements`` into MongoDB, exactly once in effect."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Protocol, TypeAlias

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from pymongo.errors import PyMongoError

from services.aggregator import metrics
from services.aggregator.records import (
    DeadLetter,
    Source,
    StatementRecord,
    decode_record,
)
from services.aggregator.settings import AggregatorSettings
from services.aggregator.writer import PartitionProgress, StatementWriter

log = logging.getLogger(__name__)

Batch: TypeAlias = Mapping[TopicPartition, Sequence[ConsumerRecord[bytes, bytes]]]


class DeadLetterSink(Protocol):
    """Where dead letters go: the dead-letter topic's producer, or a rebuild's tally."""

    async def send(
        self, topic: str, value: bytes, *, key: bytes | None = None
    ) -> Awaitable[object]: ...


class Projection(Protocol):
    """What derives more views from the statements a batch applied (competency rollups)."""

    async def apply(self, records: Sequence[StatementRecord]) -> None: ...


class AggregatorLoop:
    """Applies batches of statement records, then commits their offsets.

    Each batch goes through these steps, in this order:

    1. fetch up to ``batch_max_records`` records (offsets are never auto-committed);
    2. decode them; a record that is not a statement envelope becomes a dead letter;
    3. write the statements idempotently (``StatementWriter.apply``); a statement whose id
       is already stored with other content (two ingest replicas racing) becomes a dead
       letter: the first writer wins; then project the accepted statements (competency
       events, learner-years, unit-years), idempotently too;
    4. produce the dead letters to the dead-letter topic and wait for Kafka's ack;
    5. record the applied offset per partition in MongoDB (what read-your-writes waits for);
    6. commit the offsets to Kafka.

    A crash anywhere before step 6 redelivers the batch, and steps 3 to 5 change nothing
    the second time: at-least-once delivery, exactly-once effect. A MongoDB failure in
    steps 3 to 5 is retried with back-off and nothing new is fetched meanwhile, so a store
    outage is back-pressure, never loss.
    """

    def __init__(
        self,
        settings: AggregatorSettings,
        consumer: AIOKafkaConsumer,
        dead_letters: DeadLetterSink,
        writer: StatementWriter,
        projection: Projection | None = None,
    ) -> None:
        self._settings = settings
        self._consumer = consumer
        self._dead_letters = dead_letters
        self._writer = writer
        self._projection = projection

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            batch = await self._consumer.getmany(
                timeout_ms=self._settings.fetch_timeout_ms,
                max_records=self._settings.batch_max_records,
            )
            if not batch:
                continue
            if await self._apply_with_retry(batch, stop):
                await self._consumer.commit(
                    {tp: records[-1].offset + 1 for tp, records in batch.items()}
                )

    async def _apply_with_retry(self, batch: Batch, stop: asyncio.Event) -> bool:
        delay = 0.1
        while not stop.is_set():
            try:
                with metrics.APPLY_SECONDS.time():
                    await self.apply(batch)
            except PyMongoError as error:
                metrics.STORE_RETRIES.inc()
                log.warning(
                    "store write failed; retrying the batch",
                    extra={"error": str(error), "retry_in_seconds": delay},
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._settings.retry_max_seconds)
            else:
                return True
        return False

    async def apply(self, batch: Batch) -> None:
        """Steps 2 to 5 for one batch."""
        statements: list[StatementRecord] = []
        dead: list[DeadLetter] = []
        progress: list[PartitionProgress] = []
        for tp, records in batch.items():
            last_statement: StatementRecord | None = None
            for record in records:
                decoded = decode_record(
                    Source(tp.topic, tp.partition, record.offset),
                    record.key,
                    record.value,
                )
                if isinstance(decoded, DeadLetter):
                    dead.append(decoded)
                else:
                    statements.append(decoded)
                    last_statement = decoded
            progress.append(
                PartitionProgress(
                    tp.topic,
                    tp.partition,
                    records[-1].offset,
                    None if last_statement is None else last_statement.stored,
                )
            )
        metrics.BATCH_RECORDS.observe(sum(len(r) for r in batch.values()))
        self._record_lag(batch)
        result = await self._writer.apply(statements)
        dead.extend(result.conflicts)
        if self._projection is not None:
            refused = {letter.source for letter in result.conflicts}
            await self._projection.apply([s for s in statements if s.source not in refused])
        await self._send_dead_letters(dead)
        await self._writer.record_progress(progress)
        metrics.STATEMENTS_APPLIED.inc(result.applied)
        now = datetime.now(UTC)
        for statement in statements:
            metrics.END_TO_END_SECONDS.observe((now - statement.stored).total_seconds())
        metrics.STATEMENTS_DUPLICATE.inc(result.duplicates)

    def _record_lag(self, batch: Batch) -> None:
        for tp, records in batch.items():
            highwater = self._consumer.highwater(tp)
            if highwater is not None:
                lag = max(highwater - records[-1].offset - 1, 0)
                metrics.CONSUMER_LAG.labels(partition=str(tp.partition)).set(lag)

    async def _send_dead_letters(self, dead: Sequence[DeadLetter]) -> None:
        deliveries = [
            await self._dead_letters.send(
                self._settings.dlq_topic, letter.to_bytes(), key=letter.key
            )
            for letter in dead
        ]
        await asyncio.gather(*deliveries)
        for letter in dead:
            reason = letter.reason.split(":", 1)[0]
            metrics.DEAD_LETTERS.labels(reason=reason).inc()
            log.warning(
                "record sent to the dead-letter topic",
                extra={
                    "topic": letter.source.topic,
                    "partition": letter.source.partition,
                    "offset": letter.source.offset,
                    "reason": letter.reason,
                },
            )
