"""Groups (xAPI Data 2.4.2.2), the Agent-or-Group union, and the OAuth authority Group (2.4.9)."""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeAlias

from pydantic import AfterValidator, Discriminator, Tag, model_validator
from pydantic_core import PydanticCustomError

from schemas.xapi.agent import Agent, Identified, too_many_ifis
from schemas.xapi.config import optional


class Group(Identified):
    objectType: Literal["Group"]
    # Members are Agents only: a nested Group fails the member's objectType check.
    member: list[Agent] = optional()

    @model_validator(mode="after")
    def _identified_or_listed(self) -> Group:
        count = self.ifi_count()
        if count > 1:
            raise too_many_ifis()
        if count == 0 and self.member is None:
            raise PydanticCustomError(
                "xapi",
                "an anonymous Group (no inverse functional identifier) must list its members",
                {"field": "member"},
            )
        return self


def actor_tag(value: Any) -> str | None:
    """objectType picks the model; an actor without one is an Agent.

    Tags are wrapped in <> so error locations can tell them from property names.
    """
    if isinstance(value, dict):
        kind = value.get("objectType", "Agent")
        return f"<{kind}>" if isinstance(kind, str) else None
    return "<Agent>"  # not an object: let the Agent model report the type error


Actor: TypeAlias = Annotated[
    Annotated[Agent, Tag("<Agent>")] | Annotated[Group, Tag("<Group>")],
    Discriminator(
        actor_tag,
        custom_error_type="xapi_object_type",
        custom_error_message='must be "Agent" or "Group"',
    ),
]


def _oauth_pair(authority: Agent | Group) -> Agent | Group:
    """xAPI 2.4.9: an Agent, or for 3-legged OAuth an anonymous Group of exactly two Agents."""
    if isinstance(authority, Group) and (authority.ifi_count() or len(authority.member) != 2):
        raise PydanticCustomError(
            "xapi", "a Group authority must be an anonymous Group of exactly two Agents (OAuth)"
        )
    return authority


Authority: TypeAlias = Annotated[Actor, AfterValidator(_oauth_pair)]
