"""Single POSTs (batch 1) offered at a fixed rate, open loop.

Request ``i`` starts at ``start + i / rate`` whether or not the earlier ones have answered,
as independent clients would send them. Latency runs from the scheduled start, not from
when the request left: a request held back by a slow server or a busy load generator counts
its wait, which a closed loop (the next request only after an answer) would hide.

When ``CONNECTIONS`` requests are outstanding the server is far behind (at the target's
rate and latency about five are), and the cell stops offering: the requests it did not send
count as errors. Offering on would pile up requests that the next phases then wait behind.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx
import orjson

from bench.report import Latency
from bench.statements import StatementFactory
from bench.xapi_client import XapiTarget, xapi_client

CONNECTIONS = 64  # far above rate x latency: the pool does not throttle a server that keeps up
REQUEST_TIMEOUT = 30.0


@dataclass
class OpenLoopResult:
    offered_rate: float
    seconds: float
    scheduled: int
    completed: int
    achieved_rate: float
    latency: Latency  # from the scheduled start to the answer
    late_start_max_ms: float
    errors: int
    error_kinds: dict[str, int] = field(default_factory=dict)
    stopped: str = "done"


async def run_open_loop(
    target: XapiTarget, factory: StatementFactory, rate: float, seconds: float
) -> OpenLoopResult:
    scheduled = max(1, round(rate * seconds))
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    late = 0.0
    stopped = "done"
    outstanding = 0

    async def post(client: httpx.AsyncClient, body: bytes, due: float) -> None:
        nonlocal outstanding
        try:
            response = await client.post("/xapi/statements", content=body)
        except httpx.HTTPError as error:
            errors[type(error).__name__] += 1
            return
        finally:
            outstanding -= 1
        if response.status_code == 200:
            latencies.append(time.perf_counter() - due)
        else:
            errors[f"HTTP {response.status_code}"] += 1

    async with xapi_client(target, CONNECTIONS, REQUEST_TIMEOUT) as client:
        tasks: list[asyncio.Task[None]] = []
        began = time.perf_counter()
        for index in range(scheduled):
            if outstanding >= CONNECTIONS:
                stopped = f"stopped after {index} requests: {CONNECTIONS} outstanding"
                errors["not sent: the server fell behind"] += scheduled - index
                break
            due = began + index / rate
            body = orjson.dumps(factory.batch(1)[0])
            if due > time.perf_counter():
                await asyncio.sleep(due - time.perf_counter())
            late = max(late, time.perf_counter() - due)
            outstanding += 1
            tasks.append(asyncio.create_task(post(client, body, due)))
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT + 5):
                await asyncio.gather(*tasks)
        except TimeoutError:
            unanswered = scheduled - len(latencies) - sum(errors.values())
            errors["cancelled after the time bound"] += unanswered
        elapsed = time.perf_counter() - began
    return OpenLoopResult(
        offered_rate=rate,
        seconds=elapsed,
        scheduled=scheduled,
        completed=len(latencies),
        achieved_rate=len(latencies) / elapsed,
        latency=Latency.of(latencies),
        late_start_max_ms=late * 1000,
        errors=sum(errors.values()),
        error_kinds=dict(errors),
        stopped=stopped,
    )
