"""Learning providers (``providers.csv``): who runs an activity, and which kind of body it is.

The issue's "participation by provider type" needs the kind: government (national, ministry
and provincial platforms), university, or private partner. An activity names its provider by
id in ``activities.csv``, a statement in the provider extension; an id the catalog does not
list is reported under ``UNKNOWN``, never refused: providers send statements before the agency
catalogues them.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from pydantic import Field

from services.competency.base import Code, DomainModel, Evidence

UNKNOWN = "unknown"


class ProviderType(StrEnum):
    GOVERNMENT = "government"
    UNIVERSITY = "university"
    PRIVATE = "private"


class Provider(DomainModel):
    id: Code
    name: str = Field(min_length=1)
    type: ProviderType
    evidence: Evidence
    note: str = ""


def provider_type(providers: Mapping[str, Provider], provider: str | None) -> str:
    """The type's value, or ``UNKNOWN`` for no provider or one the catalog does not list."""
    found = None if provider is None else providers.get(provider)
    return UNKNOWN if found is None else found.type.value
