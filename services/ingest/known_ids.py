"""Every statement id ever written to the topic, so a POST of a new id reads nothing.

A statement id must be checked against the store on POST: the same id again is a retry
(a no-op) or, with other content, a 409. Almost every id a client sends is new, and a
store read to learn that costs a round trip per request. Each ingest process therefore
follows the statements topic from offset 0 into a Bloom filter. The filter has no false
negatives: an id it does not hold was never acknowledged by any replica up to the point
it has read, so it is new without asking the store. An id it holds (or a false
positive, about one in a hundred at the sized capacity) is checked in the store as
before.

Correct across restarts: the filter is rebuilt from the log of record, and until it has
read up to the end offsets seen at start-up it answers "maybe" for every id. Correct
across replicas: it reads every replica's records, a few milliseconds behind Kafka's
acknowledgement. Two replicas racing with one id inside that window are settled by the
aggregator (first writer wins), as they were with a store read, whose window was the
aggregator's whole lag. If the topic no longer starts at offset 0 (retention deleted
records), the filter cannot know the deleted ids and stays on "maybe" for good.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Protocol

import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaError
from rbloom import Bloom

from services.common.topics import topic_partitions
from services.ingest import metrics
from services.ingest.settings import IngestSettings

log = logging.getLogger(__name__)

RETRY_SECONDS = 1.0
FALSE_POSITIVE_RATE = 0.01


class KnownIds(Protocol):
    def may_be_known(self, statement_id: str) -> bool: ...

    def remember(self, statement_id: str) -> None: ...

    async def close(self) -> None: ...


class AskTheStore:
    """Knows no ids: every id is checked in the store (tests without Kafka)."""

    def may_be_known(self, statement_id: str) -> bool:
        return True

    def remember(self, statement_id: str) -> None:
        return None

    async def close(self) -> None:
        return None


class TopicIds:
    """The ids on the statements topic, read from offset 0 and then followed."""

    def __init__(self, settings: IngestSettings) -> None:
        self._settings = settings
        self._filter: Bloom | None = None
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._follow(), name="known-statement-ids")

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    async def wait_ready(self) -> None:
        await self._ready.wait()

    def may_be_known(self, statement_id: str) -> bool:
        if self._filter is None or not self.ready:
            return True
        return statement_id.lower() in self._filter

    def remember(self, statement_id: str) -> None:
        if self._filter is not None:
            self._filter.add(statement_id.lower())

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _follow(self) -> None:
        while True:
            consumer = AIOKafkaConsumer(
                bootstrap_servers=self._settings.kafka_bootstrap_servers,
                client_id="lrs-ingest-known-ids",
                group_id=None,
                enable_auto_commit=False,
            )
            try:
                await consumer.start()
                if not await self._read(consumer):
                    return
            except KafkaError as error:
                log.warning(
                    "cannot follow the statements topic; ids are checked in the store",
                    extra={"error": type(error).__name__},
                )
            finally:
                await consumer.stop()
            # Started over from offset 0: a filter that missed records would be wrong.
            self._ready.clear()
            self._filter = None
            await asyncio.sleep(RETRY_SECONDS)

    async def _read(self, consumer: AIOKafkaConsumer) -> bool:
        """Follow the topic; False when it cannot be read from offset 0."""
        partitions = await self._partitions()
        consumer.assign(partitions)
        starts = await consumer.beginning_offsets(partitions)
        if any(offset > 0 for offset in starts.values()):
            log.warning(
                "the statements topic no longer starts at offset 0; ids are checked in the store"
            )
            return False
        ends = await consumer.end_offsets(partitions)
        await consumer.seek_to_beginning(*partitions)
        written = sum(ends.values())
        self._filter = Bloom(
            max(self._settings.known_ids_capacity, 2 * written), FALSE_POSITIVE_RATE
        )
        behind = {tp for tp, end in ends.items() if end > 0}
        if not behind:
            self._ready.set()
        while True:
            batches = await consumer.getmany(timeout_ms=500, max_records=2000)
            for records in batches.values():
                for record in records:
                    self._add(record.value)
            if behind:
                behind = {tp for tp in behind if await consumer.position(tp) < ends[tp]}
                if not behind:
                    log.info("statement ids read from the topic", extra={"records": written})
                    self._ready.set()

    async def _partitions(self) -> list[TopicPartition]:
        topic = self._settings.statements_topic
        while True:
            found = await topic_partitions(self._settings.kafka_bootstrap_servers, topic)
            if found:
                return [TopicPartition(topic, partition) for partition in found]
            await asyncio.sleep(RETRY_SECONDS)

    def _add(self, value: bytes | None) -> None:
        if self._filter is None or value is None:
            return
        try:
            statement_id = orjson.loads(value)["statement"]["id"]
        except (orjson.JSONDecodeError, KeyError, TypeError):
            metrics.UNREADABLE_RECORDS.inc()
            return
        self._filter.add(str(statement_id).lower())
