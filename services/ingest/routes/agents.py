"""The Agents Resource: ``/agents``, the Person behind an Agent."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from services.common.auth import ClientId
from services.common.learners import IFI_PROPERTIES
from services.common.responses import JSONBytesResponse
from services.ingest.acceptance import stored_version
from services.ingest.documents.params import parse_agent
from services.ingest.errors import BadRequest
from services.ingest.routes.documents import VersionHeader

router = APIRouter()


@router.get("/agents")
@router.head("/agents")
async def get_person(
    request: Request,
    _client_id: ClientId,
    agent: Annotated[str | None, Query()] = None,
    version_header: VersionHeader = None,
) -> JSONBytesResponse:
    stored_version(version_header)
    unknown = set(request.query_params) - {"agent"}
    if unknown:
        raise BadRequest(f"{sorted(unknown)[0]}: is not a parameter of this request")
    return JSONBytesResponse(person_of(parse_agent(agent, groups=False)))


def person_of(agent: dict[str, Any]) -> dict[str, Any]:
    """The Person Object of an Agent the LRS knows nothing more about (Communication 2.4).

    Only what the Agent carries, each as a one-element array: the LRS links no personas.
    """
    person: dict[str, Any] = {"objectType": "Person"}
    for name in ("name", *IFI_PROPERTIES):
        if name in agent:
            person[name] = [agent[name]]
    return person
