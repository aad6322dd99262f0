"""Roster import: good rows in, bad rows reported with their line."""

from __future__ import annotations

from services.competency.employment import EmployeeStatus, PositionCategory
from services.competency.roster import import_roster
from services.competency.units import UnitTree, import_units
from tests.unit.competency.support import where

HEADER = "nip,name,status,unit_code,position_category,email,openid,accounts\n"
ROWS = [
    "198503302010011002,Siti Rahma,PNS,DISKOMINFO,fungsional,Siti@palukota.go.id,,",  # 2 ok
    "198502302010011002,Andi,PNS,DISKOMINFO,pelaksana,,,",  # 3 no 30 February
    "PPPK-2025-000123,Budi,PPPK,DISKOMINFO,Fungsional,budi@palukota.go.id,,",  # 4 ok
    "198503302010011002,Siti Duplikat,PNS,DISKOMINFO,fungsional,,,",  # 5 NIP of line 2
    "199001012015032001,Dewi,pns,DISKOMINFO,JPT,siti@palukota.go.id,,",  # 6 e-mail of line 2
    "199001012015032002,Rina,PNS,KANTOR-X,pengawas,,,",  # 7 no such unit
    "199001012015032003,Yusuf,honorer,DISKOMINFO,pelaksana,,,",  # 8 no such status
    "199001012015032004,Nur,CPNS,DISKOMINFO,pelaksana,,,https://lms.example.go.id",  # 9 no name
]
UNITS = "code,name,valid_from\nDISKOMINFO,Dinas Kominfo,2000-01-01\n"


def units() -> UnitTree:
    tree = import_units(UNITS)
    assert isinstance(tree, UnitTree)
    return tree


def test_good_rows_are_imported_and_bad_rows_reported_by_line() -> None:
    result = import_roster(HEADER + "\n".join(ROWS) + "\n", units=units())
    assert [row.line for row in result.entries] == [2, 4]
    assert where(result.errors) == [("roster.csv", line) for line in (3, 5, 6, 7, 8, 9)]
    messages = {error.line: str(error) for error in result.errors}
    assert messages[3] == (
        "roster.csv:3: nip: NIP digits 1-8 (19850230) are not a birth date YYYYMMDD"
    )
    assert messages[5] == "roster.csv:5: NIP or identifier already used on line(s) 2"
    assert messages[6] == "roster.csv:6: NIP or identifier already used on line(s) 2"
    assert messages[7] == "roster.csv:7: unit_code: unknown unit KANTOR-X"
    assert messages[8].startswith("roster.csv:8: status: Input should be 'PNS', 'CPNS' or 'PPPK'")
    assert (
        messages[9]
        == "roster.csv:9: accounts: account 'https://lms.example.go.id' is not 'homePage|name'"
    )


def test_pppk_numbers_are_not_checked_as_nip_and_case_is_forgiven() -> None:
    result = import_roster(HEADER + ROWS[2] + "\n")
    (row,) = result.entries
    assert row.value.nip == "PPPK-2025-000123"
    assert row.value.status is EmployeeStatus.PPPK
    assert row.value.position_category is PositionCategory.FUNGSIONAL
    assert not row.value.position_category.managerial


def test_without_a_unit_tree_unit_codes_are_not_checked() -> None:
    assert [row.line for row in import_roster(HEADER + ROWS[5] + "\n").entries] == [2]
