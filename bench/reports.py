"""Report benchmark: `uv run python -m bench.reports [--url QUERY_URL]`.

Without ``--url`` it starts a stack of its own (free ports, a temporary state folder, stopped
by PID at the end), loads the demo into it (``services.demo``: 2,000 learners, a year) and
waits until the aggregator applied it all; with ``--url`` it measures a running query API
that holds the demo of the same ``--seed``/``--learners``/``--year`` (``make demo``).

Then, for each report endpoint the API publishes, one request at a time over many different
learners or units (at most ``--requests`` requests and ``--seconds`` seconds per row, after
one unmeasured warm-up request): p50, p95, p99 and max latency against the 200 ms p95 target.
Prints a table and writes ``bench/results/reports-<timestamp>.json``. It prints numbers; it
passes or fails nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import httpx
import orjson
from rich.console import Console
from rich.table import Table

from bench.load import own_settings
from bench.report import RESULTS_DIR, Latency, machine_info, now
from bench.report_cases import API, Case, report_cases
from bench.tally import Tally
from devstack.postgres_home import reachable_postgres_dir
from devstack.stack import LocalStack
from services.demo.dataset import Demo, DemoOptions, generate, previous_year
from services.demo.files import write_demo
from services.demo.loading import LoadOptions, load_demo
from services.demo.target import DemoTarget

TARGET_P95_MS = 200.0
WIDE = 150


@dataclass
class Row:
    name: str
    route: str
    distinct: int
    requests: int
    errors: int
    latency: Latency
    error_kinds: dict[str, int] = field(default_factory=dict)

    @property
    def met(self) -> bool | None:
        p95 = self.latency.p95_ms
        return None if p95 is None else p95 <= TARGET_P95_MS


@dataclass
class ReportsRun:
    started: Any
    options: dict[str, Any]
    machine: dict[str, Any]
    load: dict[str, Any] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.reports", description=__doc__)
    parser.add_argument("--url", help="query API of a running stack holding the demo")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--learners", type=int, default=2000)
    parser.add_argument("--year", type=int, default=previous_year())
    parser.add_argument("--statements-per-learner", type=int, default=25)
    parser.add_argument("--requests", type=int, default=200, help="most requests of one row")
    parser.add_argument("--seconds", type=float, default=15.0, help="most seconds of one row")
    parser.add_argument("--sample", type=int, default=300, help="different learners asked for")
    parser.add_argument("--output-dir", type=Path, default=RESULTS_DIR)
    return parser.parse_args(argv)


async def measure(
    url: str,
    target: DemoTarget,
    cases: list[Case],
    args: argparse.Namespace,
    run: ReportsRun,
    console: Console,
) -> None:
    auth = httpx.BasicAuth(target.api_key, target.api_secret.get_secret_value())
    async with httpx.AsyncClient(base_url=url, auth=auth, timeout=120, trust_env=False) as http:
        published = set((await http.get("/openapi.json")).json()["paths"])
        for case in cases:
            if f"{API}{case.route}" not in published:
                run.skipped.append(case.name)
                continue
            row = await measure_case(http, case, args.requests, args.seconds)
            run.rows.append(row)
            console.print(
                f"  {row.name}: p95 {_ms(row.latency.p95_ms)} ms, {row.requests} requests"
            )


async def measure_case(http: httpx.AsyncClient, case: Case, most: int, seconds: float) -> Row:
    tally = Tally()
    await http.get(case.paths[0])  # warm-up: caches, connection
    deadline = time.perf_counter() + seconds
    for index in range(most):
        if time.perf_counter() >= deadline:
            break
        began = time.perf_counter()
        try:
            response = await http.get(case.paths[index % len(case.paths)])
        except httpx.HTTPError as error:
            tally.requests += 1
            tally.errors[type(error).__name__] += 1
            continue
        tally.latencies.append(time.perf_counter() - began)
        tally.requests += 1
        if response.status_code == 200:
            tally.accepted += 1
        else:
            tally.errors[f"HTTP {response.status_code}"] += 1
    return Row(
        name=case.name,
        route=case.route,
        distinct=min(len(case.paths), tally.requests),
        requests=tally.requests,
        errors=sum(tally.errors.values()),
        latency=Latency.of(tally.latencies),
        error_kinds=dict(tally.errors),
    )


async def load_into(
    stack_target: DemoTarget, demo: Demo, folder: Path, console: Console
) -> dict[str, Any]:
    began = time.perf_counter()
    loaded = await load_demo(
        write_demo(demo, folder),
        stack_target.endpoint(),
        stack_target.cli_env(dict(os.environ)),
        LoadOptions(),
        console,
    )
    return {
        "statements": loaded.sent.statements,
        "send_seconds": round(loaded.sent.seconds, 1),
        "statements_per_second": round(loaded.sent.rate),
        "applied_after_seconds": loaded.applied_after,
        "total_seconds": round(time.perf_counter() - began, 1),
        "counts": demo.counts,
    }


def print_rows(console: Console, run: ReportsRun) -> None:
    table = Table(
        title=f"Report latency, one request at a time (target: p95 <= {TARGET_P95_MS:.0f} ms)"
    )
    for column in ("report", "distinct", "requests", "errors", "p50 ms", "p95 ms", "p99 ms",
                   "max ms", "p95 target"):  # fmt: skip
        table.add_column(column, justify="left" if column == "report" else "right")
    for row in run.rows:
        lat = row.latency
        verdict = {True: "[green]met[/green]", False: "[red]missed[/red]", None: "-"}[row.met]
        table.add_row(
            row.name, str(row.distinct), str(row.requests), str(row.errors),
            *(_ms(v) for v in (lat.p50_ms, lat.p95_ms, lat.p99_ms, lat.max_ms)), verdict,
        )  # fmt: skip
    console.print(table)
    if run.skipped:
        console.print(f"not published by this query API: {', '.join(run.skipped)}")


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)  # `timeout` and kill: still stop the stack
    console = Console()
    if not console.is_terminal:  # a log file: room for the table's columns
        console = Console(width=WIDE)
    options = DemoOptions(
        seed=args.seed,
        year=args.year,
        learners=args.learners,
        statements_per_learner=args.statements_per_learner,
    )
    run = ReportsRun(
        started=now(),
        options=vars(args) | {"output_dir": str(args.output_dir)},
        machine=machine_info() | {"load_average_at_start": os.getloadavg()},
    )
    with console.status("generating the demo ..."):
        demo = generate(options)
    cases = report_cases(demo, random.Random(args.seed), args.sample)  # noqa: S311 - sampling
    if args.url:
        asyncio.run(measure(args.url, DemoTarget(), cases, args, run, console))
    else:
        state_dir = Path(tempfile.mkdtemp(prefix="lrs-bench-reports-"))
        with reachable_postgres_dir(state_dir / "postgres") as postgres_dir:
            settings = own_settings(state_dir, postgres_dir)
            stack = LocalStack.from_settings(settings)
            target = DemoTarget(
                ingest_port=settings.ingest_port,
                query_port=settings.query_port,
                mongodb_url=f"mongodb://127.0.0.1:{settings.mongodb_port}/",
            )
            try:
                console.print(f"starting a stack of our own in {state_dir} ...")
                stack.up()
                run.load = asyncio.run(load_into(target, demo, state_dir / "demo", console))
                asyncio.run(measure(target.query_url, target, cases, args, run, console))
            finally:
                console.print("stopping the benchmark's stack ...")
                stack.down()
                shutil.rmtree(state_dir, ignore_errors=True)
    # Other work on the machine shows in every number: keep how busy it was.
    run.machine["load_average_at_end"] = os.getloadavg()
    print_rows(console, run)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    path = args.output_dir / f"reports-{run.started.strftime('%Y%m%dT%H%M%SZ')}.json"
    path.write_bytes(orjson.dumps(asdict(run), option=orjson.OPT_INDENT_2, default=str))
    console.print(f"results: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
