"""Sustained load at batch 5: does the pipeline keep 2,000 statements/s end to end?

Paced load with bounded concurrency: request ``i`` is due at ``start + i * batch / rate``;
``concurrency`` workers each take the next due request, wait until it is due and POST it.
While the stack keeps up the offered rate is the target; when it does not, at most
``concurrency`` requests are in flight and the senders fall behind the schedule (the "late"
column: the most a request of the window left after its due time), so the load stays
bounded. The load stops at ``seconds`` or after the ``seconds * rate / batch`` requests it
planned, whichever comes first.

Every 10 s it records what the requests that ended in the window did (accepted statements,
errors, p99 latency) and what the aggregator's ``/metrics`` say (statements applied, consumer
lag, end-to-end p99). Before the load it lets the aggregator finish what earlier phases left
(bounded; a backlog it could not finish is reported). After the load it waits (bounded) until
the aggregator has no lag and has applied as many statements as were accepted: the drain
time, and the end-to-end rate, the phase's statements applied over the wall time from the
first POST to the drain.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import time
from collections import Counter
from dataclasses import dataclass
from typing import Protocol

import httpx
import orjson
from rich.console import Console

from bench.aggregator_metrics import AggregatorProgress, bucket_quantile, scrape
from bench.report import Latency
from bench.statements import StatementFactory
from bench.sustained_report import (
    TARGET_RATE,
    Snapshot,
    SustainedResult,
    Tally,
    rows_of,
)
from bench.xapi_client import XapiTarget, xapi_client
from devstack.stack import LocalStack

WINDOW_SECONDS = 10.0
REQUEST_TIMEOUT = 30.0
STALL_SECONDS = 60.0  # nothing applied for this long after the load: the aggregator is stuck
# Offered above the target: the end-to-end rate counts the drain after the load as well, so
# a stack that keeps up with exactly the target rate would still come out below it.
OFFERED_RATE = TARGET_RATE * 1.1


@dataclass(frozen=True)
class SustainedOptions:
    seconds: float
    rate: float
    batch: int = 5
    concurrency: int = 64
    drain_seconds: float = 300.0

    @property
    def planned_requests(self) -> int:
        return math.floor(self.seconds * self.rate / self.batch)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("sustained phase (POST at batch 5, then drain)")
    group.add_argument(
        "--sustained-seconds", type=float, default=600.0, help="duration (0 skips the phase)"
    )
    group.add_argument(
        "--sustained-rate", type=float, default=OFFERED_RATE, help="offered statements/s"
    )
    group.add_argument("--sustained-concurrency", type=int, default=64, help="most in flight")
    group.add_argument(
        "--drain-seconds", type=float, default=300.0, help="longest wait for the aggregator"
    )


def options_of(parser: argparse.ArgumentParser, args: argparse.Namespace) -> SustainedOptions:
    if args.sustained_seconds < 0 or args.sustained_rate <= 0 or args.sustained_concurrency <= 0:
        parser.error("--sustained-rate and --sustained-concurrency must be positive")
    return SustainedOptions(
        seconds=args.sustained_seconds,
        rate=args.sustained_rate,
        concurrency=args.sustained_concurrency,
        drain_seconds=max(0.0, args.drain_seconds),
    )


class SustainedLoad:
    """One run of the phase: workers, the 10 s sampler, then the drain."""

    def __init__(
        self,
        target: XapiTarget,
        metrics_url: str,
        factory: StatementFactory,
        options: SustainedOptions,
    ) -> None:
        self._target = target
        self._metrics_url = metrics_url
        self._factory = factory
        self._options = options
        self._tallies: list[Tally] = [Tally()]
        self._snapshots: list[Snapshot] = []
        self._next_request = 0

    async def run(self, console: Console) -> SustainedResult:
        options = self._options
        async with (
            xapi_client(self._target, options.concurrency, REQUEST_TIMEOUT) as client,
            httpx.AsyncClient(trust_env=False) as metrics,
        ):
            backlog = await self._wait_for_backlog(metrics, console)
            began = time.perf_counter()
            self._snapshots.append(Snapshot(0.0, await scrape(metrics, self._metrics_url)))
            sampler = asyncio.create_task(self._sample(metrics, began))
            try:
                async with asyncio.timeout(options.seconds + REQUEST_TIMEOUT + 5):
                    await asyncio.gather(
                        *(self._worker(client, began) for _ in range(options.concurrency))
                    )
            except TimeoutError:
                self._tallies[-1].errors["cancelled after the time bound"] += 1
            loaded = time.perf_counter() - began
            console.print(f"  load done after {loaded:.0f} s; waiting for the aggregator ...")
            drained = await self._drain(metrics, began, loaded)
            sampler.cancel()
            await asyncio.gather(sampler, return_exceptions=True)
            self._snapshots.append(Snapshot(time.perf_counter() - began, drained[1]))
        return self._result(loaded, backlog, drained)

    async def _wait_for_backlog(self, metrics: httpx.AsyncClient, console: Console) -> float | None:
        """Let the aggregator finish earlier phases first (bounded): the start is then clean."""
        first = await scrape(metrics, self._metrics_url)
        began = time.perf_counter()
        progress = first
        if progress is not None and progress.lag > 0:
            console.print(f"  aggregator backlog of {progress.lag:,.0f} records: waiting ...")
        while (
            progress is not None
            and progress.lag > 0
            and time.perf_counter() - began < self._options.drain_seconds
        ):
            await asyncio.sleep(1)
            progress = await scrape(metrics, self._metrics_url)
        if first is not None and first.lag > 0:
            lag = "unknown" if progress is None else f"{progress.lag:,.0f}"
            console.print(f"  ... {time.perf_counter() - began:.0f} s later the lag is {lag}")
        return None if first is None else first.lag

    async def _worker(self, client: httpx.AsyncClient, began: float) -> None:
        interval = self._options.batch / self._options.rate
        deadline = began + self._options.seconds
        while self._next_request < self._options.planned_requests:
            due = began + self._next_request * interval
            self._next_request += 1
            if due > time.perf_counter():
                await asyncio.sleep(due - time.perf_counter())
            sent = time.perf_counter()
            if sent >= deadline:
                return
            body = orjson.dumps(self._factory.batch(self._options.batch))
            try:
                response = await client.post("/xapi/statements", content=body)
                error = None if response.status_code == 200 else f"HTTP {response.status_code}"
            except httpx.HTTPError as failure:
                error = type(failure).__name__
            tally = self._tallies[-1]  # the window the request ends in
            tally.requests += 1
            tally.behind = max(tally.behind, sent - due)
            if error is None:
                tally.latencies.append(time.perf_counter() - sent)
                tally.accepted += self._options.batch
            else:
                tally.errors[error] += 1

    async def _sample(self, metrics: httpx.AsyncClient, began: float) -> None:
        """Close a window every 10 s: scrape the aggregator, open the next tally."""
        while True:
            await asyncio.sleep(began + len(self._tallies) * WINDOW_SECONDS - time.perf_counter())
            progress = await scrape(metrics, self._metrics_url)
            self._snapshots.append(Snapshot(time.perf_counter() - began, progress))
            self._tallies.append(Tally())

    async def _drain(
        self, metrics: httpx.AsyncClient, began: float, loaded: float
    ) -> tuple[bool, AggregatorProgress | None, float]:
        """Wait until no lag is left and as many statements as accepted were applied.

        Returns (drained, last scrape, seconds waited after the load).

        Not drained: the bound passed first, or the aggregator applied nothing for a minute
        (stalled: waiting longer would not tell more).
        """
        accepted = sum(t.accepted for t in self._tallies)
        start = self._snapshots[0].progress
        ended = began + loaded
        moved = time.perf_counter()  # when the applied count last changed
        previous: AggregatorProgress | None = None
        while True:
            progress = await scrape(metrics, self._metrics_url)
            now = time.perf_counter()
            if start is None or progress is None:
                return False, progress, now - ended
            if progress.lag == 0 and progress.applied - start.applied >= accepted:
                return True, progress, now - ended
            if previous is None or progress.applied != previous.applied:
                moved = now
            if now - moved >= STALL_SECONDS or now - ended >= self._options.drain_seconds:
                return False, progress, now - ended
            previous = progress
            await asyncio.sleep(0.5)

    def _result(
        self,
        loaded: float,
        backlog: float | None,
        drained: tuple[bool, AggregatorProgress | None, float],
    ) -> SustainedResult:
        options = self._options
        tallies, snapshots = self._tallies, self._snapshots
        done, last, drain_seconds = drained
        start = snapshots[0].progress
        applied = None if start is None or last is None else last.applied - start.applied
        errors: Counter[str] = Counter()
        for tally in tallies:
            errors.update(tally.errors)
        accepted = sum(t.accepted for t in tallies)
        windows = rows_of(tallies, snapshots, 1)
        per_row = 1 if loaded < 180 else round(60 / WINDOW_SECONDS)
        return SustainedResult(
            target_rate=TARGET_RATE,
            offered_rate=options.rate,
            batch=options.batch,
            concurrency=options.concurrency,
            seconds=loaded,
            planned_requests=options.planned_requests,
            requests=sum(t.requests for t in tallies),
            accepted=accepted,
            accepted_per_second=accepted / loaded,
            errors=sum(errors.values()),
            error_kinds=dict(errors),
            latency=Latency.of([s for t in tallies for s in t.latencies]),
            behind_max_s=max((t.behind for t in tallies), default=0.0),
            backlog_at_start=backlog,
            applied=applied,
            drained=done,
            drain_seconds=drain_seconds,
            end_to_end_per_second=None
            if applied is None
            else min(applied, accepted) / (loaded + drain_seconds),
            end_to_end_p99_s=None
            if start is None or last is None
            else bucket_quantile(start.end_to_end, last.end_to_end, 0.99),
            windows=windows,
            rows=rows_of(tallies, snapshots, per_row),
        )


class LoadTarget(XapiTarget, Protocol):
    """The LRS under test and its stack (``bench.load.Target`` is one)."""

    @property
    def stack(self) -> LocalStack: ...


async def run_sustained(
    target: LoadTarget, factory: StatementFactory, options: SustainedOptions, console: Console
) -> SustainedResult:
    metrics_url = f"http://127.0.0.1:{target.stack.settings.aggregator_port}/metrics"
    console.print(
        f"sustained: {options.rate:,.0f} statements/s offered at batch {options.batch} "
        f"for {options.seconds:g} s (at most {options.concurrency} in flight) ..."
    )
    return await SustainedLoad(target, metrics_url, factory, options).run(console)
