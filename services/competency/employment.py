"""Employee statuses and position categories (UU 20/2023)."""

from __future__ import annotations

from enum import StrEnum


class EmployeeStatus(StrEnum):
    PNS = "PNS"
    CPNS = "CPNS"
    # Contract civil servants; their number is not a NIP and is never parsed as one.
    PPPK = "PPPK"


class PositionCategory(StrEnum):
    JPT = "jpt"
    ADMINISTRATOR = "administrator"
    PENGAWAS = "pengawas"
    FUNGSIONAL = "fungsional"
    PELAKSANA = "pelaksana"

    @property
    def managerial(self) -> bool:
        return self in _MANAGERIAL


_MANAGERIAL = frozenset(
    {PositionCategory.JPT, PositionCategory.ADMINISTRATOR, PositionCategory.PENGAWAS}
)
