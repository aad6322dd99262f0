"""ASGI middleware of the xAPI API."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.ingest.stamping import format_timestamp

XAPI_VERSION = "1.0.3"
XAPI_2_VERSION = "2.0.0"
CONSISTENT_THROUGH = "X-Experience-API-Consistent-Through"


class XapiVersionHeader:
    """Adds ``X-Experience-API-Version`` to every response under the xAPI path.

    It names the latest patch of the version the request asked for: 2.0.0 for 2.0.x,
    1.0.3 for 1.0.x, and the configured default when the request names none.
    """

    def __init__(self, app: ASGIApp, path_prefix: str, default_version: str) -> None:
        self.app = app
        self.path_prefix = path_prefix
        self.default_version = default_version

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.path_prefix):
            await self.app(scope, receive, send)
            return

        requested = dict(scope["headers"]).get(b"x-experience-api-version", b"")
        if requested.startswith(b"2.0"):
            answer = XAPI_2_VERSION
        elif requested.startswith(b"1.0"):
            answer = XAPI_VERSION
        else:
            answer = self.default_version

        async def send_with_version(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["X-Experience-API-Version"] = answer
            await send(message)

        await self.app(scope, receive, send_with_version)


class ConsistentThroughHeader:
    """Puts ``X-Experience-API-Consistent-Through`` on every Statement Resource response.

    The spec asks for it on all of them, errors included. GETs set it themselves after
    waiting for the aggregator; the others get where the aggregator is now.
    """

    def __init__(self, app: ASGIApp, path: str) -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        state = scope["app"].state

        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if CONSISTENT_THROUGH not in headers:
                    now = await state.recent_consistency.through(state.publisher.acked_offsets)
                    headers[CONSISTENT_THROUGH] = format_timestamp(now)
            await send(message)

        await self.app(scope, receive, send_with_header)
