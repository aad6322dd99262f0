"""GET /xapi/statements latency on the filled store, one query kind after the other.

Each kind sends up to ``queries`` requests, one at a time, for at most ``kind_seconds``;
each request picks other values that occur in the store (another learner, another day...).
A request slower than ``timeout`` ends its kind: it is reported as a timeout, not waited
for. The server still runs it (neither ingest nor FerretDB cancels a query whose client
left), so the next kind starts only once the server's CPU is idle again, waiting at most
``settle`` seconds; a kind that starts on a busy server says so. Kinds go from the cheapest
to the dearest, so a slow one disturbs as few others as possible.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import orjson

from bench.report import Latency
from bench.store_statements import QuerySamples, day_window
from services.ingest.stamping import format_timestamp

STATEMENTS = "/xapi/statements"
LIMIT = "10"
SECOND_PAGE_TRIES = 3
IDLE_SAMPLE_SECONDS = 2.0
IDLE_SHARE = 0.15  # of one core: what an idle FerretDB uses at most

Request = tuple[str, dict[str, str]]  # path (or a `more` link) and query parameters
Prepare = Callable[[httpx.AsyncClient, random.Random], Awaitable[Request]]


@dataclass
class QueryResult:
    name: str
    example: dict[str, str]
    requests: int
    latency: Latency
    timeouts: int
    timeout_s: float
    errors: int
    error_kinds: dict[str, int] = field(default_factory=dict)
    statements_returned_mean: float | None = None
    stopped: str = "done"
    server_busy: bool = False  # it started while the server still ran earlier queries


def _listing(samples: QuerySamples, name: str) -> Prepare:
    """A first page of 10; ``name`` picks the filter and its values (none: the latest 10)."""

    async def prepare(_: httpx.AsyncClient, rng: random.Random) -> Request:
        params = {"limit": LIMIT}
        if name == "agent":
            params["agent"] = rng.choice(samples.agents)
        elif name == "verb":
            params["verb"] = rng.choice(samples.verbs)
        elif name == "activity":
            params["activity"] = rng.choice(samples.activities)
        elif name == "registration":
            params["registration"] = rng.choice(samples.registrations)
        elif name == "window" and samples.start is not None and samples.end is not None:
            since, until = day_window(rng, samples.start, samples.end)
            params["since"], params["until"] = format_timestamp(since), format_timestamp(until)
        return STATEMENTS, params

    return prepare


def _by_id(samples: QuerySamples) -> Prepare:
    async def prepare(_: httpx.AsyncClient, rng: random.Random) -> Request:
        return STATEMENTS, {"statementId": rng.choice(samples.ids)}

    return prepare


class NoSecondPage(LookupError):
    """The learners tried have no more than one page of statements."""


def _second_page(samples: QuerySamples) -> Prepare:
    """A learner's first page (untimed), then its ``more`` link is the timed request."""
    first = _listing(samples, "agent")

    async def prepare(client: httpx.AsyncClient, rng: random.Random) -> Request:
        for _ in range(SECOND_PAGE_TRIES):
            path, params = await first(client, rng)
            response = await client.get(path, params=params)
            response.raise_for_status()
            more = str(orjson.loads(response.content).get("more") or "")
            if more:
                return more, {}
        raise NoSecondPage(f"no more link in {SECOND_PAGE_TRIES} learners' first pages")

    return prepare


def query_kinds(samples: QuerySamples) -> list[tuple[str, Prepare]]:
    return [
        ("statementId", _by_id(samples)),
        ("registration", _listing(samples, "registration")),
        ("agent", _listing(samples, "agent")),
        ("agent page 2 (more)", _second_page(samples)),
        ("activity", _listing(samples, "activity")),
        ("since/until 1 day", _listing(samples, "window")),
        ("verb", _listing(samples, "verb")),
        ("no filter", _listing(samples, "latest")),
    ]


def _returned(body: bytes) -> int:
    document = orjson.loads(body)
    statements = document.get("statements") if isinstance(document, dict) else None
    return len(statements) if isinstance(statements, list) else 1


async def measure_kind(
    client: httpx.AsyncClient,
    name: str,
    prepare: Prepare,
    queries: int,
    kind_seconds: float,
    request_timeout: float,
    rng: random.Random,
) -> QueryResult:
    latencies: list[float] = []
    returned: list[int] = []
    errors: Counter[str] = Counter()
    example: dict[str, str] = {}
    timeouts = 0
    stopped = "done"
    began = time.perf_counter()
    for _ in range(queries):
        if time.perf_counter() - began >= kind_seconds:
            stopped = f"{kind_seconds:g} s cap"
            break
        try:
            path, params = await prepare(client, rng)
            example = example or {"path": path[:200], **params}
            sent = time.perf_counter()
            # params=None, not {}: httpx would drop the query string of a `more` link.
            response = await client.get(path, params=params or None, timeout=request_timeout)
            elapsed = time.perf_counter() - sent
        except httpx.TimeoutException:
            timeouts += 1
            stopped = f"timeout {request_timeout:g} s"
            break
        except NoSecondPage as missing:
            stopped = str(missing)  # a small store, not a failure
            break
        except httpx.HTTPError as error:
            errors[type(error).__name__] += 1
            continue
        if response.status_code != 200:
            errors[f"HTTP {response.status_code}"] += 1
            continue
        latencies.append(elapsed)
        returned.append(_returned(response.content))
    return QueryResult(
        name=name,
        example=example,
        requests=len(latencies) + timeouts + sum(errors.values()),
        latency=Latency.of(latencies),
        timeouts=timeouts,
        timeout_s=request_timeout,
        errors=sum(errors.values()),
        error_kinds=dict(errors),
        statements_returned_mean=sum(returned) / len(returned) if returned else None,
        stopped=stopped,
    )


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) a process has used so far, from /proc; None if not readable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def is_idle(cpu_before: float, cpu_after: float, seconds: float) -> bool:
    """Whether a process used less than ``IDLE_SHARE`` of a core over ``seconds``."""
    return cpu_after - cpu_before < IDLE_SHARE * seconds


async def settle(pid: int | None, limit: float) -> float | None:
    """Wait (at most ``limit`` s) until the store's server is idle: the seconds it took.

    None when it was still busy at the limit (or its CPU time cannot be read).
    """
    if pid is None:
        return None
    began = time.perf_counter()
    while time.perf_counter() - began < limit:
        before = cpu_seconds(pid)
        await asyncio.sleep(IDLE_SAMPLE_SECONDS)
        after = cpu_seconds(pid)
        if before is None or after is None:
            return None
        if is_idle(before, after, IDLE_SAMPLE_SECONDS):
            return time.perf_counter() - began
    return None
