"""An accepted catalog: every file validated together, identified by a digest of its text."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from services.competency.activities import ActivityMapping
from services.competency.catalog_settings import CatalogSettings
from services.competency.competencies import Competency
from services.competency.file_errors import Rejected
from services.competency.forms import DevelopmentForm
from services.competency.jp_rules import JpRuleTable
from services.competency.providers import Provider
from services.competency.targets import YearlyTargets


@dataclass(frozen=True, slots=True)
class CatalogVersion:
    """The same files give the same version, whoever loads them and when."""

    digest: str

    @classmethod
    def of(cls, sources: Mapping[str, str]) -> CatalogVersion:
        hasher = hashlib.sha256()
        for name in sorted(sources):
            for part in (name, sources[name]):
                data = part.encode()
                hasher.update(len(data).to_bytes(8, "big") + data)
        return cls(hasher.hexdigest())

    def __str__(self) -> str:
        return self.digest[:12]


@dataclass(frozen=True, slots=True)
class Catalog:
    version: CatalogVersion
    sources: Mapping[str, str]
    settings: CatalogSettings
    competencies: Mapping[str, Competency]
    forms: Mapping[int, DevelopmentForm]
    rules: JpRuleTable
    activities: Mapping[str, ActivityMapping]
    targets: YearlyTargets
    # Optional in a catalog file set: none means every provider reports as unknown.
    providers: Mapping[str, Provider] = field(default_factory=dict)
    _by_iri: dict[str, Competency] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_iri = {competency.id: competency for competency in self.competencies.values()}
        object.__setattr__(self, "_by_iri", by_iri)

    def competency(self, iri: str) -> Competency | None:
        return self._by_iri.get(iri)


def in_force(current: Catalog | None, candidate: Catalog | Rejected) -> Catalog | None:
    return candidate if isinstance(candidate, Catalog) else current
