from __future__ import annotations

from services.common.activity_definitions import definition_key, definitions_in, merge_definitions
from tests.statements import completion


def test_definitions_are_found_in_object_context_and_substatement() -> None:
    statement = completion()
    statement["context"] = {"contextActivities": {"parent": [{"id": "http://course"}]}}
    statement["object"] = {
        "objectType": "SubStatement",
        **{k: completion()[k] for k in ("actor", "verb", "object")},
    }
    ids = [activity for activity, _ in definitions_in(statement)]
    assert ids == ["http://course", completion()["object"]["id"]]


def test_merge_gathers_languages_and_later_values_win() -> None:
    merged = merge_definitions(
        [
            {"name": {"en-US": "meeting"}, "type": "http://old"},
            {"name": {"fr-FR": "réunion"}, "type": "http://new"},
        ]
    )
    assert merged == {"name": {"en-US": "meeting", "fr-FR": "réunion"}, "type": "http://new"}


def test_key_ignores_property_order_but_not_content() -> None:
    a = definition_key("http://a", {"name": {"en": "x"}, "type": "t"})
    assert a == definition_key("http://a", {"type": "t", "name": {"en": "x"}})
    assert a != definition_key("http://b", {"type": "t", "name": {"en": "x"}})
