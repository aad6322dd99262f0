"""Verbs and the statement's object: Activities, Agents, Groups, StatementRefs, SubStatements."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.xapi.support import (
    ACTIVITY_ID,
    AGENT,
    UUID_TEXT,
    Json,
    accepts,
    activity,
    assert_rejected,
    statement,
    substatement,
)

VERB = "http://adlnet.gov/expapi/verbs/experienced"


def test_a_verb_needs_an_iri_id_and_may_have_a_display() -> None:
    accepts(statement(verb={"id": VERB}))
    accepts(statement(verb={"id": VERB, "display": {"en-US": "experienced", "und": "x"}}))
    accepts(statement(verb={"id": VERB, "display": {}}))


@pytest.mark.parametrize(
    ("verb", "path", "rule"),
    [
        ({"display": {"en-US": "did"}}, "statement.verb.id", "is required"),
        ({"id": "experienced"}, "statement.verb.id", "IRI"),
        ({"id": VERB, "display": "experienced"}, "statement.verb.display", "must be an object"),
        ({"id": VERB, "display": 12345}, "statement.verb.display", "must be an object"),
        ({"id": VERB, "display": {"en-US": 1}}, "statement.verb.display.en-US", "string"),
        ({"id": VERB, "display": {"en-US": None}}, "statement.verb.display.en-US", "null"),
        ({"id": VERB, "Display": {"en-US": "x"}}, "statement.verb.Display", "case-sensitive"),
        ("completed", "statement.verb", "must be an object"),
    ],
)
def test_malformed_verbs_are_rejected(verb: Any, path: str, rule: str) -> None:
    assert_rejected(statement(verb=verb), path, rule)


def test_an_object_without_object_type_is_an_activity() -> None:
    accepts(statement(object={"id": ACTIVITY_ID}))
    accepts(statement(object={"objectType": "Activity", "id": ACTIVITY_ID}))
    # ... so an Agent object without objectType is read as an Activity and refused.
    assert_rejected(statement(object={"mbox": "mailto:a@example.com"}), "statement.object.id")


@pytest.mark.parametrize(
    "kind", ["activity", "agent", "group", "statementref", "substatement", "Statement", ""]
)
def test_object_type_values_are_case_sensitive_and_enumerated(kind: str) -> None:
    assert_rejected(
        statement(object={"objectType": kind, "id": ACTIVITY_ID}),
        "statement.object.objectType",
        '"Activity", "Agent", "Group", "StatementRef" or "SubStatement"',
    )


def test_a_full_activity_definition_is_accepted() -> None:
    definition = {
        "name": {"en-US": "Quiz 1"},
        "description": {"en-US": "The first quiz", "fr": "Le premier quiz"},
        "type": "http://adlnet.gov/expapi/activities/assessment",
        "moreInfo": "https://example.com/quiz-1/info",
        "extensions": {"https://example.com/ext/difficulty": "hard", "urn:x:n": None},
    }
    accepts(statement(object=activity(**definition)))
    accepts(statement(object=activity()))


@pytest.mark.parametrize(
    ("definition", "path", "rule"),
    [
        ({"name": "Quiz"}, "statement.object.definition.name", "must be an object"),
        ({"name": {"a12345678": "Quiz"}}, "statement.object.definition.name", "RFC 5646"),
        ({"description": 1}, "statement.object.definition.description", "object"),
        ({"type": "assessment"}, "statement.object.definition.type", "IRI"),
        ({"moreInfo": "example.com/x"}, "statement.object.definition.moreInfo", "IRI"),
        ({"extensions": {"not.valid.com/e": 1}}, "statement.object.definition.extensions", "IRI"),
        ({"extensions": "x"}, "statement.object.definition.extensions", "must be an object"),
        ({"Type": VERB}, "statement.object.definition.Type", "case-sensitive"),
    ],
)
def test_malformed_definitions_are_rejected(definition: Json, path: str, rule: str) -> None:
    assert_rejected(statement(object=activity(**definition)), path, rule)


@pytest.mark.parametrize(
    "value", [{"objectType": "Activity"}, {"objectType": "Activity", "id": "quiz-1"}]
)
def test_an_activity_needs_an_iri_id(value: Json) -> None:
    assert_rejected(statement(object=value), "statement.object.id")


def test_activity_definition_must_be_an_object() -> None:
    value = {"id": ACTIVITY_ID, "definition": "quiz"}
    assert_rejected(statement(object=value), "statement.object.definition", "must be an object")


def _components(*ids: str) -> list[Json]:
    return [{"id": i, "description": {"en-US": f"Option {i}"}} for i in ids]


INTERACTIONS: dict[str, dict[str, Any]] = {
    "true-false": {"correctResponsesPattern": ["true"]},
    "choice": {"correctResponsesPattern": ["a[,]b"], "choices": _components("a", "b", "c")},
    "fill-in": {"correctResponsesPattern": ["{case_matters=false}Bob"]},
    "long-fill-in": {"correctResponsesPattern": ["{lang=en}It was a dark night"]},
    "matching": {
        "correctResponsesPattern": ["1[.]a[,]2[.]b"],
        "source": _components("1", "2"),
        "target": _components("a", "b"),
    },
    "performance": {"correctResponsesPattern": ["s1[.]1:3"], "steps": _components("s1")},
    "sequencing": {"correctResponsesPattern": ["b[,]a"], "choices": _components("a", "b")},
    "likert": {"correctResponsesPattern": ["l3"], "scale": _components("l1", "l2", "l3")},
    "numeric": {"correctResponsesPattern": ["4[:]6"]},
    "other": {"correctResponsesPattern": ["(35.93, -86.29)"]},
}
COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")


@pytest.mark.parametrize("kind", sorted(INTERACTIONS))
def test_every_interaction_type_with_its_component_lists_is_accepted(kind: str) -> None:
    accepts(statement(object=activity(interactionType=kind, **INTERACTIONS[kind])))
    accepts(statement(object=activity(interactionType=kind)))  # every list is optional


@pytest.mark.parametrize("kind", sorted(INTERACTIONS))
@pytest.mark.parametrize("component_list", COMPONENT_LISTS)
def test_component_lists_an_interaction_type_does_not_support_are_rejected(
    kind: str, component_list: str
) -> None:
    if component_list in INTERACTIONS[kind]:
        return
    value = activity(interactionType=kind, **{component_list: _components("x")})
    assert_rejected(
        statement(object=value),
        f"statement.object.definition.{component_list}",
        "not allowed for this interactionType",
    )


@pytest.mark.parametrize("key", [*COMPONENT_LISTS, "correctResponsesPattern"])
def test_interaction_properties_need_an_interaction_type(key: str) -> None:
    value = activity(**{key: ["x"] if key == "correctResponsesPattern" else _components("x")})
    assert_rejected(statement(object=value), f"statement.object.definition.{key}", "interaction")


@pytest.mark.parametrize(
    "kind", ["Choice", "choiCe", "true-faLse", "Other", "multiple-choice", "", 1, None, ["choice"]]
)
def test_interaction_type_must_be_one_of_the_ten_exactly(kind: Any) -> None:
    assert_rejected(
        statement(object=activity(interactionType=kind)),
        "statement.object.definition.interactionType",
        "must be one of true-false, fill-in",
    )


@pytest.mark.parametrize("component_list", ["choices", "scale", "source", "target", "steps"])
def test_component_ids_must_be_distinct_within_a_list(component_list: str) -> None:
    kind = {"choices": "choice", "scale": "likert", "steps": "performance"}.get(
        component_list, "matching"
    )
    value = activity(interactionType=kind, **{component_list: _components("a", "b", "a")})
    assert_rejected(
        statement(object=value),
        f"statement.object.definition.{component_list}[2].id",
        "must be distinct",
    )


def test_ids_may_repeat_across_lists() -> None:
    value = activity(
        interactionType="matching", source=_components("1", "2"), target=_components("1", "2")
    )
    accepts(statement(object=value))


@pytest.mark.parametrize(
    ("components", "path", "rule"),
    [
        ([{"description": {"en-US": "x"}}], "choices[0].id", "is required"),
        ([{"id": 1}], "choices[0].id", "must be a string"),
        ([{"id": "a", "description": "A"}], "choices[0].description", "must be an object"),
        ([{"id": "a", "description": {"!!": "A"}}], "choices[0].description", "RFC 5646"),
        ([{"id": "a", "name": {"en": "A"}}], "choices[0].name", "not an xAPI property"),
        ({"id": "a"}, "choices", "must be an array"),
    ],
)
def test_malformed_interaction_components_are_rejected(
    components: Any, path: str, rule: str
) -> None:
    value = activity(interactionType="choice", choices=components)
    assert_rejected(statement(object=value), f"statement.object.definition.{path}", rule)


@pytest.mark.parametrize(
    ("pattern", "where", "rule"),
    [("true", "", "must be an array"), (["true", 1], "[1]", "string"), ([None], "[0]", "null")],
)
def test_correct_responses_pattern_is_a_list_of_strings(
    pattern: Any, where: str, rule: str
) -> None:
    value = activity(interactionType="true-false", correctResponsesPattern=pattern)
    path = f"statement.object.definition.correctResponsesPattern{where}"
    assert_rejected(statement(object=value), path, rule)


def test_agents_and_groups_as_objects_must_say_what_they_are() -> None:
    accepts(statement(object=AGENT))
    accepts(statement(object={"objectType": "Group", "member": [AGENT]}))
    assert_rejected(
        statement(object={**AGENT, "openid": "http://openid.example.org/1"}),
        "statement.object",
        "only one inverse functional",
    )


def test_a_statement_ref_needs_its_object_type_and_a_uuid() -> None:
    accepts(statement(object={"objectType": "StatementRef", "id": UUID_TEXT}))
    assert_rejected(statement(object={"objectType": "StatementRef"}), "statement.object.id")
    assert_rejected(
        statement(object={"objectType": "StatementRef", "id": "not-a-uuid"}),
        "statement.object.id",
        "UUID",
    )
    assert_rejected(
        statement(object={"objectType": "StatementRef", "id": UUID_TEXT, "definition": {}}),
        "statement.object.definition",
        "not an xAPI property",
    )


def test_a_substatement_is_validated_as_a_statement() -> None:
    accepts(statement(object=substatement()))
    full = substatement(
        result={"success": True, "score": {"scaled": 0.5}},
        context={"registration": UUID_TEXT, "platform": "web"},
        timestamp="2024-01-01T00:00:00Z",
        attachments=[],
    )
    accepts(statement(object=full))
    for target in (AGENT, {"objectType": "StatementRef", "id": UUID_TEXT}):
        accepts(statement(object=substatement(object=target)))


@pytest.mark.parametrize("key", ["actor", "verb", "object"])
def test_a_substatement_needs_actor_verb_and_object(key: str) -> None:
    value = substatement()
    del value[key]
    assert_rejected(statement(object=value), f"statement.object.{key}", "is required")


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("id", UUID_TEXT),
        ("stored", "2024-01-01T00:00:00Z"),
        ("version", "1.0.0"),
        ("authority", AGENT),
    ],
)
def test_a_substatement_must_not_have_statement_only_properties(key: str, value: Any) -> None:
    assert_rejected(
        statement(object=substatement(**{key: value})),
        f"statement.object.{key}",
        "not an xAPI property",
    )


def test_substatements_cannot_be_nested() -> None:
    assert_rejected(
        statement(object=substatement(object=substatement())),
        "statement.object.object.objectType",
        "cannot contain another SubStatement",
    )


def test_substatement_parts_follow_the_statement_rules() -> None:
    assert_rejected(
        statement(object=substatement(verb={"id": "reported"})), "statement.object.verb.id", "IRI"
    )
    assert_rejected(
        statement(object=substatement(timestamp="2008-09-15T15:53:00.601-00:00")),
        "statement.object.timestamp",
    )
    assert_rejected(
        statement(object=substatement(actor={"objectType": "Group"})),
        "statement.object.actor.member",
        "anonymous Group",
    )
