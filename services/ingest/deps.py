"""FastAPI dependencies of the ingest service, as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.ingest.acceptance import StatementAcceptor
from services.ingest.attachments.store import AttachmentContents
from services.ingest.consistency import ConsistencyGate
from services.ingest.publisher import Publisher
from services.ingest.settings import IngestSettings
from services.ingest.statement_store import StatementReads


def get_settings(request: Request) -> IngestSettings:
    settings: IngestSettings = request.app.state.settings
    return settings


def get_publisher(request: Request) -> Publisher:
    publisher: Publisher = request.app.state.publisher
    return publisher


def get_store(request: Request) -> StatementReads:
    store: StatementReads = request.app.state.store
    return store


def get_gate(request: Request) -> ConsistencyGate:
    gate: ConsistencyGate = request.app.state.gate
    return gate


def get_acceptor(request: Request) -> StatementAcceptor:
    acceptor: StatementAcceptor = request.app.state.acceptor
    return acceptor


def get_attachments(request: Request) -> AttachmentContents:
    attachments: AttachmentContents = request.app.state.attachments
    return attachments


SettingsDep = Annotated[IngestSettings, Depends(get_settings)]
PublisherDep = Annotated[Publisher, Depends(get_publisher)]
StoreDep = Annotated[StatementReads, Depends(get_store)]
GateDep = Annotated[ConsistencyGate, Depends(get_gate)]
AcceptorDep = Annotated[StatementAcceptor, Depends(get_acceptor)]
AttachmentsDep = Annotated[AttachmentContents, Depends(get_attachments)]
