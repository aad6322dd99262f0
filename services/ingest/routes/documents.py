"""The Document Resources: ``/activities/state``, ``/activities/profile``, ``/agents/profile``.

The three differ only in the parameters that address a document (``ResourceSpec``), so one
set of handlers serves each of them.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Header, Request, Response

from services.common.auth import ClientId
from services.ingest.acceptance import stored_version
from services.ingest.body import read_body
from services.ingest.deps import SettingsDep
from services.ingest.documents.model import (
    DEFAULT_MEDIA_TYPE,
    JSON_MEDIA_TYPE,
    Content,
)
from services.ingest.documents.params import (
    ACTIVITY_PROFILE,
    AGENT_PROFILE,
    STATE,
    ResourceSpec,
    parse_key,
    parse_request,
)
from services.ingest.documents.preconditions import Preconditions, etag_of, quoted
from services.ingest.documents.store import DocumentStore, MongoDocumentStore
from services.ingest.documents.writes import (
    blind_put,
    delete_document,
    post_document,
    put_document,
)
from services.ingest.errors import NotFound

router = APIRouter()

VersionHeader = Annotated[str | None, Header(alias="X-Experience-API-Version")]
IfMatch = Annotated[str | None, Header(alias="If-Match")]
IfNoneMatch = Annotated[str | None, Header(alias="If-None-Match")]


def get_document_store(request: Request) -> DocumentStore:
    return MongoDocumentStore(request.app.state.db)


DocumentStoreDep = Annotated[DocumentStore, Depends(get_document_store)]


def _add_resource(path: str, spec: ResourceSpec) -> None:
    @router.get(path)
    @router.head(path)
    async def read_documents(
        request: Request,
        _client_id: ClientId,
        store: DocumentStoreDep,
        version_header: VersionHeader = None,
    ) -> Response:
        stored_version(version_header)
        target = parse_request(spec, request.query_params.multi_items(), request.method)
        if target.key is None:
            listed = await store.list_ids(target.scope, target.since)
            ids = orjson.dumps([document_id for document_id, _ in listed])
            newest = max((updated for _, updated in listed), default=None)
            return _answer(Content(ids, JSON_MEDIA_TYPE), etag_of(ids), newest)
        found = await store.get(target.key)
        if found is None:
            raise NotFound(f"no document with {spec.id_param} {target.key.document_id!r} here")
        return _answer(found.content, found.etag, found.updated)

    @router.put(path, status_code=204)
    async def put_one(
        request: Request,
        _client_id: ClientId,
        settings: SettingsDep,
        store: DocumentStoreDep,
        version_header: VersionHeader = None,
        if_match: IfMatch = None,
        if_none_match: IfNoneMatch = None,
    ) -> Response:
        version = stored_version(version_header)
        key = parse_key(spec, request.query_params.multi_items(), request.method)
        content = await _content(request, settings.max_body_bytes)
        preconditions = Preconditions.from_headers(if_match, if_none_match)
        await put_document(store, key, content, preconditions, blind_put(spec.kind, version))
        return Response(status_code=204)

    @router.post(path, status_code=204)
    async def post_one(
        request: Request,
        _client_id: ClientId,
        settings: SettingsDep,
        store: DocumentStoreDep,
        version_header: VersionHeader = None,
        if_match: IfMatch = None,
        if_none_match: IfNoneMatch = None,
    ) -> Response:
        stored_version(version_header)
        key = parse_key(spec, request.query_params.multi_items(), request.method)
        content = await _content(request, settings.max_body_bytes)
        await post_document(
            store, key, content, Preconditions.from_headers(if_match, if_none_match)
        )
        return Response(status_code=204)

    @router.delete(path, status_code=204)
    async def delete_documents(
        request: Request,
        _client_id: ClientId,
        store: DocumentStoreDep,
        version_header: VersionHeader = None,
        if_match: IfMatch = None,
        if_none_match: IfNoneMatch = None,
    ) -> Response:
        stored_version(version_header)
        target = parse_request(spec, request.query_params.multi_items(), "DELETE")
        if target.key is None:
            await store.delete_all(target.scope)
        else:
            preconditions = Preconditions.from_headers(if_match, if_none_match)
            await delete_document(store, target.key, preconditions)
        return Response(status_code=204)


async def _content(request: Request, max_bytes: int) -> Content:
    body = await read_body(request, max_bytes)
    return Content(body, request.headers.get("content-type") or DEFAULT_MEDIA_TYPE)


def _answer(content: Content, etag: str, updated: datetime | None) -> Response:
    # Content-Type goes in as a header so it comes back exactly as stored (Starlette would add
    # a charset to text types).
    headers = {"Content-Type": content.content_type, "ETag": quoted(etag)}
    if updated is not None:
        headers["Last-Modified"] = format_datetime(updated, usegmt=True)
    # HEAD gets the same answer: the HTTP server leaves the body out.
    return Response(content.body, headers=headers)


_add_resource("/activities/state", STATE)
_add_resource("/activities/profile", ACTIVITY_PROFILE)
_add_resource("/agents/profile", AGENT_PROFILE)
