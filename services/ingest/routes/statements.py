"""The xAPI Statement Resource: ``/xapi/statements``."""

from __future__ import annotations

from email.utils import format_datetime
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Header, Query, Request, Response

from services.common.auth import AuthenticatedClient, ClientId
from services.common.credentials.scopes import reads_only_own_statements
from services.common.responses import JSONBytesResponse
from services.ingest.acceptance import authority_of, stored_version
from services.ingest.attachments.multipart import write_multipart
from services.ingest.attachments.statement_request import read_statement_request
from services.ingest.attachments.store import AttachmentContents
from services.ingest.deps import (
    AcceptorDep,
    AttachmentsDep,
    GateDep,
    PublisherDep,
    SettingsDep,
    StoreDep,
)
from services.ingest.errors import BadRequest, NotFound
from services.ingest.formats import to_canonical, to_ids
from services.ingest.stamping import format_timestamp
from services.ingest.statement_query import Format, StatementQuery, single_statement_params
from services.ingest.statement_store import StoredStatement
from services.ingest.validation import check_uuid

router = APIRouter()

VersionHeader = Annotated[str | None, Header(alias="X-Experience-API-Version")]
CONSISTENT_THROUGH = "X-Experience-API-Consistent-Through"


@router.post("/statements")
async def post_statements(
    request: Request,
    client_id: ClientId,
    settings: SettingsDep,
    acceptor: AcceptorDep,
    version_header: VersionHeader = None,
) -> JSONBytesResponse:
    version = stored_version(version_header)
    sent = await read_statement_request(request, settings.max_body_bytes, version)
    ids = await acceptor.accept(
        sent.statements, client_id=client_id, version=version, attachments=sent.attachments
    )
    return JSONBytesResponse(ids)


@router.put("/statements", status_code=204)
async def put_statement(
    request: Request,
    client_id: ClientId,
    settings: SettingsDep,
    acceptor: AcceptorDep,
    statement_id: Annotated[str | None, Query(alias="statementId")] = None,
    version_header: VersionHeader = None,
) -> Response:
    version = stored_version(version_header)
    if statement_id is None:
        raise BadRequest("statementId: is required with PUT")
    check_uuid(statement_id, "statementId")
    sent = await read_statement_request(request, settings.max_body_bytes, version)
    if len(sent.statements) != 1:
        raise BadRequest("PUT takes exactly one statement")
    statement = sent.statements[0]
    if "id" in statement and str(statement["id"]).lower() != statement_id.lower():
        raise BadRequest("statement.id: differs from the statementId parameter")
    statement = {**statement, "id": statement_id}
    await acceptor.accept(
        [statement], client_id=client_id, version=version, attachments=sent.attachments
    )
    return Response(status_code=204)


@router.api_route("/statements", methods=["GET", "HEAD"])
async def get_statements(
    request: Request,
    client: AuthenticatedClient,
    settings: SettingsDep,
    publisher: PublisherDep,
    store: StoreDep,
    gate: GateDep,
    attachments: AttachmentsDep,
    version_header: VersionHeader = None,
) -> Response:
    stored_version(version_header)
    params = dict(request.query_params)
    language = request.headers.get("accept-language")
    # statements/read/mine: only what this client stored (the LRS sets every authority).
    mine = (
        authority_of(client.id, settings.lrs_home_page)
        if reads_only_own_statements(client.scopes)
        else None
    )
    if "statementId" in params or "voidedStatementId" in params:
        statement_format, with_attachments = single_statement_params(params)
        voided = "voidedStatementId" in params
        statement_id = params["voidedStatementId" if voided else "statementId"]
        check_uuid(statement_id, "voidedStatementId" if voided else "statementId")
        consistent = await gate.wait_for(await publisher.written_offsets())
        found = await store.get(statement_id, voided=voided)
        if found is None or (mine is not None and not _stored_by(found, mine)):
            raise NotFound(f"no {'voided ' if voided else ''}statement with id {statement_id}")
        body = _render(found.raw, statement_format, language)
        return await _respond(
            body, [found], with_attachments, attachments,
            consistent_through=format_timestamp(consistent), modified=found,
        )  # fmt: skip

    query = StatementQuery.parse(params, settings.page_size)
    consistent = await gate.wait_for(await publisher.written_offsets())
    page = await store.query(query)
    more = ""
    if len(page) > query.limit:
        page = page[: query.limit]
        more = query.more(request.url.path, page[-1].position)
    if mine is not None:
        # Filtered after paging: pages may be short (even empty) but ``more`` stays right.
        page = [s for s in page if _stored_by(s, mine)]
    statements = b",".join(_render(s.raw, query.format, language) for s in page)
    body = b'{"statements":[' + statements + b'],"more":' + orjson.dumps(more) + b"}"
    newest = max(page, key=lambda s: s.stored) if page else None
    return await _respond(
        body, page, query.attachments, attachments,
        consistent_through=format_timestamp(consistent), modified=newest,
    )  # fmt: skip


def _stored_by(stored: StoredStatement, authority: dict[str, Any]) -> bool:
    found: object = orjson.loads(stored.raw).get("authority")
    return found == authority


def _render(raw: str, statement_format: Format, language: str | None) -> bytes:
    if statement_format == "exact":
        return raw.encode()
    statement: dict[str, Any] = orjson.loads(raw)
    if statement_format == "ids":
        return orjson.dumps(to_ids(statement))
    return orjson.dumps(to_canonical(statement, language))


async def _respond(
    body: bytes,
    statements: list[StoredStatement],
    with_attachments: bool,
    attachments: AttachmentContents,
    *,
    consistent_through: str,
    modified: StoredStatement | None,
) -> Response:
    headers = {CONSISTENT_THROUGH: consistent_through}
    if modified is not None:
        headers["Last-Modified"] = format_datetime(modified.stored, usegmt=True)
    if not with_attachments:
        return Response(body, media_type="application/json", headers=headers)
    contents = await attachments.get(_attachment_hashes(statements))
    multipart, content_type = write_multipart(body, contents)
    return Response(multipart, headers={**headers, "Content-Type": content_type})


def _attachment_hashes(statements: list[StoredStatement]) -> set[str]:
    hashes: set[str] = set()
    for stored in statements:
        for attachment in orjson.loads(stored.raw).get("attachments") or []:
            hashes.add(str(attachment.get("sha2", "")).lower())
    return hashes
