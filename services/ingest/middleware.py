"""ASGI middleware of the xAPI API."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

XAPI_VERSION = "1.0.3"


class XapiVersionHeader:
    """Adds ``X-Experience-API-Version`` to every response under the xAPI path."""

    def __init__(self, app: ASGIApp, path_prefix: str) -> None:
        self.app = app
        self.path_prefix = path_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.path_prefix):
            await self.app(scope, receive, send)
            return

        async def send_with_version(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["X-Experience-API-Version"] = XAPI_VERSION
            await send(message)

        await self.app(scope, receive, send_with_version)
