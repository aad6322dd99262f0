"""A unit's yearly compliance: its learners (and its sub-units'), at or under their target.

Learners are the roster's members of the unit and of every unit under it in the tree as it
stood on the report day; a member without a single event that year counts with 0 JP. A
member whose status has no target that year is counted apart (``without_target``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.competency.employment import EmployeeStatus
from services.competency.units import UnitTree

ZERO = Decimal(0)
# JP bands of the distribution: (label, lowest JP in the band).
BANDS = (("0", ZERO), ("0-5", Decimal("0.000001")), ("5-10", Decimal(5)),
         ("10-15", Decimal(10)), ("15-20", Decimal(15)), ("20+", Decimal(20)))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Member:
    nip: str
    name: str
    status: EmployeeStatus
    unit_code: str


@dataclass(frozen=True, slots=True)
class MemberYear:
    member: Member
    recognised_jp: Decimal
    target_jp: Decimal | None

    @property
    def met(self) -> bool | None:
        return None if self.target_jp is None else self.recognised_jp >= self.target_jp

    @property
    def shortfall(self) -> Decimal:
        return ZERO if self.target_jp is None else max(ZERO, self.target_jp - self.recognised_jp)


@dataclass(frozen=True, slots=True)
class Tally:
    learners: int
    at_target: int
    under_target: int
    without_target: int
    recognised_jp: Decimal
    distribution: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class ComplianceReport:
    unit: str
    year: int
    units: tuple[str, ...]
    total: Tally
    # The unit itself and each of its direct sub-units (with everything under it).
    by_unit: Mapping[str, Tally]
    under_target: tuple[MemberYear, ...]


def subtree(tree: UnitTree | None, unit: str, day: date) -> dict[str, str]:
    """Every unit under ``unit`` (itself included) -> the branch it reports under: ``unit``
    itself, or the direct sub-unit it lies below."""
    if tree is None or tree.unit_on(unit, day) is None:
        return {unit: unit}
    branches: dict[str, str] = {}
    for code in sorted(tree.codes()):
        path = [u.code for u in tree.path_to_root(code, day)]
        if unit in path:
            at = path.index(unit)
            branches[code] = unit if at == 0 else path[at - 1]
    return branches


def compliance(
    unit: str,
    year: int,
    branches: Mapping[str, str],
    members: Iterable[Member],
    recognised: Mapping[str, Decimal],
    target_for: Callable[[EmployeeStatus], Decimal | None],
) -> ComplianceReport:
    """``recognised``: NIP -> recognised JP of the year, for the members that have events."""
    years = [
        MemberYear(m, recognised.get(m.nip, ZERO), target_for(m.status))
        for m in members
        if m.unit_code in branches
    ]
    grouped: dict[str, list[MemberYear]] = {}
    for item in years:
        grouped.setdefault(branches[item.member.unit_code], []).append(item)
    under = sorted(
        (item for item in years if item.met is False),
        key=lambda item: (-item.shortfall, item.member.nip),
    )
    return ComplianceReport(
        unit=unit,
        year=year,
        units=tuple(sorted(branches)),
        total=tally(years),
        by_unit={branch: tally(grouped[branch]) for branch in sorted(grouped)},
        under_target=tuple(under),
    )


def tally(years: Iterable[MemberYear]) -> Tally:
    items = list(years)
    distribution = dict.fromkeys((label for label, _ in BANDS), 0)
    for item in items:
        distribution[band(item.recognised_jp)] += 1
    return Tally(
        learners=len(items),
        at_target=sum(1 for item in items if item.met is True),
        under_target=sum(1 for item in items if item.met is False),
        without_target=sum(1 for item in items if item.met is None),
        recognised_jp=sum((item.recognised_jp for item in items), ZERO),
        distribution=distribution,
    )


def band(jp: Decimal) -> str:
    return next(label for label, lowest in reversed(BANDS) if jp >= lowest)
