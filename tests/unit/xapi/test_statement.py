"""Statement-level rules, and properties of check_statement itself (paths, nulls, round trips)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest

from schemas.xapi import InvalidStatement, check_statement
from tests.unit.xapi.support import (
    AGENT,
    UUID_TEXT,
    VERSIONS,
    Json,
    accepts,
    activity,
    assert_rejected,
    rejection,
    statement,
    substatement,
)

EVERY_PROPERTY: Json = {
    "id": UUID_TEXT,
    "actor": {
        "objectType": "Group",
        "name": "Team PB",
        "mbox": "mailto:teampb@example.com",
        "member": [
            {"name": "Andrew", "account": {"homePage": "http://www.example.com", "name": "1393"}},
            {"name": "Toby", "openid": "http://toby.openid.example.org/", "objectType": "Agent"},
            {"mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"},
        ],
    },
    "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-GB": "answered"}},
    "object": activity(
        name={"en-US": "Question 3"},
        description={"en-US": "Pick one", "zh-Hans-CN": "选一个"},
        type="http://adlnet.gov/expapi/activities/cmi.interaction",
        moreInfo="https://example.com/q3",
        interactionType="choice",
        correctResponsesPattern=["golf[,]tetris"],
        choices=[{"id": "golf", "description": {"en-US": "Golf"}}, {"id": "tetris"}],
        extensions={"http://example.com/ext/difficulty": 3.5},
    ),
    "result": {
        "score": {"scaled": 0.95, "raw": 95, "min": 0, "max": 100},
        "success": True,
        "completion": False,
        "response": "golf[,]tetris",
        "duration": "PT4H35M59.14S",
        "extensions": {"http://example.com/ext/minutes": "X:\\meetings\\one", "urn:x:e": None},
    },
    "context": {
        "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
        "instructor": AGENT,
        "team": {"objectType": "Group", "account": {"homePage": "http://e.com", "name": "t"}},
        "contextActivities": {
            "parent": [{"id": "http://www.example.com/meetings/series/267"}],
            "grouping": [{"objectType": "Activity", "id": "http://example.com/g"}],
            "category": [{"id": "https://w3id.org/xapi/cmi5/context/categories/cmi5"}],
            "other": [],
        },
        "revision": "rev_10_3_2",
        "platform": "Example virtual meeting software",
        "language": "tlh",
        "statement": {"objectType": "StatementRef", "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"},
        "extensions": {"http://example.com/ext/airspeed": {"value": 600, "unit": "mph"}},
    },
    "timestamp": "2013-05-18T05:32:34.804+00:00",
    "stored": "2013-05-18T05:32:34.804Z",
    "authority": {"objectType": "Agent", "account": {"homePage": "http://c.com/", "name": "a"}},
    "version": "1.0.0",
    "attachments": [
        {
            "usageType": "http://adlnet.gov/expapi/attachments/signature",
            "display": {"en-US": "Signature"},
            "description": {"en-US": "A test signature"},
            "contentType": "application/octet-stream",
            "length": 4235,
            "sha2": "672fa5fa658017f1b72d65036f13379c6ab05d4ab3b6664908d8acf0b6a0c634",
            "fileUrl": "http://example.com/sig",
        }
    ],
}
EVERY_PROPERTY_20: Json = {
    **EVERY_PROPERTY,
    "version": "2.0.0",
    "context": {
        **EVERY_PROPERTY["context"],
        "contextAgents": [
            {"objectType": "contextAgent", "agent": AGENT, "relevantTypes": ["http://e.com/t"]}
        ],
        "contextGroups": [{"objectType": "contextGroup", "group": EVERY_PROPERTY["actor"]}],
    },
}


@pytest.mark.parametrize(
    ("version", "sent"), [("1.0.0", EVERY_PROPERTY), ("2.0.0", EVERY_PROPERTY_20)]
)
def test_a_statement_with_every_property_round_trips_unchanged(version: str, sent: Json) -> None:
    original = copy.deepcopy(sent)
    returned = check_statement(sent, version=version)
    assert returned == original
    assert json.dumps(returned) == json.dumps(original)  # same keys, order and values
    assert sent == original


def test_a_substatement_with_every_property_round_trips_unchanged() -> None:
    inner = {
        k: copy.deepcopy(v)
        for k, v in EVERY_PROPERTY.items()
        if k not in ("id", "stored", "authority", "version")
    }
    sent = statement(object={"objectType": "SubStatement", **inner})
    assert check_statement(sent, version="1.0.0") == copy.deepcopy(sent)


def test_2_0_only_parts_are_refused_for_1_0_requests() -> None:
    assert_rejected(EVERY_PROPERTY_20, "statement.context.contextAgents", "not an xAPI property")
    assert_rejected(statement(version="2.0.0"), "statement.version", '"1.0" or "1.0.x"')
    accepts(statement(version="2.0.0"), "2.0.0")


@pytest.mark.parametrize("key", ["actor", "verb", "object"])
@pytest.mark.parametrize("version", VERSIONS)
def test_actor_verb_and_object_are_required(key: str, version: str) -> None:
    value = statement()
    del value[key]
    assert_rejected(value, f"statement.{key}", "is required", version)


def test_stored_authority_and_version_may_be_sent() -> None:
    accepts(statement(stored="2024-01-01T00:00:00Z", authority=AGENT, version="1.0.3"))


@pytest.mark.parametrize(
    "key", ["Actor", "VERB", "oBject", "iD", "timeStamp", "STOred", "Version", "attachmentS"]
)
def test_wrong_case_top_level_keys_are_rejected(key: str) -> None:
    value = statement(**{key: statement().get(key.lower(), "x")})
    assert_rejected(value, f"statement.{key}", "case-sensitive")


@pytest.mark.parametrize("key", ["inProgress", "voided", "signature", "objectType", "_id"])
def test_unknown_top_level_keys_are_rejected(key: str) -> None:
    assert_rejected(statement(**{key: "x"}), f"statement.{key}", "not an xAPI property")


def _paths(value: Any, path: str) -> Iterator[tuple[str, list[str | int]]]:
    """Every (error path, key path) below value, except inside extensions."""
    items: list[tuple[str | int, Any]]
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    else:
        return
    for key, child in items:
        where = f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}"
        yield where, [key]
        if key != "extensions":
            for inner, keys in _paths(child, where):
                yield inner, [key, *keys]


def _unshared(value: Json) -> Json:
    # deepcopy would keep objects shared between two places shared; a JSON copy never does.
    copied: Json = json.loads(json.dumps(value))
    return copied


def _replaced(value: Json, keys: list[str | int], new: Any) -> Json:
    copied = _unshared(value)
    target: Any = copied
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = new
    return copied


NULL_CASES = list(_paths(EVERY_PROPERTY_20, "statement"))


@pytest.mark.parametrize(("path", "keys"), NULL_CASES, ids=[p for p, _ in NULL_CASES])
def test_null_is_rejected_everywhere_outside_extensions(path: str, keys: list[str | int]) -> None:
    error = rejection(_replaced(EVERY_PROPERTY_20, keys, None), "2.0.0")
    assert error.path == path, str(error)
    # A null type tag cannot pick a model; the message then lists the types it could have been.
    assert "null" in error.rule or path.endswith(("objectType", "interactionType")), str(error)


def test_null_is_fine_inside_extensions() -> None:
    ext = {"http://example.com/e": None, "http://example.com/f": {"g": [None]}}
    accepts(statement(result={"extensions": ext}, context={"extensions": ext}))
    accepts(statement(object=activity(extensions=ext)))


def test_null_top_level_values_are_rejected() -> None:
    for key in ("id", "result", "context", "timestamp", "stored", "authority", "version"):
        assert_rejected(statement(**{key: None}), f"statement.{key}", "must not be null")


@pytest.mark.parametrize(("path", "keys"), NULL_CASES, ids=[p for p, _ in NULL_CASES])
def test_every_property_name_is_case_sensitive(path: str, keys: list[str | int]) -> None:
    name = keys[-1]
    parent = keys[:-1]
    if isinstance(name, int) or any(k in ("display", "name", "description") for k in parent[-1:]):
        return  # list items and language-map keys (tags are case-insensitive) have no case rule
    renamed = _unshared(EVERY_PROPERTY_20)
    holder: Any = renamed
    for key in parent:
        holder = holder[key]
    holder[name.swapcase()] = holder.pop(name)
    error = rejection(renamed, "2.0.0")
    assert error.path.startswith(path.rsplit(".", 1)[0]), str(error)


def test_a_voiding_statement_must_target_a_statement_ref() -> None:
    voided = {"id": "http://adlnet.gov/expapi/verbs/voided", "display": {"en-US": "voided"}}
    accepts(statement(verb=voided, object={"objectType": "StatementRef", "id": UUID_TEXT}))
    assert_rejected(statement(verb=voided), "statement.object.objectType", "must be a StatementRef")


def test_paths_start_with_the_given_prefix() -> None:
    with pytest.raises(InvalidStatement) as caught:
        check_statement(statement(verb={"id": "x"}), version="1.0.0", path="statements[1]")
    assert str(caught.value) == "statements[1].verb.id: must be an absolute IRI"
    assert caught.value.path == "statements[1].verb.id"
    assert caught.value.rule == "must be an absolute IRI"
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("value", [None, [], "statement", 1, [statement()]])
def test_a_statement_must_be_an_object(value: Any) -> None:
    assert_rejected(value, "statement", "must be an object")


def test_the_first_violation_is_reported() -> None:
    value = statement(actor={"mbox": "bad"}, verb={"id": "bad"}, timestamp="bad")
    assert_rejected(value, "statement.actor.mbox", "mailto IRI")


def test_only_the_two_data_model_versions_are_known() -> None:
    with pytest.raises(ValueError, match="unsupported xAPI version"):
        check_statement(statement(), version="1.0.3")


@pytest.mark.parametrize("version", VERSIONS)
def test_valid_statements_come_back_as_the_same_object(version: str) -> None:
    sent = statement(result={"score": {"raw": 1}})
    assert check_statement(sent, version=version) is sent


def test_substatement_inside_a_statement_uses_the_request_version() -> None:
    inner = substatement(context={"contextAgents": []})
    accepts(statement(object=inner), "2.0.0")
    assert_rejected(statement(object=inner), "statement.object.context.contextAgents", "", "1.0.0")
