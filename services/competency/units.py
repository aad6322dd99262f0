"""Work units (SIASN "unor") as a tree that changes over time.

A unit code may have several versions (rows) with validity dates, e.g. when it moves under
another parent. A units file is accepted whole or not at all: a partial tree would leave
units without their parents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Self

from pydantic import Field, model_validator

from services.competency.base import Code, DomainModel
from services.competency.csv_table import Row, read_table
from services.competency.file_errors import FileError, Rejected


class Unit(DomainModel):
    """``valid_until`` is the last day the version holds (inclusive); none means still valid.

    ``opd`` marks the regional agency level (Sekretariat, Dinas, Badan, Kecamatan...)
    that reports roll up to.
    """

    code: Code
    name: str = Field(min_length=1)
    parent_code: Code | None = None
    valid_from: date
    valid_until: date | None = None
    opd: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        if self.parent_code == self.code:
            raise ValueError("a unit cannot be its own parent")
        return self

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class UnitCycle(ValueError):
    """The parent links of a unit loop back to it on the day asked for."""


class UnitTree:
    def __init__(self, units: Iterable[Unit]) -> None:
        self._versions: defaultdict[str, list[Unit]] = defaultdict(list)
        for unit in units:
            self._versions[unit.code].append(unit)

    def unit_on(self, code: str, day: date) -> Unit | None:
        return next((unit for unit in self._versions.get(code, []) if unit.valid_on(day)), None)

    def parent_on(self, code: str, day: date) -> Unit | None:
        unit = self.unit_on(code, day)
        return (
            None
            if unit is None or unit.parent_code is None
            else self.unit_on(unit.parent_code, day)
        )

    def path_to_root(self, code: str, day: date) -> tuple[Unit, ...]:
        """The unit, its parent, ... up to the root, as they were on ``day``."""
        path: list[Unit] = []
        unit = self.unit_on(code, day)
        while unit is not None:
            if unit in path:
                raise UnitCycle(f"unit {code} loops back to {unit.code} on {day}")
            path.append(unit)
            unit = None if unit.parent_code is None else self.unit_on(unit.parent_code, day)
        return tuple(path)

    def opd_on(self, code: str, day: date) -> Unit | None:
        """The regional agency (OPD) a unit belonged to on ``day``."""
        return next((unit for unit in self.path_to_root(code, day) if unit.opd), None)

    def codes(self) -> set[str]:
        return set(self._versions)


def import_units(text: str, file: str = "units.csv") -> UnitTree | Rejected:
    table = read_table(file, text, Unit)
    errors = list(table.errors) + _overlaps(file, table.rows)
    if not errors:
        errors = _broken_links(file, table.rows)
    return Rejected(tuple(errors)) if errors else UnitTree(row.value for row in table.rows)


def _overlaps(file: str, rows: tuple[Row[Unit], ...]) -> list[FileError]:
    errors = []
    for index, row in enumerate(rows):
        for other in rows[:index]:
            if other.value.code == row.value.code and _overlap(other.value, row.value):
                message = f"unit {row.value.code} overlaps its version on line {other.line}"
                errors.append(FileError(file, row.line, message))
    return errors


def _overlap(a: Unit, b: Unit) -> bool:
    return (a.valid_until is None or b.valid_from <= a.valid_until) and (
        b.valid_until is None or a.valid_from <= b.valid_until
    )


def _broken_links(file: str, rows: tuple[Row[Unit], ...]) -> list[FileError]:
    """Missing parents and cycles, checked on every day the tree can change."""
    tree = UnitTree(row.value for row in rows)
    changes = {row.value.valid_from for row in rows} | {
        row.value.valid_until + timedelta(days=1) for row in rows if row.value.valid_until
    }
    found: dict[int, FileError] = {}
    for day in sorted(changes):
        for row in rows:
            unit = row.value
            if row.line in found or not unit.valid_on(day):
                continue
            if unit.parent_code is not None and tree.unit_on(unit.parent_code, day) is None:
                message = f"parent {unit.parent_code} has no version valid on {day}"
                found[row.line] = FileError(file, row.line, message, "parent_code")
                continue
            try:
                tree.path_to_root(unit.code, day)
            except UnitCycle as cycle:
                found[row.line] = FileError(file, row.line, str(cycle), "parent_code")
    return sorted(found.values(), key=lambda error: error.line or 0)
