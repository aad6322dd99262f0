from __future__ import annotations

import logging

import httpx
import pytest

from services.common.request_context import REQUEST_ID, RequestIdFilter
from tests.fixtures.ingest_app import AUTH, HEADERS


async def test_request_id_is_echoed_or_made_up(client: httpx.AsyncClient) -> None:
    given = await client.get("/health", headers={"X-Request-ID": "lms-42"})
    assert given.headers["X-Request-ID"] == "lms-42"
    made_up = await client.get("/health")
    assert len(made_up.headers["X-Request-ID"]) == 32
    assert made_up.headers["X-Request-ID"] != given.headers["X-Request-ID"]


async def test_refusals_are_logged_with_the_request_id(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.INFO, logger="services.ingest.app"):
        await client.post(
            "/xapi/statements",
            content=b"{",
            headers={**HEADERS, "X-Request-ID": "req-7", "Content-Type": "application/json"},
            auth=AUTH,
        )
    refused = [r for r in caplog.records if r.getMessage() == "request refused"]
    assert [(r.request_id, r.status) for r in refused] == [("req-7", 400)]  # type: ignore[attr-defined]
    assert REQUEST_ID.get() is None
