"""Statements to the LRS over HTTP: ``POST /xapi/statements`` in batches, a few at a time.

A 503 (Kafka did not acknowledge in time) or a lost connection is tried again, a bounded
number of times with a growing pause; any other refusal stops the load, since the demo's
statements are all valid and a 400 means something is wrong with the stack.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx
import orjson

from services.demo.statements import Statement

XAPI_VERSION = "1.0.3"
RETRIES = 6
FIRST_PAUSE = 0.5
TIMEOUT = 60.0


@dataclass(frozen=True)
class XapiEndpoint:
    ingest_url: str
    key: str
    secret: str
    transport: httpx.AsyncBaseTransport | None = None  # tests answer with a fake

    def client(self, concurrency: int) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=self.ingest_url,
            auth=httpx.BasicAuth(self.key, self.secret),
            headers={"X-Experience-API-Version": XAPI_VERSION, "Content-Type": "application/json"},
            limits=httpx.Limits(max_connections=concurrency),
            timeout=TIMEOUT,
            trust_env=False,
            transport=self.transport,
        )


class SendFailed(RuntimeError):
    """A batch was refused, or still failed after the retries."""


@dataclass
class Sent:
    statements: int = 0
    requests: int = 0
    retries: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.statements / self.seconds if self.seconds else 0.0


async def send_statements(
    endpoint: XapiEndpoint,
    statements: Sequence[Statement],
    *,
    batch: int = 100,
    concurrency: int = 4,
    advance: Callable[[int], None] = lambda _: None,
) -> Sent:
    """Batches go out in order, ``concurrency`` of them in flight; ``advance`` is told how
    many statements each acknowledged batch held."""
    sent = Sent()
    batches = [statements[i : i + batch] for i in range(0, len(statements), batch)]
    queue = iter(batches)
    began = time.perf_counter()
    async with endpoint.client(concurrency) as client:

        async def worker() -> None:
            for body in queue:
                await _post(client, body, sent)
                advance(len(body))

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    sent.seconds = time.perf_counter() - began
    return sent


async def _post(client: httpx.AsyncClient, body: Sequence[Statement], sent: Sent) -> None:
    content = orjson.dumps(list(body))
    pause = FIRST_PAUSE
    for attempt in range(RETRIES + 1):
        try:
            response = await client.post("/xapi/statements", content=content)
        except httpx.TransportError as error:
            problem = f"{type(error).__name__}: {error}"
        else:
            sent.requests += 1
            if response.status_code == 200:
                sent.statements += len(body)
                return
            problem = f"HTTP {response.status_code}: {response.text[:500]}"
            if response.status_code != 503:
                raise SendFailed(f"batch starting with {body[0]['id']} refused: {problem}")
        if attempt < RETRIES:
            sent.retries += 1
            await asyncio.sleep(pause)
            pause *= 2
    raise SendFailed(f"batch starting with {body[0]['id']} failed {RETRIES + 1} times: {problem}")
