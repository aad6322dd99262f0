"""SubStatements (xAPI Data 2.4.4.3) and the object union they share with statements."""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeAlias

from pydantic import Discriminator, Tag, model_validator

from schemas.xapi.activity import Activity
from schemas.xapi.agent import Agent
from schemas.xapi.attachment import Attachment
from schemas.xapi.config import SpecModel, optional
from schemas.xapi.context import Context, Context20, check_activity_only_properties
from schemas.xapi.group import Actor, Group
from schemas.xapi.result import Result
from schemas.xapi.statement_ref import StatementRef
from schemas.xapi.types import Timestamp, Timestamp20
from schemas.xapi.verb import Verb

OBJECT_TYPES_MESSAGE = 'must be "Activity", "Agent", "Group", "StatementRef" or "SubStatement"'


def object_tag(value: Any) -> str | None:
    """objectType picks the model; an object without one is an Activity."""
    if isinstance(value, dict):
        kind = value.get("objectType", "Activity")
        return f"<{kind}>" if isinstance(kind, str) else None
    return "<Activity>"  # not an object: let the Activity model report the type error


# A SubStatement's own object: anything but another SubStatement (no nesting).
SubObject: TypeAlias = Annotated[
    Annotated[Activity, Tag("<Activity>")]
    | Annotated[Agent, Tag("<Agent>")]
    | Annotated[Group, Tag("<Group>")]
    | Annotated[StatementRef, Tag("<StatementRef>")],
    Discriminator(
        object_tag,
        custom_error_type="xapi_object_type",
        custom_error_message='must be "Activity", "Agent", "Group" or "StatementRef" '
        "(a SubStatement cannot contain another SubStatement)",
    ),
]


class SubStatement(SpecModel):
    """The 1.0.x SubStatement: a statement without id, stored, version or authority."""

    objectType: Literal["SubStatement"]
    actor: Actor
    verb: Verb
    object: SubObject
    result: Result = optional()
    context: Context = optional()
    timestamp: Timestamp = optional()
    attachments: list[Attachment] = optional()

    @model_validator(mode="after")
    def _context_fits_object(self) -> SubStatement:
        check_activity_only_properties(self.context, self.object)
        return self


class SubStatement20(SubStatement):
    context: Context20 = optional()
    timestamp: Timestamp20 = optional()
