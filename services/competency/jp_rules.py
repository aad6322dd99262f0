"""The versioned JP rule table: how many JP a form is worth, and the caps per learner.

A rule row is keyed by form, variant and ``valid_from``; the row in force on a day is the
latest one that started on or before it. A variant (e.g. ``webinar`` of the seminar form)
refines its form: an event whose variant has no row falls back to the form's plain row.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Self, TypeAlias

from pydantic import Field, model_validator

from services.competency.base import DomainModel, Evidence

Jp: TypeAlias = Annotated[Decimal, Field(ge=0)]


class Basis(StrEnum):
    """What the JP of one event are computed from."""

    # The programme's own JP (the catalog's, else the provider's claim), else raw duration.
    PROGRAMME = "programme"
    # Raw duration only, 1 JP = 45 minutes.
    DURATION = "duration"
    PER_DAY = "per_day"
    PER_ACTIVITY = "per_activity"
    PER_SESSION = "per_session"


UNIT_BASES = frozenset({Basis.PER_DAY, Basis.PER_ACTIVITY, Basis.PER_SESSION})


class JpRule(DomainModel):
    form: int = Field(ge=1)
    variant: str = ""
    valid_from: date
    basis: Basis
    jp_per_unit: Jp | None = None
    international_jp_per_unit: Jp | None = None
    international_factor: Jp | None = None
    cap_per_day: Jp | None = None
    cap_per_month: Jp | None = None
    evidence: Evidence
    note: str = ""

    @model_validator(mode="after")
    def _units_match_basis(self) -> Self:
        per_unit = self.basis in UNIT_BASES
        if per_unit and self.jp_per_unit is None:
            raise ValueError(f"basis {self.basis} needs jp_per_unit")
        if not per_unit and (self.jp_per_unit, self.international_jp_per_unit) != (None, None):
            raise ValueError(f"basis {self.basis} takes no jp_per_unit/international_jp_per_unit")
        if self.international_jp_per_unit is not None and self.international_factor is not None:
            # Both would apply to the same event; the table must say which one it means.
            raise ValueError("give international_jp_per_unit or international_factor, not both")
        return self


class JpRuleTable:
    def __init__(self, rules: Iterable[JpRule]) -> None:
        versions: defaultdict[tuple[int, str], list[JpRule]] = defaultdict(list)
        for rule in rules:
            versions[(rule.form, rule.variant)].append(rule)
        self._versions = {
            key: sorted(rows, key=lambda rule: rule.valid_from) for key, rows in versions.items()
        }

    def rule_for(self, form: int, variant: str, day: date) -> JpRule | None:
        """The rule in force on ``day``: the variant's own row if it has one, else the form's."""
        for key in ((form, variant), (form, "")):
            rows = self._versions.get(key, [])
            index = bisect_right([rule.valid_from for rule in rows], day)
            if index:
                return rows[index - 1]
        return None

    def forms(self) -> set[int]:
        return {form for form, variant in self._versions if variant == ""}
