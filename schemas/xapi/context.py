"""Context (xAPI Data 2.4.6), plus the 2.0 context agents and groups (IEEE 9274.1.1 9.4.6)."""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeAlias

from pydantic import Discriminator, Field, Tag
from pydantic_core import PydanticCustomError

from schemas.xapi.activity import Activity
from schemas.xapi.agent import Agent
from schemas.xapi.config import SpecModel, optional
from schemas.xapi.group import Actor, Group
from schemas.xapi.statement_ref import StatementRef
from schemas.xapi.types import IRI, UUID, Extensions, LanguageTag


def _one_or_many(value: Any) -> str:
    return "<many>" if isinstance(value, list) else "<one>"


# A single Activity is accepted for 0.95 compatibility; check_statement returns it as a list.
ActivityOrList: TypeAlias = Annotated[
    Annotated[Activity, Tag("<one>")] | Annotated[list[Activity], Tag("<many>")],
    Discriminator(_one_or_many),
]


class ContextActivities(SpecModel):
    parent: ActivityOrList = optional()
    grouping: ActivityOrList = optional()
    category: ActivityOrList = optional()
    other: ActivityOrList = optional()


class Context(SpecModel):
    """The 1.0.x context."""

    registration: UUID = optional()
    instructor: Actor = optional()
    team: Group = optional()
    contextActivities: ContextActivities = optional()
    revision: str = optional()
    platform: str = optional()
    language: LanguageTag = optional()
    statement: StatementRef = optional()
    extensions: Extensions = optional()


RelevantTypes: TypeAlias = Annotated[list[IRI], Field(min_length=1)]


class ContextAgent(SpecModel):
    objectType: Literal["contextAgent"]
    agent: Agent
    relevantTypes: RelevantTypes = optional()


class ContextGroup(SpecModel):
    objectType: Literal["contextGroup"]
    group: Group
    relevantTypes: RelevantTypes = optional()


class Context20(Context):
    """The 2.0 context: 1.0.x plus contextAgents and contextGroups (unknown keys in 1.0.x)."""

    contextAgents: list[ContextAgent] = optional()
    contextGroups: list[ContextGroup] = optional()


def check_activity_only_properties(context: Context | None, target: object) -> None:
    """revision and platform describe an Activity; the spec allows them only when the statement's
    object is one. The check needs both parts, so the (Sub)Statement calls it."""
    if context is None or isinstance(target, Activity):
        return
    for key in ("revision", "platform"):
        if getattr(context, key) is not None:
            raise PydanticCustomError(
                "xapi",
                "must only be used when the statement's object is an Activity",
                {"field": f"context.{key}"},
            )
