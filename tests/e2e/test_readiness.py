"""/ready turns false within seconds when Kafka or MongoDB goes away, and true when they return.

The test runs its own Kafka and FerretDB (and FerretDB's PostgreSQL), since it stops them.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from devstack.postgres_home import reachable_postgres_dir
from devstack.probes import free_port
from devstack.processes import ManagedProcess
from devstack.settings import StackSettings
from devstack.stack import Infrastructure
from services.common.topics import ensure_topics
from tests.fixtures.infrastructure import Endpoints, Names
from tests.fixtures.pipeline import Pipeline, make_pipeline

SECONDS_TO_NOTICE = 15.0


@pytest.fixture
def private_infrastructure(tmp_path: Path) -> Iterator[Infrastructure]:
    with reachable_postgres_dir(tmp_path / "stack" / "postgres") as postgres_dir:
        settings = StackSettings(
            state_dir=tmp_path / "stack",
            kafka_port=free_port(),
            kafka_controller_port=free_port(),
            mongodb_port=free_port(),
            postgres_dir=postgres_dir,
            postgres_port=free_port(),
        )
        infrastructure = Infrastructure.local(settings)
        try:
            infrastructure.start_servers()
            yield infrastructure
        finally:
            infrastructure.stop()


async def _ready(url: str) -> dict[str, bool]:
    async with httpx.AsyncClient(timeout=10) as http:
        checks: dict[str, bool] = (await http.get(f"{url}/ready")).json()["checks"]
        return checks


async def _wait_until(url: str, dependency: str, wanted: bool) -> float:
    started = time.monotonic()
    while time.monotonic() - started < SECONDS_TO_NOTICE:
        if (await _ready(url))[dependency] is wanted:
            return time.monotonic() - started
        await asyncio.sleep(0.25)
    raise AssertionError(f"{url}: {dependency} was not {wanted} within {SECONDS_TO_NOTICE}s")


async def _outage(pipeline: Pipeline, dependency: str, process: ManagedProcess) -> None:
    for url in (pipeline.ingest_url, pipeline.aggregator_url):
        await _wait_until(url, dependency, True)
    process.stop()
    for url in (pipeline.ingest_url, pipeline.aggregator_url):
        await _wait_until(url, dependency, False)
    process.start(90)
    for url in (pipeline.ingest_url, pipeline.aggregator_url):
        await _wait_until(url, dependency, True)


async def test_ready_follows_kafka_and_mongodb(
    private_infrastructure: Infrastructure, names: Names, tmp_path: Path
) -> None:
    endpoints = Endpoints(
        private_infrastructure.bootstrap_servers, private_infrastructure.mongodb_url
    )
    await ensure_topics(
        endpoints.bootstrap_servers, {names.statements_topic: 3, names.dlq_topic: 1}
    )
    pipeline = make_pipeline(endpoints, names, tmp_path / "services")
    pipeline.ingest.start(30)
    pipeline.aggregator.start(30)
    try:
        await _outage(pipeline, "kafka", private_infrastructure.kafka)
        await _outage(pipeline, "mongodb", private_infrastructure.ferretdb)
    finally:
        pipeline.stop()
