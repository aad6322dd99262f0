"""Composition root of the aggregator: the consumer worker plus its ops endpoints."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI

from services.aggregator.competency_projection import CompetencyProjection
from services.aggregator.rederive import Rederiver
from services.aggregator.reference_data import ReferenceData
from services.aggregator.settings import AggregatorSettings
from services.aggregator.worker import AggregatorWorker
from services.common.http_metrics import HttpMetrics
from services.common.mongo import ensure_indexes, open_client, ping
from services.common.ops import ops_router
from services.common.request_context import RequestId
from services.competency.catalog_in_force import CatalogFiles
from services.competency_store.store import MongoCompetencyStore

STOP_TIMEOUT_SECONDS = 15.0


def create_app(settings: AggregatorSettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            client = open_client(settings)
            stack.push_async_callback(client.close)
            db = client[settings.mongodb_database]
            await ensure_indexes(db)
            app.state.db = db
            projection = None
            tasks = []
            if settings.competency_projection:
                store = MongoCompetencyStore(db)
                reference = ReferenceData(store, CatalogFiles.read(settings.catalog_dir))
                projection = CompetencyProjection(store, reference)
                await projection.start()
            worker = AggregatorWorker(settings, db, projection)
            app.state.worker = worker
            tasks.append(asyncio.create_task(worker.run(), name="aggregator-worker"))
            if projection is not None:
                rederiver = Rederiver(
                    db,
                    projection,
                    chunk=settings.rederive_chunk,
                    poll_seconds=settings.rederive_poll_seconds,
                )
                tasks.append(asyncio.create_task(rederiver.run(worker.stop), name="rederive"))
            yield
            # Let the batch (or re-derive chunk) in flight finish; a cut-off one is redone.
            worker.stop.set()
            for task in tasks:
                try:
                    await asyncio.wait_for(task, STOP_TIMEOUT_SECONDS)
                except TimeoutError:
                    task.cancel()

    app = FastAPI(title="xAPI aggregator", lifespan=lifespan)
    app.add_middleware(HttpMetrics, service="aggregator")
    app.add_middleware(RequestId)
    app.include_router(
        ops_router(
            {
                "kafka": lambda: app.state.worker.kafka_reachable(),
                "mongodb": lambda: ping(app.state.db),
            }
        )
    )
    return app
