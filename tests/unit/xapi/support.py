"""Builders and assertions shared by the xAPI data-model tests."""

from __future__ import annotations

from typing import Any

import pytest

from schemas.xapi import InvalidStatement, check_statement

Json = dict[str, Any]

VERSIONS = ("1.0.0", "2.0.0")

AGENT: Json = {"objectType": "Agent", "name": "Ann", "mbox": "mailto:ann@example.com"}
ACTIVITY_ID = "https://example.com/activities/quiz-1"
UUID_TEXT = "fd41c918-b88b-4b20-a0a5-a4c32391aaa0"


def statement(**parts: Any) -> Json:
    """A minimal valid statement with the given top-level properties added or replaced."""
    base: Json = {
        "actor": {"mbox": "mailto:learner@example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": ACTIVITY_ID},
    }
    base.update(parts)
    return base


def activity(**definition: Any) -> Json:
    """An Activity object whose definition has the given properties."""
    return {"objectType": "Activity", "id": ACTIVITY_ID, "definition": definition}


def substatement(**parts: Any) -> Json:
    base: Json = {
        "objectType": "SubStatement",
        "actor": {"mbox": "mailto:inner@example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
        "object": {"id": ACTIVITY_ID},
    }
    base.update(parts)
    return base


def accepts(value: Json, version: str = "1.0.0") -> Json:
    return check_statement(value, version=version)


def rejection(value: Any, version: str = "1.0.0") -> InvalidStatement:
    with pytest.raises(InvalidStatement) as caught:
        check_statement(value, version=version)
    return caught.value


def assert_rejected(value: Any, path: str, rule: str = "", version: str = "1.0.0") -> None:
    """value is refused, and the first violation is reported at `path` with `rule` in its text."""
    error = rejection(value, version)
    assert error.path == path, str(error)
    assert rule in error.rule, str(error)
    assert str(error) == f"{error.path}: {error.rule}"
