"""The demo's civil servants: status, NIP (or PPPK number), name, unit, position, e-mail.

A NIP is birth date (8 digits) + year-month of first appointment (6) + sex (1: male,
2: female) + a sequence (3), the layout ``services.competency.nip`` checks. PPPK (contract
civil servants) get a number of their own layout (appointment year, then "21" where a NIP has
the month), which is why the roster never checks theirs as a NIP.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import TypeVar

from services.competency.employment import EmployeeStatus, PositionCategory
from services.demo.names import email_local_part, person
from services.demo.unit_tree import DemoUnit

T = TypeVar("T")
EMAIL_DOMAIN = "palukota.go.id"
ROSTER_HEADER = ("nip", "name", "status", "unit_code", "position_category", "email")
STATUSES = ((EmployeeStatus.PNS, 0.78), (EmployeeStatus.CPNS, 0.07), (EmployeeStatus.PPPK, 0.15))
POSITIONS = (
    (PositionCategory.JPT, 0.01),
    (PositionCategory.ADMINISTRATOR, 0.04),
    (PositionCategory.PENGAWAS, 0.1),
    (PositionCategory.FUNGSIONAL, 0.55),
    (PositionCategory.PELAKSANA, 0.3),
)


@dataclass(frozen=True, slots=True)
class CivilServant:
    nip: str
    name: str
    status: EmployeeStatus
    unit: str
    position: PositionCategory
    email: str

    def roster_row(self) -> tuple[str, ...]:
        return (self.nip, self.name, self.status, self.unit, self.position, self.email)


def civil_servants(
    rng: random.Random, count: int, units: Sequence[DemoUnit], year: int
) -> list[CivilServant]:
    staffed = [unit for unit in units if unit.weight > 0]
    weights = [unit.weight for unit in staffed]
    numbers: set[str] = set()
    emails: set[str] = set()
    people = []
    for _ in range(count):
        status = _pick(rng, STATUSES)
        someone = person(rng)
        number = _unique(numbers, partial(_number, rng, status, someone.female, year))
        email = _unique(emails, partial(_email, rng, email_local_part(someone.name)))
        position = PositionCategory.PELAKSANA
        if status is EmployeeStatus.PNS:
            position = _pick(rng, POSITIONS)
        elif status is EmployeeStatus.PPPK:
            position = rng.choice([PositionCategory.FUNGSIONAL, PositionCategory.PELAKSANA])
        unit = rng.choices(staffed, weights)[0].code
        people.append(CivilServant(number, someone.name, status, unit, position, email))
    return people


def roster_csv(people: Sequence[CivilServant]) -> str:
    """The roster in the format ``python -m services.competency.cli roster import`` takes."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(ROSTER_HEADER)
    writer.writerows(p.roster_row() for p in people)
    return text.getvalue()


def _pick(rng: random.Random, choices: Sequence[tuple[T, float]]) -> T:
    return rng.choices([c for c, _ in choices], [w for _, w in choices])[0]


def _unique(taken: set[str], draw: Callable[[], str]) -> str:
    for _ in range(1000):
        value = draw()
        if value not in taken:
            taken.add(value)
            return value
    raise RuntimeError("could not draw a unique value")


def _email(rng: random.Random, local_part: str) -> str:
    return f"{local_part}{rng.randint(1, 999)}@{EMAIL_DOMAIN}"


def _number(rng: random.Random, status: EmployeeStatus, female: bool, year: int) -> str:
    born = date(year - rng.randint(23, 58), 1, 1) + timedelta(days=rng.randint(0, 364))
    sex = "2" if female else "1"
    sequence = f"{rng.randint(1, 999):03d}"
    if status is EmployeeStatus.PPPK:
        return f"{born:%Y%m%d}{rng.randint(year - 3, year - 1)}21{sex}{sequence}"
    if status is EmployeeStatus.CPNS:
        appointed = (year - rng.randint(0, 1), rng.choice((1, 3, 6)))
    else:
        first = min(born.year + rng.randint(21, 35), year - 2)
        appointed = (max(first, born.year + 19), rng.randint(1, 12))
    return f"{born:%Y%m%d}{appointed[0]:04d}{appointed[1]:02d}{sex}{sequence}"
