"""Which competencies, form, provider (an id of ``providers.csv``) and JP a learning activity
(by its IRI) stands for."""

from __future__ import annotations

from pydantic import Field

from schemas.xapi.types import IRI
from services.competency.base import CellList, DomainModel
from services.competency.jp_rules import Jp


class ActivityMapping(DomainModel):
    """``jp`` is the programme JP the agency knows for the activity; it outranks a claim."""

    activity: IRI
    name: str = Field(min_length=1)
    form: int = Field(ge=1)
    provider: str = Field(min_length=1)
    competencies: CellList = Field(min_length=1)
    jp: Jp | None = None
    variant: str = ""
    international: bool = False
