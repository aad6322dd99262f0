"""``GET /statements`` parameters turned into a walk along one statement key.

Pages are cut by a keyset cursor (the last statement's position: its ``stored`` time and
id), not by an offset: a ``more`` link keeps pointing at the same next page however deep
it is and whatever arrives meanwhile.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import urlencode

import orjson

from services.common.learners import NoLearnerIdentifier, learner_key
from services.common.statement_keys import KeyRange, is_position, key_prefix
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


# The key a query walks when it has several filters: the one likely to hold the fewest
# statements. The others are checked on the statements the walk meets.
DRIVING_ORDER = (
    "registrations",
    "activities",
    "agents",
    "related_activities",
    "verbs",
    "related_agents",
)


@dataclass(frozen=True)
class StatementQuery:
    params: Mapping[str, str]
    conditions: dict[str, str]
    limit: int
    ascending: bool
    format: Format
    attachments: bool
    since: datetime | None = None
    until: datetime | None = None
    after: str | None = None

    @classmethod
    def parse(cls, params: Mapping[str, str], page_size: int) -> StatementQuery:
        unknown = set(params) - set(FILTERS) - {CURSOR}
        if unknown:
            raise BadRequest(f"{sorted(unknown)[0]}: is not a statement query parameter")
        related_agents = _boolean(params, "related_agents")
        related_activities = _boolean(params, "related_activities")
        conditions: dict[str, str] = {}
        if "agent" in params:
            field = "related_agents" if related_agents else "agents"
            conditions[field] = _agent_key(params["agent"])
        if "verb" in params:
            conditions["verbs"] = params["verb"]
        if "activity" in params:
            field = "related_activities" if related_activities else "activities"
            conditions[field] = params["activity"]
        if "registration" in params:
            conditions["registrations"] = params["registration"].lower()
        limit = _integer(params, "limit", default=0)
        return cls(
            params={k: v for k, v in params.items() if k != CURSOR},
            conditions=conditions,
            limit=page_size if limit == 0 else min(limit, page_size),
            ascending=_boolean(params, "ascending"),
            format=_format(params),
            attachments=_boolean(params, "attachments"),
            since=_timestamp(params, "since") if "since" in params else None,
            until=_timestamp(params, "until") if "until" in params else None,
            after=_decode_cursor(params[CURSOR]) if CURSOR in params else None,
        )

    @property
    def driving_field(self) -> str | None:
        """The filter whose key the query walks (None: the key of every statement)."""
        return next((f for f in DRIVING_ORDER if f in self.conditions), None)

    def key_range(self) -> KeyRange:
        field = self.driving_field
        prefix = key_prefix(field, self.conditions[field] if field else "")
        whole = KeyRange.of(prefix, since=self.since, until=self.until)
        return whole if self.after is None else whole.after(self.after, ascending=self.ascending)

    def residual(self) -> dict[str, str]:
        """The filters the walked key does not answer, checked on each statement met."""
        return {f: v for f, v in self.conditions.items() if f != self.driving_field}

    def more(self, path: str, last_position: str) -> str:
        return f"{path}?{urlencode({**self.params, CURSOR: _encode_cursor(last_position)})}"


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


def _encode_cursor(at: str) -> str:
    return base64.urlsafe_b64encode(at.encode()).decode().rstrip("=")


def _decode_cursor(value: str) -> str:
    try:
        at = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest(f"{CURSOR}: is not a cursor this LRS issued") from error
    if not is_position(at):
        raise BadRequest(f"{CURSOR}: is not a cursor this LRS issued")
    return at
