"""Statements (xAPI Data 2.4) for 1.0.x requests and, as a subclass, for 2.0 requests."""

from __future__ import annotations

from typing import Annotated, TypeAlias

from pydantic import Discriminator, Tag, model_validator
from pydantic_core import PydanticCustomError

from schemas.xapi.activity import Activity
from schemas.xapi.agent import Agent
from schemas.xapi.attachment import Attachment
from schemas.xapi.config import SpecModel, optional
from schemas.xapi.context import Context, Context20, check_activity_only_properties
from schemas.xapi.group import Actor, Authority, Group
from schemas.xapi.result import Result
from schemas.xapi.statement_ref import StatementRef
from schemas.xapi.substatement import (
    OBJECT_TYPES_MESSAGE,
    SubStatement,
    SubStatement20,
    object_tag,
)
from schemas.xapi.types import UUID, Timestamp, Timestamp20, Version10, Version20
from schemas.xapi.verb import Verb

VOIDED = "http://adlnet.gov/expapi/verbs/voided"

_OBJECT_DISCRIMINATOR = Discriminator(
    object_tag, custom_error_type="xapi_object_type", custom_error_message=OBJECT_TYPES_MESSAGE
)

Object10: TypeAlias = Annotated[
    Annotated[Activity, Tag("<Activity>")]
    | Annotated[Agent, Tag("<Agent>")]
    | Annotated[Group, Tag("<Group>")]
    | Annotated[StatementRef, Tag("<StatementRef>")]
    | Annotated[SubStatement, Tag("<SubStatement>")],
    _OBJECT_DISCRIMINATOR,
]
Object20: TypeAlias = Annotated[
    Annotated[Activity, Tag("<Activity>")]
    | Annotated[Agent, Tag("<Agent>")]
    | Annotated[Group, Tag("<Group>")]
    | Annotated[StatementRef, Tag("<StatementRef>")]
    | Annotated[SubStatement20, Tag("<SubStatement>")],
    _OBJECT_DISCRIMINATOR,
]


class Statement(SpecModel):
    """A statement as accepted in a 1.0.x request."""

    id: UUID = optional()
    actor: Actor
    verb: Verb
    object: Object10
    result: Result = optional()
    context: Context = optional()
    timestamp: Timestamp = optional()
    stored: Timestamp = optional()
    authority: Authority = optional()
    version: Version10 = optional()
    attachments: list[Attachment] = optional()

    @model_validator(mode="after")
    def _consistent(self) -> Statement:
        check_activity_only_properties(self.context, self.object)
        # 2.3.2: a voiding statement's object MUST be a StatementRef to the voided statement.
        if self.verb.id == VOIDED and not isinstance(self.object, StatementRef):
            raise PydanticCustomError(
                "xapi",
                "a voiding statement's object must be a StatementRef",
                {"field": "object.objectType"},
            )
        return self


class Statement20(Statement):
    """A statement as accepted in a 2.0 request."""

    object: Object20
    context: Context20 = optional()
    timestamp: Timestamp20 = optional()
    stored: Timestamp20 = optional()
    version: Version20 = optional()
