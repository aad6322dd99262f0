"""Composition root of the ingest service: ``create_app`` wires the real clients."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pymongo import AsyncMongoClient

from services.common.auth import AuthenticationFailed, Forbidden
from services.common.cors import add_cors
from services.common.http_metrics import HttpMetrics
from services.common.mongo import Document, open_client, ping
from services.common.ops import ops_router
from services.common.request_context import RequestId
from services.common.responses import JSONBytesResponse
from services.ingest.acceptance import StatementAcceptor
from services.ingest.alternate_syntax import AlternateRequestSyntax
from services.ingest.attachments.store import AttachmentContents, AttachmentStore
from services.ingest.consistency import (
    AppliedOffsets,
    AppliedPositions,
    ConsistencyGate,
    RecentConsistency,
)
from services.ingest.errors import XapiError
from services.ingest.known_ids import AskTheStore, KnownIds, TopicIds
from services.ingest.metrics import REQUESTS_REJECTED
from services.ingest.middleware import ConsistentThroughHeader, XapiVersionHeader
from services.ingest.publisher import Publisher, StatementPublisher
from services.ingest.recent import RecentStatements
from services.ingest.routes import about, activities, agents, documents, statements
from services.ingest.settings import IngestSettings
from services.ingest.statement_store import StatementReads, StatementStore

log = logging.getLogger(__name__)

XAPI_PREFIX = "/xapi"


def create_app(
    settings: IngestSettings,
    *,
    publisher: Publisher | None = None,
    mongo: AsyncMongoClient[Document] | None = None,
    store: StatementReads | None = None,
    applied: AppliedPositions | None = None,
    attachments: AttachmentContents | None = None,
    known_ids: KnownIds | None = None,
) -> FastAPI:
    """Build the app; tests pass fakes for the publisher and the store readers."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            client = mongo or open_client(settings)
            stack.push_async_callback(client.close)
            db = client[settings.mongodb_database]
            app.state.publisher = publisher or StatementPublisher(settings)
            stack.push_async_callback(app.state.publisher.close)
            app.state.store = store or StatementStore(db, settings.query_timeout_seconds)
            app.state.gate = ConsistencyGate(
                applied or AppliedOffsets(db, settings.statements_topic),
                settings.consistency_wait_seconds,
            )
            app.state.recent_consistency = RecentConsistency(app.state.gate)
            app.state.db = db
            app.state.attachments = attachments or AttachmentStore(db)
            app.state.known_ids = known_ids or _known_ids(settings, real_kafka=publisher is None)
            stack.push_async_callback(app.state.known_ids.close)
            app.state.acceptor = StatementAcceptor(
                app.state.publisher,
                app.state.store,
                app.state.gate,
                app.state.attachments,
                settings.lrs_home_page,
                RecentStatements(settings.recent_statements),
                app.state.known_ids,
            )
            yield

    app = FastAPI(title="xAPI ingest", lifespan=lifespan)
    app.state.settings = settings
    app.include_router(statements.router, prefix=XAPI_PREFIX)
    app.include_router(documents.router, prefix=XAPI_PREFIX)
    app.include_router(agents.router, prefix=XAPI_PREFIX)
    app.include_router(activities.router, prefix=XAPI_PREFIX)
    app.include_router(about.router, prefix=XAPI_PREFIX)
    app.include_router(
        ops_router(
            {
                "kafka": lambda: app.state.publisher.is_connected(),
                "mongodb": lambda: ping(app.state.db),
            }
        )
    )
    app.add_middleware(ConsistentThroughHeader, path=f"{XAPI_PREFIX}/statements")
    app.add_middleware(
        AlternateRequestSyntax, path_prefix=XAPI_PREFIX, max_body_bytes=settings.max_body_bytes
    )
    app.add_middleware(
        XapiVersionHeader, path_prefix=XAPI_PREFIX, default_version=settings.default_xapi_version
    )
    app.add_middleware(HttpMetrics, service="ingest")
    app.add_middleware(RequestId)
    add_cors(app, settings.cors_origin_list)
    _install_error_handlers(app)
    return app


def _known_ids(settings: IngestSettings, *, real_kafka: bool) -> KnownIds:
    # A fake publisher writes no topic to follow: every id is then checked in the store.
    if not real_kafka:
        return AskTheStore()
    ids = TopicIds(settings)
    ids.start()
    return ids


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(XapiError)
    async def xapi_error(request: Request, error: XapiError) -> JSONBytesResponse:
        REQUESTS_REJECTED.labels(status=str(error.status)).inc()
        log.log(
            logging.WARNING if error.status >= 500 else logging.INFO,
            "request refused",
            extra={"path": request.url.path, "status": error.status, "reason": error.message},
        )
        return JSONBytesResponse({"error": error.message}, status_code=error.status)

    @app.exception_handler(AuthenticationFailed)
    async def unauthorized(_: Request, error: AuthenticationFailed) -> JSONBytesResponse:
        return JSONBytesResponse(
            {"error": str(error)},
            status_code=401,
            headers={"WWW-Authenticate": 'Basic realm="xAPI"'},
        )

    @app.exception_handler(Forbidden)
    async def forbidden(_: Request, error: Forbidden) -> JSONBytesResponse:
        return JSONBytesResponse({"error": str(error)}, status_code=403)

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(_: Request, error: RequestValidationError) -> JSONBytesResponse:
        details = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}"
            for e in error.errors()
        )
        return JSONBytesResponse({"error": details}, status_code=400)
