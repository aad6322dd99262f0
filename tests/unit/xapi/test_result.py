"""Results and scores."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.xapi.support import Json, accepts, assert_rejected, statement, substatement


@pytest.mark.parametrize(
    "score",
    [
        {"scaled": 0.95, "raw": 95, "min": 0, "max": 100},
        {"scaled": 1},
        {"scaled": -1.0},
        {"scaled": 0},
        {"raw": 0.6767676, "min": 0.5, "max": 0.7},
        {"raw": 0, "min": 0},
        {"raw": 100, "max": 100},
        {"raw": -5},  # without min and max, raw is unrestricted
        {"min": -10.5, "max": 10},
        {},
    ],
)
def test_scores_within_their_bounds_are_accepted(score: Json) -> None:
    accepts(statement(result={"score": score}))


@pytest.mark.parametrize(
    ("score", "field", "rule"),
    [
        ({"scaled": 1.01}, "scaled", "at most 1"),
        ({"scaled": -1.00001}, "scaled", "at least -1"),
        ({"raw": 101, "min": 0, "max": 100}, "raw", "greater than max"),
        ({"raw": -1, "min": 0, "max": 100}, "raw", "less than min"),
        ({"raw": 5, "max": 4}, "raw", "greater than max"),
        ({"min": 10, "max": 5}, "min", "less than max"),
        ({"min": 5, "max": 5}, "min", "less than max"),  # the spec: min is "less than max"
        ({"max": "one hundred"}, "max", "must be a number"),
        ({"raw": "95"}, "raw", "must be a number"),
        ({"scaled": True}, "scaled", "must be a number"),  # booleans are not numbers
        ({"min": None}, "min", "must not be null"),
        ({"Scaled": 0.5}, "Scaled", "case-sensitive"),
        ({"percent": 50}, "percent", "not an xAPI property"),
    ],
)
def test_scores_breaking_the_rules_are_rejected(score: Json, field: str, rule: str) -> None:
    assert_rejected(statement(result={"score": score}), f"statement.result.score.{field}", rule)


@pytest.mark.parametrize("score", [12345, "should fail", [0.5]])
def test_a_score_must_be_an_object(score: Any) -> None:
    assert_rejected(statement(result={"score": score}), "statement.result.score", "object")


def test_a_full_result_is_accepted() -> None:
    result = {
        "score": {"scaled": 0.5},
        "success": False,
        "completion": True,
        "response": "We agreed on some example actions.",
        "duration": "PT1H0M0S",
        "extensions": {"http://example.com/ext/notes": {"any": ["json", None, 1]}},
    }
    accepts(statement(result=result))
    accepts(statement(result={}))
    accepts(statement(object=substatement(result=result)))


@pytest.mark.parametrize(
    ("key", "value", "rule"),
    [
        ("success", "true", "must be a boolean"),
        ("success", 1, "must be a boolean"),
        ("completion", "false", "must be a boolean"),
        ("completion", {}, "must be a boolean"),
        ("response", 12345, "must be a string"),
        ("response", None, "must not be null"),
        ("extensions", "x", "must be an object"),
        ("extensions", {"example.com/extension/wrong": 1234}, "IRI"),
        ("Success", True, "case-sensitive"),
    ],
)
def test_result_properties_have_strict_types(key: str, value: Any, rule: str) -> None:
    assert_rejected(statement(result={key: value}), f"statement.result.{key}", rule)
    assert_rejected(
        statement(object=substatement(result={key: value})), f"statement.object.result.{key}", rule
    )
