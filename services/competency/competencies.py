"""Competencies: what a learning activity develops (PermenPANRB 38/2017 and UU 23/2014)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from schemas.xapi.types import IRI
from services.competency.base import Code, DomainModel, Evidence


class CompetencyType(StrEnum):
    TEKNIS = "teknis"
    MANAJERIAL = "manajerial"
    SOSIAL_KULTURAL = "sosial_kultural"
    # Governance, for regional officials (UU 23/2014 Art. 233, Permendagri 11/2018).
    PEMERINTAHAN = "pemerintahan"


class Competency(DomainModel):
    """One competency. Technical ones have no national dictionary: the catalog is open.

    ``levels`` is how many proficiency levels it has (1 to ``levels``); the catalog names
    levels, it never assigns one to a learner: that is an assessment, not learning evidence.
    """

    id: IRI
    code: Code
    type: CompetencyType
    name_id: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    levels: int = Field(default=5, ge=1, le=5)
    evidence: Evidence
    note: str = ""
