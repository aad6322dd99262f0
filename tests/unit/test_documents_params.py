"""The parameters of the document resources."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qsl

import orjson
import pytest

from services.ingest.documents.model import DocumentKey, Scope
from services.ingest.documents.params import (
    ACTIVITY_PROFILE,
    AGENT_PROFILE,
    STATE,
    ResourceSpec,
    parse_agent,
    parse_key,
    parse_request,
)
from services.ingest.errors import BadRequest

AGENT = orjson.dumps(
    {"objectType": "Agent", "account": {"homePage": "http://x.org", "name": "Rick"}}
).decode()
AGENT_KEY = "account:http://x.org|Rick"
ACTIVITY = "http://x.org/activity"
REGISTRATION = "6F2B0B6E-4B1A-4A33-9C57-8A1E2C3D4E5F"


def _items(**params: str) -> list[tuple[str, str]]:
    return list(params.items())


def test_a_state_key_holds_activity_agent_registration_and_id() -> None:
    key = parse_key(
        STATE,
        _items(activityId=ACTIVITY, agent=AGENT, registration=REGISTRATION, stateId="s1"),
        "PUT",
    )
    assert key == DocumentKey(
        Scope("state", ACTIVITY, AGENT_KEY, REGISTRATION.lower()), document_id="s1"
    )


def test_the_same_agent_with_or_without_a_name_addresses_the_same_documents() -> None:
    named = orjson.dumps({"name": "Rick", "mbox": "mailto:Rick@X.org"}).decode()
    bare = orjson.dumps({"mbox": "mailto:rick@x.org"}).decode()
    first = parse_key(AGENT_PROFILE, _items(agent=named, profileId="p"), "PUT")
    second = parse_key(AGENT_PROFILE, _items(agent=bare, profileId="p"), "PUT")
    assert first.storage_id == second.storage_id


def test_storage_ids_tell_apart_what_differs() -> None:
    items = _items(activityId=ACTIVITY, agent=AGENT, stateId="s1")
    plain = parse_key(STATE, items, "PUT")
    registered = parse_key(STATE, [*items, ("registration", REGISTRATION)], "PUT")
    profile = parse_key(ACTIVITY_PROFILE, _items(activityId=ACTIVITY, profileId="s1"), "PUT")
    assert len({plain.storage_id, registered.storage_id, profile.storage_id}) == 3


def test_a_get_without_an_id_lists_since_a_timestamp() -> None:
    request = parse_request(
        ACTIVITY_PROFILE, _items(activityId=ACTIVITY, since="2026-03-04T10:00:00Z"), "GET"
    )
    assert request.key is None
    assert request.scope == Scope("activity_profile", activity_id=ACTIVITY)
    assert request.since == datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


def test_a_state_delete_without_an_id_addresses_the_scope() -> None:
    request = parse_request(STATE, _items(activityId=ACTIVITY, agent=AGENT), "DELETE")
    assert request.key is None


@pytest.mark.parametrize(
    ("spec", "query", "method"),
    [
        (STATE, "agent={agent}&stateId=s", "PUT"),
        (STATE, "activityId={activity}&stateId=s", "POST"),
        (STATE, "activityId={activity}&agent={agent}", "PUT"),
        (STATE, "activityId={activity}&agent=not%20JSON&stateId=s", "PUT"),
        (STATE, "activityId={activity}&agent=true&stateId=s", "PUT"),
        (STATE, "activityId=not-an-iri&agent={agent}&stateId=s", "PUT"),
        (STATE, "activityId={activity}&agent={agent}&registration=true&stateId=s", "PUT"),
        (STATE, "activityId={activity}&agent={agent}&stateId=s&since=2026-03-04T10:00Z", "PUT"),
        (STATE, "activityId={activity}&agent={agent}&stateId=s&stateId=t", "PUT"),
        (ACTIVITY_PROFILE, "activityId={activity}&profileId=p&agent={agent}", "PUT"),
        (ACTIVITY_PROFILE, "activityId={activity}", "DELETE"),
        (AGENT_PROFILE, "profileId=p", "GET"),
        (AGENT_PROFILE, "agent={agent}&since=true", "GET"),
    ],
)
def test_bad_parameters_are_refused(spec: ResourceSpec, query: str, method: str) -> None:
    items = parse_qsl(query.format(agent=AGENT, activity=ACTIVITY))
    with pytest.raises(BadRequest):
        if method in ("PUT", "POST"):
            parse_key(spec, items, method)
        else:
            parse_request(spec, items, method)


@pytest.mark.parametrize(
    "agent",
    [
        {"objectType": "Agent"},
        {"objectType": "Agent", "account": {"homePage": "http://x.org"}},
        {"mbox": "mailto:a@x.org", "openid": "http://openid.x.org/a"},
        {"objectType": "Group", "member": [{"mbox": "mailto:a@x.org"}]},
        {"mbox": "a@x.org"},
    ],
)
def test_agents_without_exactly_one_valid_identifier_are_refused(agent: object) -> None:
    with pytest.raises(BadRequest):
        parse_agent(orjson.dumps(agent).decode())


def test_an_identified_group_may_own_documents_but_is_no_agent_for_the_agents_resource() -> None:
    group = orjson.dumps({"objectType": "Group", "mbox": "mailto:team@x.org"}).decode()
    assert parse_agent(group)["mbox"] == "mailto:team@x.org"
    with pytest.raises(BadRequest):
        parse_agent(group, groups=False)
