"""Activities and their definitions, including interaction activities (xAPI Data 2.4.4.1).

The definition is a union discriminated by interactionType, one model per family of types, each
declaring only the interaction component lists the spec supports for it; any other list is then an
unknown key and rejected like any other.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeAlias

from pydantic import AfterValidator, Discriminator, Tag
from pydantic_core import PydanticCustomError

from schemas.xapi.config import SpecModel, optional
from schemas.xapi.types import IRI, IRL, Extensions, LanguageMap


class InteractionComponent(SpecModel):
    id: str
    description: LanguageMap = optional()


def _distinct_ids(components: list[InteractionComponent]) -> list[InteractionComponent]:
    seen: set[str] = set()
    for index, component in enumerate(components):
        if component.id in seen:
            raise PydanticCustomError(
                "xapi",
                "ids within an interaction component list must be distinct",
                {"field": f"[{index}].id"},
            )
        seen.add(component.id)
    return components


ComponentList: TypeAlias = Annotated[list[InteractionComponent], AfterValidator(_distinct_ids)]


class Definition(SpecModel):
    """An Activity definition that is not an interaction."""

    name: LanguageMap = optional()
    description: LanguageMap = optional()
    type: IRI = optional()
    moreInfo: IRL = optional()
    extensions: Extensions = optional()


class NoComponentInteraction(Definition):
    interactionType: Literal["true-false", "fill-in", "long-fill-in", "numeric", "other"]
    correctResponsesPattern: list[str] = optional()


class ChoicesInteraction(Definition):
    interactionType: Literal["choice", "sequencing"]
    correctResponsesPattern: list[str] = optional()
    choices: ComponentList = optional()


class LikertInteraction(Definition):
    interactionType: Literal["likert"]
    correctResponsesPattern: list[str] = optional()
    scale: ComponentList = optional()


class MatchingInteraction(Definition):
    interactionType: Literal["matching"]
    correctResponsesPattern: list[str] = optional()
    source: ComponentList = optional()
    target: ComponentList = optional()


class PerformanceInteraction(Definition):
    interactionType: Literal["performance"]
    correctResponsesPattern: list[str] = optional()
    steps: ComponentList = optional()


_FAMILY = {
    "true-false": "no-components",
    "fill-in": "no-components",
    "long-fill-in": "no-components",
    "numeric": "no-components",
    "other": "no-components",
    "choice": "choices",
    "sequencing": "choices",
    "likert": "likert",
    "matching": "matching",
    "performance": "performance",
}
INTERACTION_TYPES = tuple(_FAMILY)


def _definition_tag(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "<plain>"  # let the plain model report the type error
    if "interactionType" not in value:
        return "<plain>"
    kind = value["interactionType"]
    # Enumerated values are case-sensitive: "Choice" is not "choice".
    family = _FAMILY.get(kind) if isinstance(kind, str) else None
    return f"<{family}>" if family else None


AnyDefinition: TypeAlias = Annotated[
    Annotated[Definition, Tag("<plain>")]
    | Annotated[NoComponentInteraction, Tag("<no-components>")]
    | Annotated[ChoicesInteraction, Tag("<choices>")]
    | Annotated[LikertInteraction, Tag("<likert>")]
    | Annotated[MatchingInteraction, Tag("<matching>")]
    | Annotated[PerformanceInteraction, Tag("<performance>")],
    Discriminator(
        _definition_tag,
        custom_error_type="xapi_interaction_type",
        custom_error_message="must be one of " + ", ".join(INTERACTION_TYPES),
    ),
]


class Activity(SpecModel):
    objectType: Literal["Activity"] = optional()
    id: IRI
    definition: AnyDefinition = optional()
