"""An ingest app over fakes, with an in-memory credential store, for the credential tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from pymongo import AsyncMongoClient

from services.common.credentials.store import MemoryCredentialStore
from services.common.mongo import Document
from services.ingest.app import create_app
from services.ingest.routes.documents import get_document_store
from services.ingest.settings import IngestSettings
from tests.unit.fakes import CaughtUp, FakePublisher, FakeStore
from tests.unit.test_documents_memory_store import MemoryDocumentStore

V1 = {"X-Experience-API-Version": "1.0.3"}


def ingest_app(
    settings: IngestSettings, credentials: MemoryCredentialStore, store: FakeStore | None = None
) -> FastAPI:
    # Never connected: with the fakes below no request reaches MongoDB.
    mongo: AsyncMongoClient[Document] = AsyncMongoClient(
        "mongodb://127.0.0.1:1/", connect=False, serverSelectionTimeoutMS=100
    )
    app = create_app(
        settings,
        publisher=FakePublisher(),
        mongo=mongo,
        store=store or FakeStore(),
        applied=CaughtUp(),
    )
    app.state.credentials = credentials
    documents = MemoryDocumentStore()
    app.dependency_overrides[get_document_store] = lambda: documents
    return app


@asynccontextmanager
async def http_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://lrs", headers=V1
        ) as http:
            yield http
