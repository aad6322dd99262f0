"""Sending: batches in order, a 503 tried again, any other refusal stops the load."""

from __future__ import annotations

import httpx
import orjson
import pytest

from services.demo.sender import SendFailed, XapiEndpoint, send_statements


def endpoint(answers: list[int], seen: list[list[str]]) -> XapiEndpoint:
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.headers["X-Experience-API-Version"] == "1.0.3"
        assert request.headers["Authorization"].startswith("Basic ")
        batch = orjson.loads(request.content)
        status = answers.pop(0) if answers else 200
        if status == 200:
            seen.append([s["id"] for s in batch])
        return httpx.Response(status, json=[s["id"] for s in batch])

    return XapiEndpoint("http://lrs.test", "dev", "dev-secret", httpx.MockTransport(answer))


async def test_batches_go_out_and_a_503_is_tried_again() -> None:
    seen: list[list[str]] = []
    statements = [{"id": str(n)} for n in range(7)]
    sent = await send_statements(endpoint([503], seen), statements, batch=3, concurrency=1)
    assert seen == [["0", "1", "2"], ["3", "4", "5"], ["6"]]
    assert (sent.statements, sent.requests, sent.retries) == (7, 4, 1)


async def test_a_refused_batch_stops_the_load() -> None:
    with pytest.raises(SendFailed, match="HTTP 400"):
        await send_statements(endpoint([400], []), [{"id": "1"}], batch=1, concurrency=1)
