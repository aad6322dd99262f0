"""Replay the statements topic, from offset 0 to its end when the replay starts, through the
aggregator's own loop (writer, then competency projection) into another database.

The consumer joins no group and commits nothing: the live aggregator's offsets are not
touched. Dead letters are counted, not produced: the live aggregator sent them already.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from pymongo.asynchronous.database import AsyncDatabase

from services.aggregator.competency_projection import CompetencyProjection
from services.aggregator.consumer import AggregatorLoop, Batch, Projection
from services.aggregator.reference_data import ReferenceData, read_catalog
from services.aggregator.settings import AggregatorSettings
from services.aggregator.writer import StatementWriter
from services.common.mongo import Document
from services.common.topics import topic_partitions
from services.competency_store.catalog_store import load_stored_catalog
from services.competency_store.store import MongoCompetencyStore


@dataclass
class DeadLetterTally:
    """Stands in for the dead-letter producer: keeps what would have been sent."""

    letters: list[bytes] = field(default_factory=list)

    async def send(self, topic: str, value: bytes, *, key: bytes | None = None) -> Awaitable[None]:
        self.letters.append(value)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done


@dataclass(frozen=True, slots=True)
class ReplayResult:
    records: int
    dead_letters: int
    end_offsets: dict[int, int]


async def projection_for(
    settings: AggregatorSettings, db: AsyncDatabase[Document]
) -> Projection | None:
    """The projection the aggregator would run on ``db``, with the catalog stored there
    (copied from the live database), else the catalog files."""
    if not settings.competency_projection:
        return None
    store = MongoCompetencyStore(db)
    catalog = await load_stored_catalog(db) or read_catalog(settings.catalog_dir)
    projection = CompetencyProjection(store, ReferenceData(store, catalog))
    await projection.start()
    return projection


async def replay(
    settings: AggregatorSettings,
    db: AsyncDatabase[Document],
    on_start: Callable[[int], None] = lambda total: None,
    on_progress: Callable[[int], None] = lambda applied: None,
) -> ReplayResult:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        client_id="lrs-rebuild",
        enable_auto_commit=False,
        isolation_level="read_committed",
        max_partition_fetch_bytes=8 * 1024 * 1024,
    )
    await consumer.start()
    try:
        partitions = [
            TopicPartition(settings.statements_topic, p)
            for p in await topic_partitions(
                settings.kafka_bootstrap_servers, settings.statements_topic
            )
        ]
        if not partitions:
            raise LookupError(f"topic {settings.statements_topic} does not exist")
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        starts = await consumer.beginning_offsets(partitions)
        ends = await consumer.end_offsets(partitions)
        on_start(sum(ends[tp] - starts[tp] for tp in partitions))
        dead = DeadLetterTally()
        loop = AggregatorLoop(
            settings, consumer, dead, StatementWriter(db), await projection_for(settings, db)
        )
        records = 0
        pending = {tp for tp in partitions if starts[tp] < ends[tp]}
        while pending:
            fetched = await consumer.getmany(
                *pending,
                timeout_ms=settings.fetch_timeout_ms,
                max_records=settings.batch_max_records,
            )
            batch = _up_to(fetched, ends)
            if batch:
                await loop.apply(batch)
                applied = sum(len(r) for r in batch.values())
                records += applied
                on_progress(applied)
            pending = {tp for tp in pending if await consumer.position(tp) < ends[tp]}
        return ReplayResult(records, len(dead.letters), {tp.partition: ends[tp] for tp in ends})
    finally:
        await consumer.stop()


def _up_to(
    fetched: dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]],
    ends: dict[TopicPartition, int],
) -> Batch:
    """Leave out what arrived after the replay started: it is the live aggregator's to apply
    and would make the two databases differ for no fault."""
    batch = {tp: [r for r in records if r.offset < ends[tp]] for tp, records in fetched.items()}
    return {tp: records for tp, records in batch.items() if records}
