"""HTTP request metrics for every service, labelled by route template (bounded), not by path."""

from __future__ import annotations

import time

from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS = Counter(
    "lrs_http_requests_total", "HTTP requests answered.", ["service", "method", "route", "status"]
)
LATENCY = Histogram(
    "lrs_http_request_duration_seconds",
    "Time from request to the start of the response.",
    ["service", "method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class HttpMetrics:
    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        method = scope["method"]

        async def send_and_count(message: Message) -> None:
            if message["type"] == "http.response.start":
                route = _route_of(scope)
                LATENCY.labels(self.service, method, route).observe(time.perf_counter() - started)
                REQUESTS.labels(self.service, method, route, str(message["status"])).inc()
            await send(message)

        await self.app(scope, receive, send_and_count)


def _route_of(scope: Scope) -> str:
    # Routing stores the matched route in the scope; its template keeps label values few.
    route = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    return str(template) if template else "unmatched"
