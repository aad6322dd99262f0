"""The aggregator's worker on real Kafka and FerretDB: statements applied, garbage dead-lettered."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from pymongo.asynchronous.database import AsyncDatabase
from typer.testing import CliRunner

from schemas.envelope import encode_envelope
from services.aggregator.settings import AggregatorSettings
from services.aggregator.worker import AggregatorWorker
from services.common.mongo import APPLIED_OFFSETS, STATEMENTS, Document
from services.dead_letters.cli import app as dead_letters
from services.ingest.stamping import stamp
from tests.fixtures.infrastructure import Endpoints, Names
from tests.statements import completion

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


async def test_worker_applies_statements_and_dead_letters_the_rest(
    infrastructure: Endpoints, names: Names, database: AsyncDatabase[Document]
) -> None:
    statements = [
        stamp(completion(), stored=NOW, authority={"mbox": "mailto:lrs@x.org"}, version="1.0.0")
        for _ in range(5)
    ]
    producer = AIOKafkaProducer(bootstrap_servers=infrastructure.bootstrap_servers)
    await producer.start()
    try:
        for statement in statements:
            await producer.send_and_wait(
                names.statements_topic,
                encode_envelope(statement, received=NOW, client_id="lms"),
                key=b"learner",
            )
        await producer.send_and_wait(names.statements_topic, b"garbage", key=b"learner")
    finally:
        await producer.stop()

    settings = AggregatorSettings(
        kafka_bootstrap_servers=infrastructure.bootstrap_servers,
        statements_topic=names.statements_topic,
        dlq_topic=names.dlq_topic,
        consumer_group=f"group-{names.database}",
    )
    worker = AggregatorWorker(settings, database)
    task = asyncio.create_task(worker.run())
    try:
        for _ in range(200):
            progress = await database[APPLIED_OFFSETS].find_one({"topic": names.statements_topic})
            if progress is not None and progress["offset"] == len(statements):
                break
            await asyncio.sleep(0.1)
        assert await worker.kafka_reachable()
    finally:
        worker.stop.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(task, 15)

    stored = {str(doc["_id"]) async for doc in database[STATEMENTS].find({})}
    assert stored == {s["id"] for s in statements}
    letters = await _read(infrastructure, names.dlq_topic)
    assert len(letters) == 1
    assert letters[0]["value"] == "garbage"
    assert letters[0]["offset"] == len(statements)
    assert str(letters[0]["reason"]).startswith("not a statement envelope")

    # And anyone can see it, with its reason and where it came from.
    env = {
        "LRS_KAFKA_BOOTSTRAP_SERVERS": infrastructure.bootstrap_servers,
        "LRS_DLQ_TOPIC": names.dlq_topic,
        "COLUMNS": "250",
    }
    listed = await asyncio.to_thread(CliRunner().invoke, dead_letters, ["list"], env=env)
    assert listed.exit_code == 0, listed.output
    assert f"{names.statements_topic}:0@{len(statements)}" in listed.output
    assert "1 dead letter(s)" in listed.output
    assert "1 not a statement envelope" in listed.output
    as_json = await asyncio.to_thread(
        CliRunner().invoke, dead_letters, ["list", "--json", "--reason", "not a"], env=env
    )
    assert [orjson.loads(line)["value"] for line in as_json.output.splitlines()] == ["garbage"]
    none = await asyncio.to_thread(
        CliRunner().invoke, dead_letters, ["list", "--json", "--reason", "conflict"], env=env
    )
    assert none.output == ""


async def _read(endpoints: Endpoints, topic: str) -> list[dict[str, object]]:
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=endpoints.bootstrap_servers, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        batch = {}
        for _ in range(50):
            batch = await consumer.getmany(timeout_ms=200)
            if batch:
                break
        return [orjson.loads(r.value) for records in batch.values() for r in records]
    finally:
        await consumer.stop()
