"""The known-id filter follows the real statements topic, across replicas and restarts."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime

from schemas.envelope import encode_envelope
from services.ingest.known_ids import TopicIds
from services.ingest.publisher import StatementPublisher
from services.ingest.settings import IngestSettings
from tests.fixtures.infrastructure import Endpoints, Names

READY_SECONDS = 30.0


def _settings(infrastructure: Endpoints, names: Names) -> IngestSettings:
    return IngestSettings(
        kafka_bootstrap_servers=infrastructure.bootstrap_servers,
        statements_topic=names.statements_topic,
        known_ids_capacity=10_000,
    )


def _records(ids: list[str]) -> list[tuple[bytes, bytes]]:
    received = datetime.now(UTC)
    return [
        (f"learner-{n}".encode(), encode_envelope({"id": i}, received=received, client_id="t"))
        for n, i in enumerate(ids)
    ]


async def _ready(ids: TopicIds) -> None:
    async with asyncio.timeout(READY_SECONDS):
        await ids.wait_ready()


async def _eventually_known(ids: TopicIds, statement_id: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ids.may_be_known(statement_id):
            return True
        await asyncio.sleep(0.01)
    return False


async def test_ids_written_before_start_and_by_another_replica_are_known(
    infrastructure: Endpoints, names: Names
) -> None:
    settings = _settings(infrastructure, names)
    earlier = [str(uuid.uuid4()) for _ in range(300)]
    replica = StatementPublisher(settings)
    ids = TopicIds(settings)
    try:
        await replica.publish(_records(earlier))
        ids.start()
        await _ready(ids)
        assert all(ids.may_be_known(i.upper()) for i in earlier)
        never_sent = [str(uuid.uuid4()) for _ in range(1000)]
        false_positives = sum(ids.may_be_known(i) for i in never_sent)
        assert false_positives < 50, "the filter answers 'new' for most unseen ids"

        later = [i for i in never_sent if not ids.may_be_known(i)][:20]
        await replica.publish(_records(later))
        assert all([await _eventually_known(ids, i, 10.0) for i in later])
    finally:
        await ids.close()
        await replica.close()

    restarted = TopicIds(settings)
    try:
        assert restarted.may_be_known(str(uuid.uuid4())), "before it has read the topic: maybe"
        restarted.start()
        await _ready(restarted)
        assert all(restarted.may_be_known(i) for i in earlier + later)
    finally:
        await restarted.close()


async def test_an_empty_topic_is_read_at_once(infrastructure: Endpoints, names: Names) -> None:
    ids = TopicIds(_settings(infrastructure, names))
    try:
        ids.start()
        await _ready(ids)
        assert not ids.may_be_known(str(uuid.uuid4()))
    finally:
        await ids.close()
