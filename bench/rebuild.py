"""Rebuild rate: what ``python -m services.rebuild run --into NAME`` does, timed.

After the load phases the statements topic holds everything the run posted. The phase makes
a fresh database (``lrs_bench_rebuild``, dropped first and at the end), gives it the indexes
and the inputs as the command does (untimed), then times ``services.rebuild.replay.replay``
from offset 0 to the topic's end: records replayed per second of the replay. The comparison
with the live database is left out: it is not part of the rate and the rebuild's own tests
check it. ``--rebuild-seconds`` bounds the replay; stopped there, the rate is that of the part
replayed and the row says so.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import time
from dataclasses import dataclass

from aiokafka.errors import KafkaError
from pydantic import SecretStr
from pymongo.errors import PyMongoError
from rich.console import Console

from devstack.stack import LocalStack
from services.aggregator.settings import AggregatorSettings
from services.common.mongo import ensure_indexes, open_client
from services.rebuild.inputs import copy_inputs
from services.rebuild.replay import replay

DATABASE = "lrs_bench_rebuild"
ADMIN_TIMEOUT = 600.0  # dropping a database of a million statements on FerretDB


@dataclass
class RebuildResult:
    database: str
    topic_records: int
    replayed: int
    seconds: float
    records_per_second: float
    dead_letters: int | None
    stopped: str  # "done", the time bound, or the error


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("rebuild phase (replay the topic into a fresh database)")
    group.add_argument(
        "--rebuild-seconds", type=float, default=1800.0, help="longest replay (0 skips the phase)"
    )


def settings_of(stack: LocalStack) -> AggregatorSettings:
    """The aggregator's settings on the benchmark's stack, whatever LRS_* this shell has."""
    settings = stack.settings
    return AggregatorSettings(
        kafka_bootstrap_servers=stack.infrastructure.bootstrap_servers,
        mongodb_url=SecretStr(stack.infrastructure.mongodb_url),
        mongodb_database=settings.mongodb_database,
        statements_topic=settings.statements_topic,
        dlq_topic=settings.dlq_topic,
    )


async def run_rebuild(stack: LocalStack, bound_seconds: float, console: Console) -> RebuildResult:
    settings = settings_of(stack)
    client = open_client(settings)
    total, replayed = 0, 0

    def started(records: int) -> None:
        nonlocal total
        total = records
        console.print(f"  replaying {records:,} records (at most {bound_seconds:g} s) ...")

    def advanced(records: int) -> None:
        nonlocal replayed
        replayed += records

    try:
        async with asyncio.timeout(ADMIN_TIMEOUT):
            await client.drop_database(DATABASE)
            target = client[DATABASE]
            await ensure_indexes(target)
            await copy_inputs(client[settings.mongodb_database], target)
        began = time.perf_counter()
        dead_letters: int | None = None
        stopped = "done"
        try:
            async with asyncio.timeout(bound_seconds):
                result = await replay(settings, target, on_start=started, on_progress=advanced)
            dead_letters = result.dead_letters
        except TimeoutError:
            stopped = f"stopped at the {bound_seconds:g} s bound"
        except (PyMongoError, KafkaError, LookupError, OSError) as error:
            stopped = f"error: {type(error).__name__}: {str(error)[:200]}"
        seconds = time.perf_counter() - began
        return RebuildResult(
            database=DATABASE,
            topic_records=total,
            replayed=replayed,
            seconds=seconds,
            records_per_second=replayed / seconds if seconds > 0 else 0.0,
            dead_letters=dead_letters,
            stopped=stopped,
        )
    finally:
        try:
            with contextlib.suppress(PyMongoError, TimeoutError):
                async with asyncio.timeout(ADMIN_TIMEOUT):
                    await client.drop_database(DATABASE)
        finally:
            await client.close()
