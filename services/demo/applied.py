"""Waiting until the aggregator has applied (and projected) everything sent.

The ingest's GET waits, bounded, until every partition reached the offsets Kafka acknowledged
to it before the GET, then says so: ``X-Experience-API-Consistent-Through`` is the moment of
the answer when it caught up, else the ``stored`` time the slowest partition got to, which is
before the GET was sent. So a header no older than the request means all is applied.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx

from services.demo.sender import XapiEndpoint

CONSISTENT_THROUGH = "X-Experience-API-Consistent-Through"
# Clocks of client and server are the same machine's, but the header has whole milliseconds.
SLACK = timedelta(milliseconds=5)


class NotApplied(TimeoutError):
    """The aggregator did not catch up in time."""


async def wait_until_applied(
    endpoint: XapiEndpoint,
    statement_id: str,
    limit: float,
    tick: Callable[[datetime], None] = lambda _: None,
) -> float:
    """Seconds waited; ``tick`` is told how far the aggregator got after each try."""
    began = time.perf_counter()
    async with endpoint.client(1) as client:
        while True:
            asked = datetime.now(UTC)
            response = await client.get("/xapi/statements", params={"statementId": statement_id})
            through = _header_time(response)
            if response.status_code == 200 and through is not None and through >= asked - SLACK:
                return time.perf_counter() - began
            if through is not None:
                tick(through)
            if time.perf_counter() - began > limit:
                raise NotApplied(f"not applied after {limit:.0f} s (through {through})")


def _header_time(response: httpx.Response) -> datetime | None:
    value = response.headers.get(CONSISTENT_THROUGH)
    try:
        return None if value is None else datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
