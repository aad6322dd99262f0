"""Load benchmark of the whole pipeline: `uv run python -m bench.load [--seconds N]`.

Starts its own local stack (free ports, a temporary state folder; ``--use-running`` uses the one
``make up`` started instead), then measures on 127.0.0.1 only:

1. POST /xapi/statements throughput and latency for batch sizes 1, 5, 100 and several
   concurrencies (each cell bounded by ``--seconds`` and ``--max-requests``).
   Then single POSTs offered open loop at a fixed rate (``bench/open_loop.py``);
2. end-to-end visibility: POST then GET ?statementId= at a steady moderate rate;
3. the raw ceiling: the same envelopes produced straight to Kafka (no HTTP, no validation);
4. sustained load at batch 5 against the 2,000 statements/s target, with the aggregator's
   progress every 10 s and its drain time (``bench/sustained.py``, ``--sustained-seconds``);
5. the rebuild: the statements topic, everything the run posted, replayed into a fresh
   database, records per second (``bench/rebuild.py``, ``--rebuild-seconds``);
6. GET /xapi/statements latency per filter on a store of ``--store-size`` statements
   (``bench/store.py``);
7. the RSS of every process of the stack, now and at its peak.

Then (unless ``--no-peer``) the peer LRS Ralph gets the same warm-up and POST cells, from the
same statement factory, on the same machine (``bench/ralph.py``: which backend and why), and
each cell gets the ratio ours/Ralph beside ours/ceiling.

Last comes the table of the issue's targets (``bench/targets.py``), each with its figure and
met, missed or not run. ``--quick`` runs every phase shorter and smaller (``bench/quick.py``),
in under 10 minutes on 2 cores, and the table says it is the quick preset.

Prints tables and writes ``bench/results/<timestamp>.json``. The stack it started is stopped by
PID in all cases. The load generator runs on the same machine as the stack, in one event loop.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

import httpx
import orjson
import uvloop
from rich.console import Console

from bench import rebuild as rebuild_phase
from bench import store as store_phase
from bench import sustained as sustained_phase
from bench.endpoint import StatementsEndpoint
from bench.open_loop import run_open_loop
from bench.quick import QUICK_DEFAULTS
from bench.ralph import RalphServer, running_ralph
from bench.report import (
    RESULTS_DIR,
    CeilingResult,
    CellResult,
    LagResult,
    Latency,
    Report,
    machine_info,
    now,
)
from bench.statements import StatementFactory
from bench.tally import Tally
from bench.target_table import print_targets
from bench.targets import SINGLE_POST_RATE, evaluate
from devstack.postgres_home import reachable_postgres_dir
from devstack.probes import free_port
from devstack.processes import ProcessFailed
from devstack.settings import StackSettings
from devstack.stack import LocalStack
from schemas.envelope import encode_envelope
from services.common.learners import learner_key
from services.common.topics import ensure_topics
from services.ingest.acceptance import authority_of
from services.ingest.publisher import statement_producer
from services.ingest.settings import IngestSettings
from services.ingest.stamping import stamp

XAPI_VERSION = "1.0.3"
CELLS: tuple[tuple[int, tuple[int, ...]], ...] = ((1, (1, 8, 32)), (5, (1, 8, 32)), (100, (1, 4)))
REQUEST_TIMEOUT = 30.0
DRAIN_GRACE = REQUEST_TIMEOUT + 5.0
CEILING_BATCH = 100
CEILING_CONCURRENCY = 4


@dataclass(frozen=True)
class Target:
    """Where the stack under test answers, and how to find its processes."""

    ingest_url: str
    bootstrap_servers: str
    statements_topic: str
    home_page: str
    api_key: str
    api_secret: str
    stack: LocalStack
    started_here: bool

    @property
    def statements_url(self) -> str:
        return f"{self.ingest_url}/xapi/statements"

    def headers(self) -> dict[str, str]:
        return {"X-Experience-API-Version": XAPI_VERSION, "Content-Type": "application/json"}

    def pids(self) -> dict[str, int | None]:
        return {process.name: process.pid() for process in self.stack.processes()}


@dataclass
class Options:
    seconds: float
    max_requests: int
    warmup: int
    lag_samples: int
    lag_rate: float
    use_running: bool
    output_dir: Path
    peer: bool
    sustained: sustained_phase.SustainedOptions
    store: store_phase.StoreOptions
    open_loop_seconds: float = 10.0
    open_loop_rate: float = SINGLE_POST_RATE
    rebuild_seconds: float = 1800.0
    quick: bool = False

    @property
    def preset(self) -> str:
        return "quick" if self.quick else "full"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of each cell")
    parser.add_argument(
        "--max-requests", type=int, default=200_000, help="most requests of one cell"
    )
    parser.add_argument("--warmup", type=int, default=200, help="statements sent to warm up")
    parser.add_argument("--lag-samples", type=int, default=200, help="POST->GET samples")
    parser.add_argument("--lag-rate", type=float, default=20.0, help="POST->GET samples per s")
    parser.add_argument(
        "--use-running",
        action="store_true",
        help="measure the stack `make up` started (default ports) instead of starting one",
    )
    parser.add_argument("--output-dir", type=Path, default=None, help="where the JSON goes")
    parser.add_argument(
        "--no-peer",
        dest="peer",
        action="store_false",
        help="skip the peer LRS (Ralph) under the same POST cells",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="every phase shorter and smaller, under 10 minutes on 2 cores (flags still win)",
    )
    parser.add_argument(
        "--open-loop-seconds",
        type=float,
        default=10.0,
        help="duration of the open-loop single-POST cell (0 skips it)",
    )
    parser.add_argument(
        "--open-loop-rate",
        type=float,
        default=SINGLE_POST_RATE,
        help="single POSTs started per second, on a fixed schedule",
    )
    sustained_phase.add_arguments(parser)
    rebuild_phase.add_arguments(parser)
    store_phase.add_arguments(parser)
    return parser


def parse_args(argv: list[str] | None = None) -> Options:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.quick:
        # Parsed again on the quick defaults, so that a flag given on the command line wins.
        parser.set_defaults(**QUICK_DEFAULTS)
        args = parser.parse_args(argv)
    if min(args.seconds, args.max_requests, args.lag_rate, args.open_loop_rate) <= 0:
        parser.error("--seconds, --max-requests, --lag-rate and --open-loop-rate must be positive")
    return Options(
        seconds=args.seconds,
        max_requests=args.max_requests,
        warmup=max(0, args.warmup),
        lag_samples=max(0, args.lag_samples),
        lag_rate=args.lag_rate,
        use_running=args.use_running,
        output_dir=args.output_dir or RESULTS_DIR,
        peer=args.peer,
        sustained=sustained_phase.options_of(parser, args),
        store=store_phase.options_of(parser, args),
        open_loop_seconds=max(0.0, args.open_loop_seconds),
        open_loop_rate=args.open_loop_rate,
        rebuild_seconds=max(0.0, args.rebuild_seconds),
        quick=args.quick,
    )


def distinct_free_ports(count: int) -> list[int]:
    ports: list[int] = []
    for _ in range(count * 20):
        port = free_port()
        if port not in ports:
            ports.append(port)
        if len(ports) == count:
            return ports
    raise RuntimeError("could not find enough free ports")


def own_settings(state_dir: Path, postgres_dir: Path) -> StackSettings:
    kafka, controller, mongodb, postgres, ingest, query, aggregator = distinct_free_ports(7)
    return StackSettings(
        state_dir=state_dir,
        kafka_port=kafka,
        kafka_controller_port=controller,
        mongodb_port=mongodb,
        postgres_dir=postgres_dir,
        postgres_port=postgres,
        ingest_port=ingest,
        query_port=query,
        aggregator_port=aggregator,
    )


def target_of(settings: StackSettings, stack: LocalStack, started_here: bool) -> Target:
    return Target(
        ingest_url=f"http://127.0.0.1:{settings.ingest_port}",
        bootstrap_servers=f"127.0.0.1:{settings.kafka_port}",
        statements_topic=settings.statements_topic,
        home_page=f"http://127.0.0.1:{settings.ingest_port}",
        api_key=settings.api_key,
        api_secret=settings.api_secret.get_secret_value(),
        stack=stack,
        started_here=started_here,
    )


def rss_mib(pid: int | None, field: str = "VmRSS") -> float | None:
    """A process's resident set now (``VmRSS``) or at its peak so far (``VmHWM``), in MiB."""
    if pid is None:
        return None
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return None


def client_for(target: StatementsEndpoint, concurrency: int) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        auth=httpx.BasicAuth(target.api_key, target.api_secret),
        headers=target.headers(),
        limits=httpx.Limits(
            max_connections=concurrency,
            max_keepalive_connections=concurrency,
            keepalive_expiry=30,
        ),
        timeout=httpx.Timeout(REQUEST_TIMEOUT),
        trust_env=False,
    )


def body_of(factory: StatementFactory, batch: int) -> tuple[bytes, list[str]]:
    statements = factory.batch(batch)
    ids = [s["id"] for s in statements]
    return orjson.dumps(statements[0] if batch == 1 else statements), ids


async def post_loop(
    client: httpx.AsyncClient,
    target: StatementsEndpoint,
    factory: StatementFactory,
    batch: int,
    deadline: float,
    budget: Iterator[int],
    tally: Tally,
) -> None:
    for _ in budget:
        if time.perf_counter() >= deadline:
            return
        body, _ids = body_of(factory, batch)
        began = time.perf_counter()
        try:
            response = await client.post(target.statements_url, content=body)
        except httpx.HTTPError as error:
            tally.requests += 1
            tally.errors[type(error).__name__] += 1
            continue
        tally.latencies.append(time.perf_counter() - began)
        tally.requests += 1
        if response.status_code == 200:
            tally.accepted += batch
        else:
            tally.errors[f"HTTP {response.status_code}"] += 1


async def bounded_gather(tasks: list[Awaitable[None]], limit: float) -> bool:
    """Run the tasks; cancel what still runs after ``limit`` seconds. True when all finished."""
    try:
        async with asyncio.timeout(limit):
            await asyncio.gather(*tasks)
    except TimeoutError:
        return False
    return True


async def run_cell(
    target: StatementsEndpoint,
    factory: StatementFactory,
    batch: int,
    concurrency: int,
    options: Options,
) -> CellResult:
    tally = Tally()
    budget = iter(range(options.max_requests))  # shared by the workers: at most this many
    async with client_for(target, concurrency) as client:
        began = time.perf_counter()
        deadline = began + options.seconds
        finished = await bounded_gather(
            [
                post_loop(client, target, factory, batch, deadline, budget, tally)
                for _ in range(concurrency)
            ],
            options.seconds + DRAIN_GRACE,
        )
        elapsed = time.perf_counter() - began
    if not finished:
        tally.errors["cancelled after the time bound"] += 1
    errors = sum(tally.errors.values())
    return CellResult(
        name=f"batch {batch} x {concurrency}",
        batch=batch,
        concurrency=concurrency,
        seconds=elapsed,
        requests=tally.requests,
        accepted_statements=tally.accepted,
        statements_per_second=tally.accepted / elapsed,
        requests_per_second=tally.requests / elapsed,
        latency=Latency.of(tally.latencies),
        errors=errors,
        error_kinds=dict(tally.errors),
    )


async def warm_up(target: StatementsEndpoint, factory: StatementFactory, statements: int) -> None:
    if statements <= 0:
        return
    async with client_for(target, 4) as client:
        for offset in range(0, statements, 50):
            body, _ = body_of(factory, min(50, statements - offset))
            response = await client.post(target.statements_url, content=body)
            response.raise_for_status()
        # One GET too, so the read path (consistency gate, MongoDB) is warm.
        body, ids = body_of(factory, 1)
        (await client.post(target.statements_url, content=body)).raise_for_status()
        got = await client.get(target.statements_url, params={"statementId": ids[0]})
        got.raise_for_status()


@dataclass
class LagSample:
    post: float | None = None
    get: float | None = None
    total: float | None = None
    retries: int = 0
    error: str | None = None


async def one_lag_sample(
    client: httpx.AsyncClient, target: Target, factory: StatementFactory, sample: LagSample
) -> None:
    body, ids = body_of(factory, 1)
    began = time.perf_counter()
    try:
        response = await client.post(target.statements_url, content=body)
        posted = time.perf_counter()
        sample.post = posted - began
        if response.status_code != 200:
            sample.error = f"POST HTTP {response.status_code}"
            return
        # The GET waits (bounded) for the aggregator; a 404 means it gave up first: ask again.
        for attempt in range(10):
            got = await client.get(target.statements_url, params={"statementId": ids[0]})
            if got.status_code == 200:
                done = time.perf_counter()
                sample.get, sample.total, sample.retries = done - posted, done - began, attempt
                return
            if got.status_code != 404:
                sample.error = f"GET HTTP {got.status_code}"
                return
            await asyncio.sleep(0.05)
        sample.retries = 10
    except httpx.HTTPError as error:
        sample.error = type(error).__name__


async def measure_lag(target: Target, factory: StatementFactory, options: Options) -> LagResult:
    samples = [LagSample() for _ in range(options.lag_samples)]
    interval = 1 / options.lag_rate
    async with client_for(target, 32) as client:
        tasks: list[asyncio.Task[None]] = []
        began = time.perf_counter()
        for index, sample in enumerate(samples):
            delay = began + index * interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one_lag_sample(client, target, factory, sample)))
        try:
            async with asyncio.timeout(DRAIN_GRACE):
                await asyncio.gather(*tasks)
        except TimeoutError:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
    visible = [s for s in samples if s.total is not None]
    return LagResult(
        rate_per_second=options.lag_rate,
        samples=len(samples),
        visible=len(visible),
        not_visible=sum(1 for s in samples if s.total is None and s.error is None),
        errors=sum(1 for s in samples if s.error is not None),
        post=Latency.of([s.post for s in samples if s.post is not None]),
        get=Latency.of([s.get for s in visible if s.get is not None]),
        post_to_visible=Latency.of([s.total for s in visible if s.total is not None]),
        get_retries=sum(s.retries for s in samples),
    )


async def measure_ceiling(
    target: Target, factory: StatementFactory, options: Options
) -> CeilingResult:
    """The same envelopes as ingest writes, produced straight to Kafka with its settings.

    Into a topic of their own with as many partitions, so the aggregator does not have to
    work through them while the phases after this one are measured.
    """
    topic = f"{target.statements_topic}.ceiling"
    await ensure_topics(target.bootstrap_servers, {topic: StackSettings().kafka_partitions})
    producer = statement_producer(
        IngestSettings(
            kafka_bootstrap_servers=target.bootstrap_servers,
            publish_timeout_seconds=REQUEST_TIMEOUT,
        ),
        client_id="lrs-bench-ceiling",
    )
    await producer.start()
    authority = authority_of(target.api_key, target.home_page)
    latencies: list[float] = []
    produced = 0
    errors = 0
    budget = iter(range(options.max_requests))

    async def produce_loop(deadline: float) -> None:
        nonlocal produced, errors
        for _ in budget:
            if time.perf_counter() >= deadline:
                return
            received = datetime.now(UTC)
            records = [
                (
                    learner_key(s["actor"]).encode(),
                    encode_envelope(
                        stamp(s, stored=received, authority=authority, version=XAPI_VERSION),
                        received=received,
                        client_id=target.api_key,
                    ),
                )
                for s in factory.batch(CEILING_BATCH)
            ]
            began = time.perf_counter()
            try:
                deliveries = [await producer.send(topic, value, key=key) for key, value in records]
                await asyncio.gather(*deliveries)
            except Exception:  # noqa: BLE001 - counted, the run goes on
                errors += 1
                continue
            latencies.append(time.perf_counter() - began)
            produced += len(records)

    try:
        began = time.perf_counter()
        deadline = began + options.seconds
        await bounded_gather(
            [produce_loop(deadline) for _ in range(CEILING_CONCURRENCY)],
            options.seconds + DRAIN_GRACE,
        )
        elapsed = time.perf_counter() - began
    finally:
        await producer.stop()
    return CeilingResult(
        batch=CEILING_BATCH,
        concurrency=CEILING_CONCURRENCY,
        seconds=elapsed,
        statements=produced,
        statements_per_second=produced / elapsed,
        batch_latency=Latency.of(latencies),
        errors=errors,
    )


async def run_benchmark(target: Target, options: Options, report: Report, console: Console) -> None:
    factory = StatementFactory()
    console.print(f"warming up ({options.warmup} statements) on {target.ingest_url}")
    await warm_up(target, factory, options.warmup)
    await run_cells(target, factory, options, console, "batch", report.cells)
    if options.open_loop_seconds > 0:
        console.print(
            f"single POSTs, open loop: {options.open_loop_rate:g}/s for "
            f"{options.open_loop_seconds:g}s ..."
        )
        report.open_loop = await run_open_loop(
            target, factory, options.open_loop_rate, options.open_loop_seconds
        )
    if options.lag_samples:
        console.print(
            f"end-to-end visibility: {options.lag_samples} samples at {options.lag_rate:g}/s ..."
        )
        report.lag = await measure_lag(target, factory, options)
    console.print(f"raw ceiling: straight to Kafka for {options.seconds:g}s ...")
    report.ceiling = await measure_ceiling(target, factory, options)
    report.link_ceiling()
    if options.sustained.seconds > 0:
        report.sustained = await sustained_phase.run_sustained(
            target, factory, options.sustained, console
        )
    if options.rebuild_seconds > 0:
        console.print("rebuild: the statements topic into a fresh database ...")
        report.rebuild = await rebuild_phase.run_rebuild(
            target.stack, options.rebuild_seconds, console
        )
    if options.store.size > 0:
        report.store = await store_phase.run_store(target, options.store, console)


async def run_peer(peer: RalphServer, options: Options, report: Report, console: Console) -> None:
    """The same warm-up and POST cells, from the same statement factory, against Ralph."""
    factory = StatementFactory()
    console.print(f"peer Ralph ({peer.backend} backend): warming up on {peer.statements_url}")
    peer.fresh_store()
    await warm_up(peer, factory, options.warmup)
    await run_cells(
        peer, factory, options, console, "Ralph: batch", report.peer_cells, peer.fresh_store
    )
    report.link_peer()


async def run_cells(
    target: StatementsEndpoint,
    factory: StatementFactory,
    options: Options,
    console: Console,
    label: str,
    cells: list[CellResult],
    before_each: Callable[[], None] | None = None,
) -> None:
    """Every POST cell in turn into ``cells``, so a run stopped early keeps what it measured
    (``before_each`` runs ahead of each cell, e.g. a fresh store)."""
    for batch, concurrencies in CELLS:
        for concurrency in concurrencies:
            if before_each is not None:
                before_each()
            console.print(f"{label} {batch} x {concurrency} for {options.seconds:g}s ...")
            cell = await run_cell(target, factory, batch, concurrency, options)
            cells.append(cell)
            console.print(
                f"  {cell.statements_per_second:,.0f} statements/s, "
                f"p99 {cell.latency.p99_ms or 0:.1f} ms, {cell.errors} errors"
            )


def measure_peer(target: Target, options: Options, report: Report, console: Console) -> int:
    """Ralph on this machine after ours (exit status 1 when it could not be measured)."""
    mongodb_url = target.stack.infrastructure.mongodb_url
    try:
        with running_ralph(mongodb_url, report.machine["ferretdb"], console.print) as peer:
            report.peer = peer.describe()
            uvloop.run(run_peer(peer.server, options, report, console))
            report.rss_mib["ralph"] = rss_mib(peer.server.pid())
            report.rss_peak_mib["ralph"] = rss_mib(peer.server.pid(), "VmHWM")
    except (ProcessFailed, httpx.HTTPError, OSError, RuntimeError) as error:
        report.problems.append(f"peer Ralph not measured: {type(error).__name__}: {error}")
        return 1
    failed = sum(cell.errors for cell in report.peer_cells)
    if failed:
        report.problems.append(f"peer Ralph: {failed} failed requests: see peer_cells in the JSON")
    return 0


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    console = Console()
    signal.signal(signal.SIGTERM, _terminate)  # `timeout` and kill: still stop the stack
    state_dir: Path | None = None
    scratch = contextlib.ExitStack()
    if options.use_running:
        settings = StackSettings()
    else:
        state_dir = Path(tempfile.mkdtemp(prefix="lrs-bench-"))
        postgres_dir = scratch.enter_context(reachable_postgres_dir(state_dir / "postgres"))
        settings = own_settings(state_dir, postgres_dir)
    stack = LocalStack.from_settings(settings)
    target = target_of(settings, stack, started_here=not options.use_running)
    report = Report(
        started=now(),
        preset=options.preset,
        options={
            "seconds": options.seconds,
            "max_requests": options.max_requests,
            "warmup": options.warmup,
            "lag_samples": options.lag_samples,
            "lag_rate": options.lag_rate,
            "use_running": options.use_running,
            "peer": options.peer,
            "quick": options.quick,
            "open_loop": {"seconds": options.open_loop_seconds, "rate": options.open_loop_rate},
            "rebuild_seconds": options.rebuild_seconds,
            "cells": [{"batch": b, "concurrency": list(c)} for b, c in CELLS],
            "sustained": asdict(options.sustained),
            "store": asdict(options.store),
        },
        machine=machine_info(),
        stack={
            "ingest_url": target.ingest_url,
            "kafka": target.bootstrap_servers,
            "kafka_partitions": settings.kafka_partitions,
            "kafka_heap": settings.kafka_heap,
            "state_dir": str(settings.state_dir),
            "started_by_benchmark": target.started_here,
        },
    )
    status = 0
    try:
        if target.started_here:
            console.print(f"starting a stack of our own in {state_dir} ...")
            stack.up()
        elif target.pids().get("ingest") is None:
            console.print("[red]--use-running: no running stack found (make up)[/red]")
            return 2
        report.stack["pids"] = target.pids()
        try:
            uvloop.run(run_benchmark(target, options, report, console))
        except (httpx.HTTPError, OSError, RuntimeError) as error:
            report.problems.append(f"run stopped early: {type(error).__name__}: {error}")
            status = 1
        pids = {**target.pids(), "load generator": os.getpid()}
        report.rss_mib = {name: rss_mib(pid) for name, pid in pids.items()}
        report.rss_peak_mib = {name: rss_mib(pid, "VmHWM") for name, pid in pids.items()}
        if options.peer:
            status = max(status, measure_peer(target, options, report, console))
        if report.errors():
            report.problems.append(
                f"{report.errors()} failed requests or samples: see error_kinds in the JSON"
                + (f" and the stack's logs in {state_dir}/log (kept)" if state_dir else "")
            )
    finally:
        if target.started_here:
            console.print("stopping the benchmark's stack ...")
            _stop(stack, None if report.errors() else state_dir)
        scratch.close()
    report.targets = evaluate(report)
    report.print(console)
    print_targets(console, report.targets, report.preset)
    path = report.write_json(options.output_dir)
    console.print(f"results: {path}")
    return status


def _stop(stack: LocalStack, state_dir: Path | None) -> None:
    """Stop the stack by PID; remove its state folder unless None (kept for its logs)."""
    # The stack's processes run in their own sessions: a Ctrl-C does not reach them, this does
    # (each by the PID in its file under our temporary state folder).
    try:
        stack.down()
    finally:
        if state_dir is not None:
            shutil.rmtree(state_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
