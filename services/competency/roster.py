"""The roster of civil servants, imported from CSV: good rows in, bad rows reported.

Each row also lists the identifiers the person may appear under in xAPI statements
(``learner_keys``), which is what the crosswalk resolves actors with.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Annotated

from pydantic import BeforeValidator, Field, StringConstraints, ValidationInfo, field_validator

from schemas.xapi.types import IRI
from services.common.learners import learner_key
from services.competency.base import CellList, Code, DomainModel
from services.competency.csv_table import Row, read_table
from services.competency.employment import EmployeeStatus, PositionCategory
from services.competency.file_errors import FileError
from services.competency.nip import nip_problems
from services.competency.units import UnitTree

SIASN_HOME_PAGE = "https://siasn.bkn.go.id"


# Spreadsheet users type "pns" or "Fungsional"; members of the enum pass untouched.
def _upper(value: object) -> object:
    return value.upper() if isinstance(value, str) and not isinstance(value, Enum) else value


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) and not isinstance(value, Enum) else value


Email = Annotated[str, StringConstraints(pattern=r"^[^@\s:]+@[^@\s.]+(?:\.[^@\s.]+)+$")]


class RosterEntry(DomainModel):
    """``nip`` holds the NIP of PNS and CPNS, and the PPPK's own number for PPPK.

    ``accounts`` are other platform accounts, ``homePage|name``, separated by ";".
    """

    # Before ``nip``: its check depends on the status.
    status: Annotated[EmployeeStatus, BeforeValidator(_upper)]
    nip: str = Field(min_length=1)
    name: str = Field(min_length=1)
    unit_code: Code
    unit_valid_from: date | None = None
    position_category: Annotated[PositionCategory, BeforeValidator(_lower)]
    email: Email | None = None
    openid: IRI | None = None
    accounts: CellList = ()

    @field_validator("accounts")
    @classmethod
    def _accounts_are_pairs(cls, accounts: tuple[str, ...]) -> tuple[str, ...]:
        for account in accounts:
            home_page, _, name = account.partition("|")
            if not home_page.strip() or not name.strip() or ":" not in home_page:
                raise ValueError(f"account {account!r} is not 'homePage|name'")
        return accounts

    @field_validator("nip")
    @classmethod
    def _nip_shape(cls, nip: str, info: ValidationInfo) -> str:
        # The domain brief asks for the shape check for PNS; PPPK numbers have another layout.
        if info.data.get("status") is EmployeeStatus.PNS and (problems := nip_problems(nip)):
            raise ValueError("; ".join(problems))
        return nip

    def learner_keys(self) -> list[str]:
        """Every learner key (``services.common.learners``) a statement may name this person by."""
        actors: list[dict[str, object]] = [
            {"account": {"homePage": SIASN_HOME_PAGE, "name": self.nip}}
        ]
        for account in self.accounts:
            home_page, _, name = account.partition("|")
            actors.append({"account": {"homePage": home_page.strip(), "name": name.strip()}})
        if self.email is not None:
            actors.append({"mbox": f"mailto:{self.email}"})
            # Providers hash the mailto IRI as they hold it; the case they use is unknown.
            for mbox in {f"mailto:{self.email}", f"mailto:{self.email.lower()}"}:
                digest = hashlib.sha1(mbox.encode(), usedforsecurity=False).hexdigest()
                actors.append({"mbox_sha1sum": digest})
        if self.openid is not None:
            actors.append({"openid": self.openid})
        return list(dict.fromkeys(learner_key(actor) for actor in actors))


@dataclass(frozen=True, slots=True)
class RosterImport:
    entries: tuple[Row[RosterEntry], ...]
    errors: tuple[FileError, ...]


def import_roster(
    text: str, file: str = "roster.csv", units: UnitTree | None = None
) -> RosterImport:
    """Rows that fail, repeat an earlier row's NIP or identifier, or name a unit the tree
    does not know are reported by line and left out; the others are imported."""
    table = read_table(file, text, RosterEntry)
    errors = list(table.errors)
    entries: list[Row[RosterEntry]] = []
    owner: dict[str, int] = {}
    known_units = None if units is None else units.codes()
    for row in table.rows:
        entry = row.value
        if known_units is not None and entry.unit_code not in known_units:
            errors.append(FileError(file, row.line, f"unknown unit {entry.unit_code}", "unit_code"))
            continue
        keys = [f"nip:{entry.nip}", *entry.learner_keys()]
        taken = sorted({owner[key] for key in keys if key in owner})
        if taken:
            message = f"NIP or identifier already used on line(s) {', '.join(map(str, taken))}"
            errors.append(FileError(file, row.line, message))
            continue
        owner.update(dict.fromkeys(keys, row.line))
        entries.append(row)
    return RosterImport(tuple(entries), tuple(sorted(errors, key=lambda e: e.line or 0)))
