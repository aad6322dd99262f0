"""Context: its properties, contextActivities normalisation, and the 2.0 contextAgents/Groups."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.unit.xapi.support import (
    ACTIVITY_ID,
    AGENT,
    UUID_TEXT,
    VERSIONS,
    Json,
    accepts,
    assert_rejected,
    statement,
    substatement,
)

PARENT = {"id": "http://www.example.com/meetings/series/267", "objectType": "Activity"}
GROUP = {"objectType": "Group", "mbox": "mailto:team@example.com", "member": [AGENT]}
FULL_CONTEXT: Json = {
    "registration": UUID_TEXT,
    "instructor": AGENT,
    "team": GROUP,
    "contextActivities": {"parent": [PARENT], "grouping": [], "category": [PARENT], "other": []},
    "revision": "rev_10_3_2",
    "platform": "Example virtual meeting software",
    "language": "tlh",
    "statement": {"objectType": "StatementRef", "id": UUID_TEXT},
    "extensions": {"http://example.com/profiles/meetings/contextextensions/airspeed": "600mph"},
}
CONTEXT_AGENT = {
    "objectType": "contextAgent",
    "agent": {"objectType": "Agent", "mbox": "mailto:player-1@example.com"},
    "relevantTypes": ["https://example.com/xapi/activity-types/personnel/player"],
}
CONTEXT_GROUP = {
    "objectType": "contextGroup",
    "group": GROUP,
    "relevantTypes": ["https://example.com/xapi/activity-types/team/a"],
}


@pytest.mark.parametrize("version", VERSIONS)
def test_a_full_context_is_accepted(version: str) -> None:
    accepts(statement(context=FULL_CONTEXT), version)
    accepts(statement(context={}), version)
    accepts(statement(context={"instructor": GROUP}), version)  # an instructor may be a Group


@pytest.mark.parametrize(
    ("key", "value", "path", "rule"),
    [
        ("registration", "not-a-uuid", "registration", "UUID"),
        ("registration", 12345, "registration", "must be a string"),
        ("instructor", {"key": "x"}, "instructor.key", "not an xAPI property"),
        ("instructor", "Ann", "instructor", "must be an object"),
        ("team", AGENT, "team.objectType", '"Group"'),  # a team is a Group, never an Agent
        ("team", {"mbox": "mailto:t@example.com"}, "team.objectType", "is required"),
        ("contextActivities", "x", "contextActivities", "must be an object"),
        ("revision", 1, "revision", "must be a string"),
        ("platform", {}, "platform", "must be a string"),
        ("language", {"en": "x"}, "language", "must be a string"),
        ("language", "something", "language", "RFC 5646"),
        ("statement", {"id": UUID_TEXT}, "statement.objectType", "is required"),
        ("statement", {"objectType": "Statement", "id": UUID_TEXT}, "statement.objectType", ""),
        ("statement", {"objectType": "StatementRef", "id": "x"}, "statement.id", "UUID"),
        ("extensions", {"example.com/extension/wrong": 1}, "extensions", "absolute IRI"),
        ("Registration", UUID_TEXT, "Registration", "case-sensitive"),
        ("contextAgents", [CONTEXT_AGENT], "contextAgents", "not an xAPI property"),
        ("contextGroups", [CONTEXT_GROUP], "contextGroups", "not an xAPI property"),
    ],
)
def test_malformed_context_properties_are_rejected(
    key: str, value: Any, path: str, rule: str
) -> None:
    assert_rejected(statement(context={key: value}), f"statement.context.{path}", rule)
    assert_rejected(
        statement(object=substatement(context={key: value})),
        f"statement.object.context.{path}",
        rule,
    )


@pytest.mark.parametrize("key", ["revision", "platform"])
@pytest.mark.parametrize(
    "target",
    [
        AGENT,
        GROUP,
        {"objectType": "StatementRef", "id": UUID_TEXT},
        substatement(),
    ],
)
def test_revision_and_platform_only_describe_activities(key: str, target: Json) -> None:
    accepts(statement(context={key: "x"}))
    assert_rejected(
        statement(object=target, context={key: "x"}),
        f"statement.context.{key}",
        "only be used when the statement's object is an Activity",
    )
    if target.get("objectType") != "SubStatement":
        assert_rejected(
            statement(object=substatement(object=target, context={key: "x"})),
            f"statement.object.context.{key}",
            "object is an Activity",
        )


def test_context_activities_may_be_single_activities_or_arrays() -> None:
    accepts(statement(context={"contextActivities": {"parent": PARENT, "other": [PARENT]}}))


@pytest.mark.parametrize(
    ("activities", "path", "rule"),
    [
        ({"consequences": [PARENT]}, "consequences", "not an xAPI property"),
        ({"Parent": [PARENT]}, "Parent", "case-sensitive"),
        ({"parent": "http://example.com/a"}, "parent", "must be an object"),
        ({"parent": [PARENT, {"key": "x"}]}, "parent[1].id", "is required"),
        ({"other": {"id": "not an iri"}}, "other.id", "IRI"),
        ({"category": [AGENT]}, "category[0].objectType", '"Activity"'),
        ({"grouping": None}, "grouping", "must not be null"),
    ],
)
def test_malformed_context_activities_are_rejected(activities: Json, path: str, rule: str) -> None:
    assert_rejected(
        statement(context={"contextActivities": activities}),
        f"statement.context.contextActivities.{path}",
        rule,
    )


@pytest.mark.parametrize("version", VERSIONS)
def test_single_context_activities_are_returned_as_one_element_arrays(version: str) -> None:
    other = {"id": "http://example.com/other"}
    sent = statement(
        context={
            "registration": UUID_TEXT,
            "contextActivities": {"parent": PARENT, "grouping": [PARENT], "other": other},
            "platform": "web",
        },
        timestamp="2024-01-01T00:00:00Z",
    )
    original = copy.deepcopy(sent)
    returned = accepts(sent, version)
    assert returned["context"]["contextActivities"] == {
        "parent": [PARENT],
        "grouping": [PARENT],
        "other": [other],
    }
    assert {k: v for k, v in returned.items() if k != "context"} == {
        k: v for k, v in original.items() if k != "context"
    }
    assert list(returned) == list(original)  # key order is kept
    assert list(returned["context"]) == list(original["context"])
    assert returned["context"]["registration"] == UUID_TEXT
    assert sent == original  # the caller's dict is not modified


def test_substatement_context_activities_are_normalised_too() -> None:
    sent = statement(
        object=substatement(context={"contextActivities": {"category": PARENT}}),
        context={"contextActivities": {"parent": PARENT}},
    )
    returned = accepts(sent)
    assert returned["context"]["contextActivities"] == {"parent": [PARENT]}
    assert returned["object"]["context"]["contextActivities"] == {"category": [PARENT]}
    assert sent["object"]["context"]["contextActivities"] == {"category": PARENT}


def test_a_statement_without_single_context_activities_is_returned_as_is() -> None:
    sent = statement(context={"contextActivities": {"parent": [PARENT]}})
    assert accepts(sent) is sent


def test_context_agents_and_groups_are_accepted_in_2_0() -> None:
    context = {
        "contextAgents": [CONTEXT_AGENT, {"objectType": "contextAgent", "agent": AGENT}],
        "contextGroups": [CONTEXT_GROUP, {**CONTEXT_GROUP, "group": {**GROUP, "member": []}}],
    }
    accepts(statement(context=context), "2.0.0")
    accepts(statement(object=substatement(context=context)), "2.0.0")


@pytest.mark.parametrize(
    ("entry", "path", "rule"),
    [
        ({**CONTEXT_AGENT, "objectType": "Should fail"}, "[0].objectType", '"contextAgent"'),
        ({**CONTEXT_AGENT, "objectType": "contextagent"}, "[0].objectType", '"contextAgent"'),
        ({k: v for k, v in CONTEXT_AGENT.items() if k != "objectType"}, "[0].objectType", "req"),
        ({**CONTEXT_AGENT, "agent": {"key": "Should fail"}}, "[0].agent.key", "not an xAPI"),
        ({**CONTEXT_AGENT, "agent": GROUP}, "[0].agent.objectType", '"Agent"'),
        ({"objectType": "contextAgent"}, "[0].agent", "is required"),
        ({**CONTEXT_AGENT, "relevantTypes": []}, "[0].relevantTypes", "must not be empty"),
        ({**CONTEXT_AGENT, "relevantTypes": ["abc"]}, "[0].relevantTypes[0]", "IRI"),
        ({**CONTEXT_AGENT, "relevantTypes": "http://x.com/t"}, "[0].relevantTypes", "array"),
    ],
)
def test_malformed_context_agents_are_rejected_in_2_0(entry: Json, path: str, rule: str) -> None:
    value = statement(context={"contextAgents": [entry]})
    assert_rejected(value, f"statement.context.contextAgents{path}", rule, "2.0.0")


@pytest.mark.parametrize(
    ("entry", "path", "rule"),
    [
        ({**CONTEXT_GROUP, "objectType": "contextAgent"}, "[0].objectType", '"contextGroup"'),
        ({**CONTEXT_GROUP, "group": {"key": "Should fail"}}, "[0].group.objectType", "required"),
        ({**CONTEXT_GROUP, "group": AGENT}, "[0].group.objectType", '"Group"'),
        ({**CONTEXT_GROUP, "member": [AGENT]}, "[0].member", "not an xAPI property"),
        ({**CONTEXT_GROUP, "relevantTypes": []}, "[0].relevantTypes", "must not be empty"),
        ({**CONTEXT_GROUP, "relevantTypes": ["abc"]}, "[0].relevantTypes[0]", "IRI"),
    ],
)
def test_malformed_context_groups_are_rejected_in_2_0(entry: Json, path: str, rule: str) -> None:
    value = statement(context={"contextGroups": [entry]})
    assert_rejected(value, f"statement.context.contextGroups{path}", rule, "2.0.0")


def test_context_agents_must_be_a_list() -> None:
    value = statement(context={"contextAgents": CONTEXT_AGENT})
    assert_rejected(value, "statement.context.contextAgents", "must be an array", "2.0.0")


def test_context_activity_ids_are_checked_like_any_activity() -> None:
    value = statement(context={"contextActivities": {"parent": [{"id": ACTIVITY_ID[7:]}]}})
    assert_rejected(value, "statement.context.contextActivities.parent[0].id", "IRI")
