"""``GET /statements`` parameters turned into a MongoDB query with stable paging.

Pages are cut by a keyset cursor (the last statement's ``stored`` time and id), not by
an offset: a ``more`` link keeps pointing at the same next page however deep it is and
whatever arrives meanwhile.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlencode

import orjson

from services.common.learners import NoLearnerIdentifier, learner_key
from services.ingest.errors import BadRequest

Format = Literal["exact", "ids", "canonical"]
FORMATS: dict[str, Format] = {"exact": "exact", "ids": "ids", "canonical": "canonical"}
FILTERS = (
    "agent",
    "verb",
    "activity",
    "registration",
    "related_activities",
    "related_agents",
    "since",
    "until",
    "limit",
    "format",
    "attachments",
    "ascending",
)
CURSOR = "from"
SINGLE_ALLOWED = {"statementId", "voidedStatementId", "attachments", "format"}


@dataclass(frozen=True)
class StatementQuery:
    params: Mapping[str, str]
    filter: dict[str, Any]
    limit: int
    ascending: bool
    format: Format
    attachments: bool
    after: tuple[datetime, str] | None = None

    @classmethod
    def parse(cls, params: Mapping[str, str], page_size: int) -> StatementQuery:
        unknown = set(params) - set(FILTERS) - {CURSOR}
        if unknown:
            raise BadRequest(f"{sorted(unknown)[0]}: is not a statement query parameter")
        related_agents = _boolean(params, "related_agents")
        related_activities = _boolean(params, "related_activities")
        selector: dict[str, Any] = {"voided": False}
        if "agent" in params:
            field = "related_agents" if related_agents else "agents"
            selector[field] = _agent_key(params["agent"])
        if "verb" in params:
            selector["verbs"] = params["verb"]
        if "activity" in params:
            selector["related_activities" if related_activities else "activities"] = params[
                "activity"
            ]
        if "registration" in params:
            selector["registrations"] = params["registration"].lower()
        window: dict[str, datetime] = {}
        if "since" in params:
            window["$gt"] = _timestamp(params, "since")
        if "until" in params:
            window["$lte"] = _timestamp(params, "until")
        if window:
            selector["stored"] = window
        limit = _integer(params, "limit", default=0)
        return cls(
            params={k: v for k, v in params.items() if k != CURSOR},
            filter=selector,
            limit=page_size if limit == 0 else min(limit, page_size),
            ascending=_boolean(params, "ascending"),
            format=_format(params),
            attachments=_boolean(params, "attachments"),
            after=_decode_cursor(params[CURSOR]) if CURSOR in params else None,
        )

    def mongo_filter(self) -> dict[str, Any]:
        if self.after is None:
            return self.filter
        stored, statement_id = self.after
        beyond = "$gt" if self.ascending else "$lt"
        return {
            "$and": [
                self.filter,
                {
                    "$or": [
                        {"stored": {beyond: stored}},
                        {"stored": stored, "_id": {beyond: statement_id}},
                    ]
                },
            ]
        }

    def sort(self) -> list[tuple[str, int]]:
        direction = 1 if self.ascending else -1
        return [("stored", direction), ("_id", direction)]

    def more(self, path: str, last_stored: datetime, last_id: str) -> str:
        cursor = _encode_cursor(last_stored, last_id)
        return f"{path}?{urlencode({**self.params, CURSOR: cursor})}"

    def next_page(self, last_stored: datetime, last_id: str) -> StatementQuery:
        return replace(self, after=(last_stored, last_id))


def single_statement_params(params: Mapping[str, str]) -> tuple[Format, bool]:
    """Format and attachments of a GET by statementId or voidedStatementId."""
    if "statementId" in params and "voidedStatementId" in params:
        raise BadRequest("statementId and voidedStatementId cannot be used together")
    extra = set(params) - SINGLE_ALLOWED
    if extra:
        raise BadRequest(
            f"{sorted(extra)[0]}: only attachments and format may accompany a statement id"
        )
    return _format(params), _boolean(params, "attachments")


def _agent_key(value: str) -> str:
    try:
        agent = orjson.loads(value)
    except orjson.JSONDecodeError as error:
        raise BadRequest("agent: must be an Agent or Group as JSON") from error
    if not isinstance(agent, dict):
        raise BadRequest("agent: must be an Agent or Group as JSON")
    try:
        return learner_key(agent)
    except NoLearnerIdentifier as error:
        raise BadRequest("agent: must have an inverse functional identifier") from error


def _boolean(params: Mapping[str, str], name: str) -> bool:
    value = params.get(name, "false")
    if value not in ("true", "false"):
        raise BadRequest(f"{name}: must be true or false")
    return value == "true"


def _integer(params: Mapping[str, str], name: str, default: int) -> int:
    value = params.get(name)
    if value is None:
        return default
    if not value.isdigit():
        raise BadRequest(f"{name}: must be a non-negative integer")
    return int(value)


def _format(params: Mapping[str, str]) -> Format:
    value = params.get("format", "exact")
    if value not in FORMATS:
        raise BadRequest("format: must be ids, exact or canonical")
    return FORMATS[value]


def _timestamp(params: Mapping[str, str], name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(params[name].replace("Z", "+00:00"))
    except ValueError as error:
        raise BadRequest(f"{name}: must be an ISO 8601 timestamp") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _encode_cursor(stored: datetime, statement_id: str) -> str:
    millis = int(stored.timestamp() * 1000)
    return base64.urlsafe_b64encode(f"{millis}|{statement_id}".encode()).decode().rstrip("=")


def _decode_cursor(value: str) -> tuple[datetime, str]:
    try:
        text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        millis, statement_id = text.split("|", 1)
        return datetime.fromtimestamp(int(millis) / 1000, UTC), statement_id
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest(f"{CURSOR}: is not a cursor this LRS issued") from error
