"""``/health``, ``/ready`` and ``/metrics``: the same three routes on every service."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping
from typing import TypeAlias

from fastapi import APIRouter, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)

from services.common.responses import JSONBytesResponse

ReadinessCheck: TypeAlias = Callable[[], Awaitable[bool]]


def ops_router(checks: Mapping[str, ReadinessCheck]) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/health")
    async def health() -> JSONBytesResponse:
        return JSONBytesResponse({"status": "ok"})

    @router.get("/ready")
    async def ready() -> JSONBytesResponse:
        results = {name: await check() for name, check in checks.items()}
        ok = all(results.values())
        return JSONBytesResponse(
            {"status": "ready" if ok else "unavailable", "checks": results},
            status_code=200 if ok else 503,
        )

    @router.get("/metrics")
    async def metrics() -> Response:
        return Response(generate_latest(_registry()), media_type=CONTENT_TYPE_LATEST)

    return router


def _registry() -> CollectorRegistry:
    """This process's metrics, or all workers' summed when the service runs several."""
    if MULTIPROCESS_DIR not in os.environ:
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return registry


MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
