"""The HTTP side of the benchmark's phases: where an LRS answers and a client for it."""

from __future__ import annotations

from typing import Protocol

import httpx

XAPI_VERSION = "1.0.3"
# Below uvicorn's keep-alive timeout (5 s): a connection idle that long may be closed by the
# server just as a request goes out on it, and the request fails with a ReadError.
KEEPALIVE_SECONDS = 4.0


class XapiTarget(Protocol):
    """What a phase needs to know of the LRS under test (``bench.load.Target`` is one)."""

    @property
    def ingest_url(self) -> str: ...

    @property
    def api_key(self) -> str: ...

    @property
    def api_secret(self) -> str: ...


def xapi_client(target: XapiTarget, concurrency: int, timeout: float) -> httpx.AsyncClient:
    """A client of the target's xAPI: Basic credentials, version header, bounded connections."""
    return httpx.AsyncClient(
        base_url=target.ingest_url,
        auth=httpx.BasicAuth(target.api_key, target.api_secret),
        headers={"X-Experience-API-Version": XAPI_VERSION, "Content-Type": "application/json"},
        limits=httpx.Limits(
            max_connections=concurrency,
            max_keepalive_connections=concurrency,
            keepalive_expiry=KEEPALIVE_SECONDS,
        ),
        timeout=httpx.Timeout(timeout),
        trust_env=False,
    )
