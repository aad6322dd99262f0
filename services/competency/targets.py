"""Yearly JP targets per employee status, versioned by the first year they apply to."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from pydantic import Field

from services.competency.base import DomainModel, Evidence
from services.competency.employment import EmployeeStatus


class YearlyTarget(DomainModel):
    status: EmployeeStatus
    from_year: int = Field(ge=2000, le=2999)
    jp: Decimal = Field(ge=0)
    evidence: Evidence
    note: str = ""


class YearlyTargets:
    def __init__(self, targets: Iterable[YearlyTarget]) -> None:
        self._targets = sorted(targets, key=lambda target: target.from_year, reverse=True)

    def target_for(self, status: EmployeeStatus, year: int) -> YearlyTarget | None:
        """The latest target that had started by ``year``; None when the status has none."""
        return next(
            (t for t in self._targets if t.status == status and t.from_year <= year),
            None,
        )
