"""The competency catalog admin API: read the files in force and their history, replace one
file or the whole set.

Reads need ``reports/read`` or ``catalog/write``; edits ``catalog/write``. An edit names the
version it was made against in ``If-Match`` (``catalog_preconditions``); it is checked with
the other files (``catalog_loader``) and either stored, with a re-derive requested, or
rejected with every ``file:line: column: message`` error while the version in force stays.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Header, Query, Request
from pymongo.asynchronous.database import AsyncDatabase
from starlette.responses import Response

from services.common.auth import require_scope
from services.common.credentials.model import Client
from services.common.credentials.scopes import CATALOG
from services.common.mongo import Document
from services.common.responses import JSONBytesResponse
from services.competency.file_errors import Rejected
from services.competency_store.catalog_edits import Edited, edit_catalog
from services.competency_store.catalog_store import (
    CatalogChange,
    StoredCatalog,
    catalog_history,
    read_stored_catalog,
)
from services.query.catalog_models import CatalogChangeEntry, CatalogHistory, CatalogSummary
from services.query.catalog_preconditions import Precondition, check_if_match, etag
from services.query.routes.errors import NotFound

router = APIRouter(prefix="/catalog", tags=["catalog"])

CatalogClient = Annotated[Client, Depends(require_scope(CATALOG))]
IfMatch = Annotated[str | None, Header(description="The catalog version edited (ETag).")]
TEXT_TYPES = ("text/csv", "text/plain")


def get_db(request: Request) -> AsyncDatabase[Document]:
    db: AsyncDatabase[Document] = request.app.state.db
    return db


DbDep = Annotated[AsyncDatabase[Document], Depends(get_db)]


@router.get("", response_model=CatalogSummary)
async def catalog_summary(_: CatalogClient, db: DbDep) -> Response:
    """The version in force (also its ETag), its files with their row counts, and who changed
    it last."""
    stored = await _in_force(db)
    return _summary(stored)


@router.get("/history")
async def history(
    _: CatalogClient, db: DbDep, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> CatalogHistory:
    """Catalog versions, newest first: when, by which client, through api, cli or files."""
    docs = await catalog_history(db, limit)
    return CatalogHistory(changes=[CatalogChangeEntry.model_validate(doc) for doc in docs])


@router.get("/files/{name}")
async def catalog_file(name: str, _: CatalogClient, db: DbDep) -> Response:
    """One file of the catalog in force, as CSV."""
    stored = await _in_force(db)
    text = stored.catalog.sources.get(name)
    if text is None:
        raise NotFound(f"the catalog has no file {name}")
    headers = {"ETag": etag(stored.catalog.version.digest)}
    return Response(text, media_type="text/csv; charset=utf-8", headers=headers)


@router.put("/files/{name}", response_model=CatalogSummary)
async def replace_file(
    name: str, request: Request, client: CatalogClient, db: DbDep, if_match: IfMatch = None
) -> Response:
    """Replace one file (body: the CSV text); checked with the others as they are in force."""
    if not request.headers.get("content-type", "").startswith(TEXT_TYPES):
        return _problem(415, "Unsupported media type", "send the file as text/csv")
    try:
        text = (await request.body()).decode("utf-8")
    except UnicodeDecodeError:
        return _problem(400, "Bad request", f"{name} is not UTF-8 text")
    return await _edit(db, client, if_match, lambda stored: {**stored, name: text})


@router.put("", response_model=CatalogSummary)
async def replace_set(
    request: Request, client: CatalogClient, db: DbDep, if_match: IfMatch = None
) -> Response:
    """Replace the whole file set (body: a JSON object of file name to CSV text)."""
    try:
        body: Any = orjson.loads(await request.body())
    except orjson.JSONDecodeError as error:
        return _problem(400, "Bad request", f"the body is not JSON: {error}")
    if not isinstance(body, dict) or not all(isinstance(v, str) for v in body.values()):
        return _problem(400, "Bad request", "the body must map file names to CSV text")
    return await _edit(db, client, if_match, lambda _: body)


async def _edit(
    db: AsyncDatabase[Document],
    client: Client,
    if_match: str | None,
    edited: Callable[[dict[str, str]], Mapping[str, str]],
) -> Response:
    stored = await _in_force(db)
    current = stored.catalog.version.digest
    precondition = check_if_match(if_match, current)
    if precondition is Precondition.REQUIRED:
        detail = "send If-Match with the ETag of the catalog version the edit was made against"
        return _problem(428, "Precondition required", detail)
    if precondition is Precondition.FAILED:
        return _moved(current)
    sources = edited(dict(stored.catalog.sources))
    outcome = await edit_catalog(db, sources, CatalogChange.now("api", client.id), expected=current)
    if isinstance(outcome, Rejected):
        errors = [str(error) for error in outcome.errors]
        detail = f"the catalog is rejected ({len(errors)} error(s)); version {current} stays"
        return _problem(422, "Catalog rejected", detail, errors=errors)
    if not isinstance(outcome, Edited):
        return _moved(outcome.current)
    return _summary(await _in_force(db))


async def _in_force(db: AsyncDatabase[Document]) -> StoredCatalog:
    stored = await read_stored_catalog(db)
    if stored is None:
        raise NotFound("no catalog is stored yet: the aggregator stores one when it starts")
    return stored


def _summary(stored: StoredCatalog) -> Response:
    body = CatalogSummary.of(stored).model_dump(mode="json")
    return JSONBytesResponse(body, headers={"ETag": etag(stored.catalog.version.digest)})


def _moved(current: str | None) -> Response:
    detail = f"the catalog changed meanwhile; the version in force is {current}"
    response = _problem(412, "Precondition failed", detail)
    if current is not None:
        response.headers["ETag"] = etag(current)
    return response


def _problem(status: int, title: str, detail: str, **members: object) -> Response:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return JSONBytesResponse(
        {**body, **members}, status_code=status, media_type="application/problem+json"
    )
