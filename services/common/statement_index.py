"""The flat fields a stored statement is filtered by (the ``GET /statements`` parameters).

Extracted once, when the aggregator applies a statement. Every field is a list so that a
statement targeting another one (a StatementRef object, e.g. a voiding statement) can
inherit the target's values: the spec counts a targeting statement as matching a filter
when its target does (Communication 2.1.3, "Filter Conditions for StatementRefs").
"""

from __future__ import annotations

import contextlib
from typing import Any

from services.common.learners import NoLearnerIdentifier, learner_key

VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"
FILTER_FIELDS = (
    "agents",
    "related_agents",
    "verbs",
    "activities",
    "related_activities",
    "registrations",
)


def agent_keys(actor: Any) -> list[str]:
    """The keys an Agent or Group matches as: its own IFI, and its members' for a Group."""
    if not isinstance(actor, dict):
        return []
    keys: list[str] = []
    with contextlib.suppress(NoLearnerIdentifier):
        keys.append(learner_key(actor))
    for member in actor.get("member") or []:
        keys.extend(agent_keys(member))
    return keys


def _activity_ids(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [str(item["id"]) for item in items if isinstance(item, dict) and "id" in item]


def _context_parts(context: Any) -> tuple[list[str], list[str], list[str]]:
    """(context agents, context activity ids, registration) of a context object."""
    if not isinstance(context, dict):
        return [], [], []
    agents = agent_keys(context.get("instructor")) + agent_keys(context.get("team"))
    for entry in context.get("contextAgents") or []:
        agents += agent_keys(entry.get("agent") if isinstance(entry, dict) else None)
    for entry in context.get("contextGroups") or []:
        agents += agent_keys(entry.get("group") if isinstance(entry, dict) else None)
    activities: list[str] = []
    for kind in ("parent", "grouping", "category", "other"):
        activities += _activity_ids((context.get("contextActivities") or {}).get(kind, []))
    registration = context.get("registration")
    return agents, activities, [str(registration).lower()] if registration else []


def index_fields(statement: dict[str, Any]) -> dict[str, list[str]]:
    target = statement.get("object") or {}
    kind = target.get("objectType", "Activity")
    own_agents = agent_keys(statement.get("actor"))
    related_agents = list(own_agents) + agent_keys(statement.get("authority"))
    activities: list[str] = []
    related_activities: list[str] = []
    if kind in ("Agent", "Group"):
        own_agents += agent_keys(target)
        related_agents += agent_keys(target)
    elif kind == "Activity":
        activities = _activity_ids(target)
        related_activities = list(activities)
    elif kind == "SubStatement":
        related_agents += agent_keys(target.get("actor"))
        inner = target.get("object") or {}
        if inner.get("objectType", "Activity") == "Activity":
            related_activities += _activity_ids(inner)
        else:
            related_agents += agent_keys(inner)
        inner_agents, inner_activities, _ = _context_parts(target.get("context"))
        related_agents += inner_agents
        related_activities += inner_activities
    context_agents, context_activities, registrations = _context_parts(statement.get("context"))
    fields = {
        "agents": own_agents,
        "related_agents": related_agents + context_agents,
        "verbs": [str(statement["verb"]["id"])],
        "activities": activities,
        "related_activities": related_activities + context_activities,
        "registrations": registrations,
    }
    return {name: sorted(set(values)) for name, values in fields.items()}


def statement_ref(statement: dict[str, Any]) -> str | None:
    """The id of the statement this one targets, when its object is a StatementRef."""
    target = statement.get("object") or {}
    if target.get("objectType") == "StatementRef" and "id" in target:
        return str(target["id"]).lower()
    return None


def voided_target(statement: dict[str, Any]) -> str | None:
    """The id this statement voids, when it is a voiding statement."""
    if statement["verb"]["id"] == VOIDED_VERB:
        return statement_ref(statement)
    return None
