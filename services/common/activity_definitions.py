"""Activity definitions as statements carry them, and the canonical merge the LRS serves.

The aggregator keeps each distinct definition once (keyed by activity id and a hash of the
definition), with the newest ``stored`` time it was seen at; the Activities resource
merges them oldest first, so language maps gather every language ever sent and later
values win. Writing stays idempotent and free of read-modify-write races.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

LANGUAGE_MAPS = ("name", "description")


def definitions_in(statement: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(activity id, definition) of every Activity in a statement, its SubStatement included."""
    yield from _in_part(statement)
    target = statement.get("object") or {}
    if target.get("objectType") == "SubStatement":
        yield from _in_part(target)


def _in_part(part: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    target = part.get("object") or {}
    if target.get("objectType", "Activity") == "Activity" and "id" in target:
        yield str(target["id"]), target.get("definition") or {}
    context_activities = (part.get("context") or {}).get("contextActivities") or {}
    for activities in context_activities.values():
        for activity in activities if isinstance(activities, list) else [activities]:
            if isinstance(activity, dict) and "id" in activity:
                yield str(activity["id"]), activity.get("definition") or {}


def definition_key(activity_id: str, definition: dict[str, Any]) -> str:
    text = orjson.dumps(definition, option=orjson.OPT_SORT_KEYS)
    digest = hashlib.sha1(activity_id.encode() + b"\n" + text, usedforsecurity=False)
    return digest.hexdigest()


def merge_definitions(definitions: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Oldest first: language maps and extensions gather keys, other properties are replaced."""
    merged: dict[str, Any] = {}
    for definition in definitions:
        for key, value in definition.items():
            if key in (*LANGUAGE_MAPS, "extensions") and isinstance(value, dict):
                merged[key] = {**merged.get(key, {}), **value}
            else:
                merged[key] = value
    return merged
