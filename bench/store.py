"""GET latency on a large statement store: ``--store-size N`` (default 1,000,000; 0 skips).

1. Fill: a database of its own (``lrs_bench_store``, dropped first and at the end) on the
   stack's MongoDB-wire server gets N statements (``bench.store_statements``) as the
   documents the aggregator writes (``bench.store_documents``: statements, timeline events,
   activity definitions) and the aggregator's indexes (``bench.store_fill``). They are
   written directly: through HTTP and Kafka a million statements would take longer than the
   rest of the benchmark and measure the write path again, which the other phases do.
2. Query: a second ingest process (same code, same Kafka and MongoDB, ``LRS_MONGODB_DATABASE``
   set to the store's) serves GET /xapi/statements from it; it is started and stopped by PID
   here. It never POSTs, so its read-your-writes gate has nothing to wait for. Its own
   database keeps the store at exactly N statements whatever the POST phases added to the
   stack's. Latency per query kind: ``bench.store_queries``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError
from rich.console import Console
from rich.table import Table

from bench.store_fill import FillResult, fill
from bench.store_queries import QueryResult, measure_kind, query_kinds, settle
from bench.store_statements import StoreStatements
from bench.xapi_client import xapi_client
from devstack.probes import free_port
from devstack.processes import ManagedProcess
from devstack.stack import LocalStack, service_process
from services.common.mongo import STATEMENTS, Document

DATABASE = "lrs_bench_store"
SERVICE_TIMEOUT = 30.0
ADMIN_TIMEOUT = 600.0  # counting or dropping a million documents on FerretDB


@dataclass(frozen=True)
class StoreOptions:
    size: int
    chunk: int = 1000
    fill_seconds: float = 3600.0
    queries: int = 30
    query_seconds: float = 60.0
    query_timeout: float = 30.0
    settle_seconds: float = 120.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("store phase (GET latency on a large store)")
    group.add_argument(
        "--store-size", type=int, default=1_000_000, help="statements (0 skips the phase)"
    )
    group.add_argument("--store-chunk", type=int, default=1000, help="statements per insert")
    group.add_argument(
        "--store-fill-seconds", type=float, default=3600.0, help="longest fill (then query)"
    )
    group.add_argument("--store-queries", type=int, default=30, help="requests per query kind")
    group.add_argument(
        "--store-query-seconds", type=float, default=60.0, help="longest time per query kind"
    )
    group.add_argument(
        "--store-query-timeout", type=float, default=30.0, help="one request slower: a timeout"
    )
    group.add_argument(
        "--store-settle-seconds",
        type=float,
        default=120.0,
        help="after a timeout, longest wait for the server to finish the query",
    )


def options_of(parser: argparse.ArgumentParser, args: argparse.Namespace) -> StoreOptions:
    if args.store_size < 0 or min(args.store_chunk, args.store_queries) <= 0:
        parser.error("--store-size must be >= 0, --store-chunk and --store-queries > 0")
    return StoreOptions(
        size=args.store_size,
        chunk=args.store_chunk,
        fill_seconds=args.store_fill_seconds,
        queries=args.store_queries,
        query_seconds=args.store_query_seconds,
        query_timeout=args.store_query_timeout,
        settle_seconds=max(0.0, args.store_settle_seconds),
    )


class StackTarget(Protocol):
    """What the phase needs of the stack under test (``bench.load.Target`` is one)."""

    @property
    def bootstrap_servers(self) -> str: ...

    @property
    def api_key(self) -> str: ...

    @property
    def api_secret(self) -> str: ...

    @property
    def stack(self) -> LocalStack: ...

    @property
    def started_here(self) -> bool: ...


@dataclass
class StoreResult:
    database: str
    statements: int | None  # counted in the store after the fill
    fill: FillResult
    queries: list[QueryResult] = field(default_factory=list)
    # Per timed-out kind: seconds until the server was idle again (None: still busy).
    settled_after_s: dict[str, float | None] = field(default_factory=dict)

    def errors(self) -> int:
        return sum(q.errors for q in self.queries)

    def print(self, console: Console) -> None:
        fill = self.fill
        size = "?" if self.statements is None else f"{self.statements:,}"
        indexed = "-" if fill.index_seconds is None else f"{fill.index_seconds:.0f}"
        table = Table(
            title=f"GET /xapi/statements (limit 10), store of {size} statements",
            caption=f"filled at {fill.inserts_per_second:,.0f}/s ({fill.insert_seconds:.0f} s)"
            f", indexed in {indexed} s; one request at a time",
        )
        table.add_column("query", no_wrap=True)
        for column in ("n", "p50 ms", "p95 ms", "p99 ms", "max ms", "rows"):
            table.add_column(column, justify="right")
        table.add_column("note")
        for q in self.queries:
            note = q.stopped
            if q.errors:
                note += f", errors {q.error_kinds}"
            if q.server_busy:
                note += ", server busy"
            table.add_row(
                q.name,
                str(q.requests),
                _ms(q.latency.p50_ms),
                _ms(q.latency.p95_ms),
                _ms(q.latency.p99_ms),
                _ms(q.latency.max_ms),
                "-" if q.statements_returned_mean is None else f"{q.statements_returned_mean:.1f}",
                note,
                style="red" if q.timeouts else None,
            )
        console.print(table)
        if fill.stopped != "done":
            console.print(f"[red]store fill stopped early: {fill.stopped}[/red]")


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}" if value >= 100 else f"{value:.1f}"


@dataclass(frozen=True)
class StoreIngest:
    """The second ingest process, reading the store's database."""

    process: ManagedProcess
    ingest_url: str
    api_key: str
    api_secret: str


@contextmanager
def store_ingest(target: StackTarget) -> Iterator[StoreIngest]:
    """Start the store's ingest (by PID, in the stack's state folder or a temporary one)."""
    settings = target.stack.settings
    temporary = None if target.started_here else Path(tempfile.mkdtemp(prefix="lrs-bench-store-"))
    folder = temporary or settings.state_dir
    port = free_port()
    env = {
        "LRS_KAFKA_BOOTSTRAP_SERVERS": target.bootstrap_servers,
        "LRS_MONGODB_URL": target.stack.infrastructure.mongodb_url,
        "LRS_MONGODB_DATABASE": DATABASE,
        # Its database's aggregator offsets never move: wait only for its own writes (none).
        "LRS_CONSISTENCY_SCOPE": "replica",
        "LRS_INGEST_PORT": str(port),
        "LRS_LRS_HOME_PAGE": f"http://127.0.0.1:{port}",
        "LRS_API_KEY": target.api_key,
        "LRS_API_SECRET": target.api_secret,
        "LRS_LOG_LEVEL": "WARNING",
    }
    process = service_process(
        "store-ingest", "services.ingest", port, env, folder / "run", folder / "log"
    )
    try:
        process.start(SERVICE_TIMEOUT)
        yield StoreIngest(process, f"http://127.0.0.1:{port}", target.api_key, target.api_secret)
    finally:
        process.stop()
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)


async def _count(db: AsyncDatabase[Document]) -> int | None:
    try:
        async with asyncio.timeout(ADMIN_TIMEOUT):
            return await db[STATEMENTS].estimated_document_count()
    except (PyMongoError, TimeoutError):
        return None


async def measure_queries(
    ingest: StoreIngest,
    server_pid: int | None,
    statements: StoreStatements,
    options: StoreOptions,
    result: StoreResult,
    console: Console,
) -> None:
    """Every query kind in turn; after a timeout, let the server finish it (bounded)."""
    rng = statements.query_rng()
    busy = await settle(server_pid, options.settle_seconds) is None
    async with xapi_client(ingest, 1, options.query_timeout) as client:
        for name, prepare in query_kinds(statements.samples):
            query = await measure_kind(
                client,
                name,
                prepare,
                options.queries,
                options.query_seconds,
                options.query_timeout,
                rng,
            )
            query.server_busy = busy
            result.queries.append(query)
            console.print(
                f"  {name}: {query.requests} requests, p50 {_ms(query.latency.p50_ms)} ms, "
                f"{query.stopped}"
            )
            if query.timeouts:
                waited = await settle(server_pid, options.settle_seconds)
                result.settled_after_s[name] = waited
                busy = waited is None


async def run_store(target: StackTarget, options: StoreOptions, console: Console) -> StoreResult:
    statements = StoreStatements(
        options.size,
        end=datetime.now(UTC),
        api_key=target.api_key,
        home_page=f"http://127.0.0.1:{target.stack.settings.ingest_port}",
    )
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        target.stack.infrastructure.mongodb_url,
        tz_aware=True,
        serverSelectionTimeoutMS=5000,
        maxPoolSize=4,
    )
    try:
        db = client[DATABASE]
        console.print(
            f"store: {options.size:,} statements of {statements.learners:,} learners "
            f"into database {DATABASE} ..."
        )
        try:
            async with asyncio.timeout(ADMIN_TIMEOUT):
                await client.drop_database(DATABASE)
        except PyMongoError as error:
            raise RuntimeError(f"store: cannot drop database {DATABASE}: {error}") from error
        filled = await fill(db, statements, options.chunk, options.fill_seconds, console)
        result = StoreResult(DATABASE, await _count(db), filled)
        console.print(
            f"  {filled.inserted:,} statements in {filled.seconds:.0f} s "
            f"({filled.statements_per_second:,.0f}/s with indexing); GET latency per query ..."
        )
        if filled.inserted:
            with store_ingest(target) as ingest:
                server_pid = target.stack.infrastructure.ferretdb.pid()
                await measure_queries(ingest, server_pid, statements, options, result, console)
        return result
    finally:
        try:
            with contextlib.suppress(PyMongoError, TimeoutError):
                async with asyncio.timeout(ADMIN_TIMEOUT):
                    await client.drop_database(DATABASE)  # a million statements: not kept
        finally:
            await client.close()
