"""The aggregator's background worker: connect to Kafka (retrying), then run the loop."""

from __future__ import annotations

import asyncio
import logging
from contextlib import AsyncExitStack

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.abc import ConsumerRebalanceListener
from aiokafka.errors import CommitFailedError, KafkaError
from pymongo.asynchronous.database import AsyncDatabase

from services.aggregator.consumer import AggregatorLoop, Projection
from services.aggregator.settings import AggregatorSettings
from services.aggregator.writer import StatementWriter
from services.common.mongo import Document
from services.common.topics import ensure_topics

log = logging.getLogger(__name__)

RECONNECT_SECONDS = 2.0


class LoggingRebalanceListener(ConsumerRebalanceListener):  # type: ignore[misc]
    """Logs partition moves.

    Nothing needs flushing on revocation: the loop commits each batch before it fetches
    the next, and a batch whose commit loses the race is redelivered to the new owner,
    where applying it again changes nothing.
    """

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        log.info(
            "partitions revoked",
            extra={"partitions": sorted(tp.partition for tp in revoked)},
        )

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        log.info(
            "partitions assigned",
            extra={"partitions": sorted(tp.partition for tp in assigned)},
        )


class AggregatorWorker:
    def __init__(
        self,
        settings: AggregatorSettings,
        db: AsyncDatabase[Document],
        projection: Projection | None = None,
    ) -> None:
        self._settings = settings
        self._db = db
        self._projection = projection
        self._consumer: AIOKafkaConsumer | None = None
        self.stop = asyncio.Event()

    async def kafka_reachable(self) -> bool:
        if self._consumer is None:
            return False
        try:
            async with asyncio.timeout(2):
                await self._consumer.topics()
        except (KafkaError, TimeoutError):
            return False
        return True

    async def run(self) -> None:
        while not self.stop.is_set():
            try:
                await self._run_once()
            except KafkaError as error:
                log.warning("Kafka unavailable; reconnecting", extra={"error": str(error)})
                await asyncio.sleep(RECONNECT_SECONDS)
            except Exception:
                # Nothing was committed for the failed batch: it is fetched again.
                log.exception("consumer loop failed; restarting it")
                await asyncio.sleep(RECONNECT_SECONDS)

    async def _run_once(self) -> None:
        s = self._settings
        await ensure_topics(
            s.kafka_bootstrap_servers,
            {s.statements_topic: s.kafka_partitions, s.dlq_topic: 1},
        )
        async with AsyncExitStack() as stack:
            consumer = AIOKafkaConsumer(
                bootstrap_servers=s.kafka_bootstrap_servers,
                group_id=s.consumer_group,
                client_id="lrs-aggregator",
                enable_auto_commit=False,
                auto_offset_reset="earliest",
                isolation_level="read_committed",
                max_partition_fetch_bytes=8 * 1024 * 1024,
            )
            consumer.subscribe([s.statements_topic], listener=LoggingRebalanceListener())
            await consumer.start()
            stack.push_async_callback(consumer.stop)
            dead_letters = AIOKafkaProducer(
                bootstrap_servers=s.kafka_bootstrap_servers,
                client_id="lrs-aggregator-dlq",
                enable_idempotence=True,
                acks="all",
            )
            await dead_letters.start()
            stack.push_async_callback(dead_letters.stop)
            self._consumer = consumer
            stack.callback(self._forget_consumer)
            loop = AggregatorLoop(
                s, consumer, dead_letters, StatementWriter(self._db), self._projection
            )
            log.info(
                "consuming",
                extra={"topic": s.statements_topic, "group": s.consumer_group},
            )
            try:
                await loop.run(self.stop)
            except CommitFailedError as error:
                # The group rebalanced mid-batch; the batch is redelivered to its new owner.
                log.info("commit lost to a rebalance", extra={"error": str(error)})

    def _forget_consumer(self) -> None:
        self._consumer = None
