"""Verbs (xAPI Data 2.4.3)."""

from __future__ import annotations

from schemas.xapi.config import SpecModel, optional
from schemas.xapi.types import IRI, LanguageMap


class Verb(SpecModel):
    id: IRI
    # Optional since 1.0.0 (the LRS never needs it to interpret the statement).
    display: LanguageMap = optional()
