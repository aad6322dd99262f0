"""The xAPI Statement Resource: ``/xapi/statements``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response

from services.common.auth import ClientId
from services.common.responses import JSONBytesResponse
from services.ingest.acceptance import accept_statements, stored_version
from services.ingest.body import read_json_body
from services.ingest.deps import GateDep, PublisherDep, SettingsDep, StoreDep
from services.ingest.errors import BadRequest, NotFound
from services.ingest.stamping import format_timestamp
from services.ingest.validation import check_uuid, parse_statements

router = APIRouter()

VersionHeader = Annotated[str | None, Header(alias="X-Experience-API-Version")]


@router.post("/statements")
async def post_statements(
    request: Request,
    client_id: ClientId,
    settings: SettingsDep,
    publisher: PublisherDep,
    version_header: VersionHeader = None,
) -> JSONBytesResponse:
    version = stored_version(version_header)
    statements = parse_statements(await read_json_body(request, settings.max_body_bytes))
    ids = await accept_statements(
        statements,
        publisher=publisher,
        client_id=client_id,
        home_page=settings.lrs_home_page,
        version=version,
    )
    return JSONBytesResponse(ids)


@router.put("/statements", status_code=204)
async def put_statement(
    request: Request,
    client_id: ClientId,
    settings: SettingsDep,
    publisher: PublisherDep,
    statement_id: Annotated[str | None, Query(alias="statementId")] = None,
    version_header: VersionHeader = None,
) -> Response:
    version = stored_version(version_header)
    if statement_id is None:
        raise BadRequest("statementId: is required with PUT")
    check_uuid(statement_id, "statementId")
    statements = parse_statements(await read_json_body(request, settings.max_body_bytes))
    if len(statements) != 1:
        raise BadRequest("PUT takes exactly one statement")
    statement = statements[0]
    if "id" in statement and str(statement["id"]).lower() != statement_id.lower():
        raise BadRequest("statement.id: differs from the statementId parameter")
    statement["id"] = statement_id
    await accept_statements(
        [statement],
        publisher=publisher,
        client_id=client_id,
        home_page=settings.lrs_home_page,
        version=version,
    )
    return Response(status_code=204)


@router.get("/statements")
async def get_statement(
    request: Request,
    _client_id: ClientId,
    publisher: PublisherDep,
    store: StoreDep,
    gate: GateDep,
    statement_id: Annotated[str | None, Query(alias="statementId")] = None,
    version_header: VersionHeader = None,
) -> Response:
    stored_version(version_header)
    unsupported = set(request.query_params) - {"statementId"}
    if statement_id is None or unsupported:
        raise BadRequest(
            "only GET by statementId is served yet; statement queries are not implemented"
        )
    check_uuid(statement_id, "statementId")
    consistent_through = await gate.wait_for(publisher.acked_offsets)
    raw = await store.get_raw(statement_id)
    if raw is None:
        raise NotFound(f"no statement with id {statement_id}")
    return Response(
        raw,
        media_type="application/json",
        headers={"X-Experience-API-Consistent-Through": format_timestamp(consistent_through)},
    )
