"""The query parameters of the document resources, checked and turned into a Scope."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from pydantic import TypeAdapter, ValidationError

from schemas.xapi.agent import Agent
from schemas.xapi.group import Group
from schemas.xapi.types import IRI, UUID
from services.common.learners import learner_key
from services.ingest.documents.model import DocumentKey, DocumentKind, Scope
from services.ingest.errors import BadRequest

_IRI = TypeAdapter(IRI)
_UUID = TypeAdapter(UUID)


@dataclass(frozen=True)
class ResourceSpec:
    """Which parameters address a document of one resource."""

    kind: DocumentKind
    id_param: str
    by_activity: bool
    by_agent: bool
    by_registration: bool = False


STATE = ResourceSpec("state", "stateId", by_activity=True, by_agent=True, by_registration=True)
ACTIVITY_PROFILE = ResourceSpec("activity_profile", "profileId", by_activity=True, by_agent=False)
AGENT_PROFILE = ResourceSpec("agent_profile", "profileId", by_activity=False, by_agent=True)


@dataclass(frozen=True)
class DocumentRequest:
    scope: Scope
    document_id: str | None
    since: datetime | None

    @property
    def key(self) -> DocumentKey | None:
        return None if self.document_id is None else DocumentKey(self.scope, self.document_id)


def parse_request(
    spec: ResourceSpec, items: Sequence[tuple[str, str]], method: str
) -> DocumentRequest:
    """Parameters of a GET, HEAD or DELETE, which may name one document or a whole scope.

    A GET without an id lists ids and a State DELETE without one empties the scope; a profile
    DELETE must name its document.
    """
    params = _single_valued(items, _allowed(spec, method))
    document_id = params.get(spec.id_param)
    if document_id is None and method == "DELETE" and spec.kind != "state":
        raise BadRequest(f"{spec.id_param}: is required")
    since = _timestamp(params["since"], "since") if "since" in params else None
    return DocumentRequest(_scope(spec, params), document_id, since)


def parse_key(spec: ResourceSpec, items: Sequence[tuple[str, str]], method: str) -> DocumentKey:
    """Parameters of a PUT or POST, which always names one document."""
    params = _single_valued(items, _allowed(spec, method))
    if spec.id_param not in params:
        raise BadRequest(f"{spec.id_param}: is required")
    return DocumentKey(_scope(spec, params), params[spec.id_param])


def _scope(spec: ResourceSpec, params: dict[str, str]) -> Scope:
    return Scope(
        spec.kind,
        activity_id=_activity_id(params) if spec.by_activity else None,
        agent_key=learner_key(parse_agent(params.get("agent"))) if spec.by_agent else None,
        registration=_registration(params.get("registration")),
    )


def parse_agent(raw: str | None, *, groups: bool = True) -> dict[str, Any]:
    """The ``agent`` parameter: an Agent, or an identified Group where ``groups`` allows.

    Documents belong to an identifier, never to a list of members, so an anonymous Group is
    refused like any other malformed Agent.
    """
    if raw is None:
        raise BadRequest("agent: is required")
    try:
        agent = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise BadRequest("agent: must be an Agent as JSON") from error
    if not isinstance(agent, dict):
        raise BadRequest("agent: must be an Agent as JSON")
    model: type[Agent | Group] = Group if groups and agent.get("objectType") == "Group" else Agent
    try:
        parsed = model.model_validate(agent)
    except ValidationError as error:
        raise BadRequest(f"agent: {_first_problem(error)}") from error
    if isinstance(parsed, Group) and parsed.ifi_count() == 0:
        raise BadRequest("agent: an anonymous Group cannot own documents; use an identified one")
    return agent


def _allowed(spec: ResourceSpec, method: str) -> set[str]:
    allowed = {spec.id_param}
    if spec.by_activity:
        allowed.add("activityId")
    if spec.by_agent:
        allowed.add("agent")
    if spec.by_registration:
        allowed.add("registration")
    if method in ("GET", "HEAD"):
        allowed.add("since")
    return allowed


def _single_valued(items: Sequence[tuple[str, str]], allowed: set[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for name, value in items:
        if name not in allowed:
            raise BadRequest(f"{name}: is not a parameter of this request")
        if name in params:
            raise BadRequest(f"{name}: is given more than once")
        params[name] = value
    return params


def _activity_id(params: dict[str, str]) -> str:
    if "activityId" not in params:
        raise BadRequest("activityId: is required")
    try:
        return _IRI.validate_python(params["activityId"])
    except ValidationError as error:
        raise BadRequest("activityId: must be an absolute IRI") from error


def _registration(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return _UUID.validate_python(value).lower()
    except ValidationError as error:
        raise BadRequest("registration: must be a UUID") from error


def _timestamp(value: str, name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise BadRequest(f"{name}: must be an ISO 8601 timestamp") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _first_problem(error: ValidationError) -> str:
    problem = error.errors()[0]
    where = ".".join(str(part) for part in problem["loc"] if not str(part).startswith("<"))
    return f"{where}: {problem['msg']}" if where else str(problem["msg"])
