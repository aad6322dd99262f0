"""Composition root of the query API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pymongo import AsyncMongoClient

from services.common.auth import AuthenticationFailed, Forbidden
from services.common.http_metrics import HttpMetrics
from services.common.mongo import Document, open_client, ping
from services.common.ops import ops_router
from services.common.request_context import RequestId
from services.common.responses import ProblemResponse
from services.query.pagination import BadCursor
from services.query.reports import ReportReader
from services.query.routes import catalog, reports, timelines, unit_reports
from services.query.routes.errors import BadRequest, NotFound
from services.query.settings import QuerySettings
from services.query.timelines import TimelineReader
from services.query.unit_reports import UnitReports

API_PREFIX = "/api/v1"


def create_app(
    settings: QuerySettings, *, mongo: AsyncMongoClient[Document] | None = None
) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            client = mongo or open_client(settings)
            stack.push_async_callback(client.close)
            app.state.db = client[settings.mongodb_database]
            app.state.timelines = TimelineReader(app.state.db)
            app.state.reports = ReportReader(app.state.db)
            app.state.unit_reports = UnitReports(
                app.state.db,
                app.state.reports.catalog,
                app.state.reports.directory,
                app.state.reports.unit_years,
            )
            yield

    app = FastAPI(title="Competency query API", lifespan=lifespan)
    app.state.settings = settings
    app.include_router(timelines.router, prefix=API_PREFIX)
    app.include_router(reports.router, prefix=API_PREFIX)
    app.include_router(unit_reports.router, prefix=API_PREFIX)
    app.include_router(catalog.router, prefix=API_PREFIX)
    app.add_middleware(HttpMetrics, service="query")
    app.add_middleware(RequestId)
    app.include_router(ops_router({"mongodb": lambda: ping(app.state.db)}))

    @app.exception_handler(AuthenticationFailed)
    async def unauthorized(_: Request, error: AuthenticationFailed) -> ProblemResponse:
        problem = ProblemResponse(401, "Unauthorized", str(error))
        problem.headers["WWW-Authenticate"] = 'Basic realm="query"'
        return problem

    @app.exception_handler(Forbidden)
    async def forbidden(_: Request, error: Forbidden) -> ProblemResponse:
        return ProblemResponse(403, "Forbidden", str(error))

    @app.exception_handler(NotFound)
    async def not_found(_: Request, error: NotFound) -> ProblemResponse:
        return ProblemResponse(404, "Not found", str(error))

    @app.exception_handler(BadRequest)
    @app.exception_handler(BadCursor)
    async def bad_request(_: Request, error: Exception) -> ProblemResponse:
        return ProblemResponse(400, "Bad request", str(error))

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(_: Request, error: RequestValidationError) -> ProblemResponse:
        detail = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        return ProblemResponse(400, "Bad request", detail)

    return app
