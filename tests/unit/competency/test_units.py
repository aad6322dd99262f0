"""The unit tree over time: parents, paths to the root, the OPD a unit rolls up to."""

from __future__ import annotations

from datetime import date

from services.competency.file_errors import Rejected
from services.competency.units import Unit, UnitTree, import_units

HEADER = "code,name,parent_code,valid_from,valid_until,opd\n"
UNITS = HEADER + (
    "PEMKOT,Pemerintah Kota Palu,,2000-01-01,,false\n"
    "DISKOMINFO,Dinas Komunikasi dan Informatika,PEMKOT,2000-01-01,,true\n"
    "BAPPEDA,Badan Perencanaan Pembangunan Daerah,PEMKOT,2000-01-01,,true\n"
    "BID-DATA,Bidang Data,DISKOMINFO,2016-01-01,2023-12-31,false\n"
    "BID-DATA,Bidang Data dan Statistik,BAPPEDA,2024-01-01,,false\n"
    "SEKSI-SP,Seksi Statistik Sektoral,BID-DATA,2016-01-01,,false\n"
)


def tree() -> UnitTree:
    units = import_units(UNITS)
    assert isinstance(units, UnitTree), units
    return units


def codes(units: tuple[Unit, ...]) -> list[str]:
    return [unit.code for unit in units]


def test_a_unit_moved_to_another_agency_rolls_up_by_date() -> None:
    units = tree()
    old, new = date(2023, 12, 31), date(2024, 1, 1)
    assert codes(units.path_to_root("SEKSI-SP", old)) == [
        "SEKSI-SP",
        "BID-DATA",
        "DISKOMINFO",
        "PEMKOT",
    ]
    assert codes(units.path_to_root("SEKSI-SP", new)) == [
        "SEKSI-SP",
        "BID-DATA",
        "BAPPEDA",
        "PEMKOT",
    ]
    opds = [units.opd_on("SEKSI-SP", day) for day in (old, new)]
    assert [None if opd is None else opd.code for opd in opds] == ["DISKOMINFO", "BAPPEDA"]
    parent = units.parent_on("BID-DATA", new)
    assert parent is not None and parent.code == "BAPPEDA"


def test_a_unit_before_it_existed_has_no_path() -> None:
    assert tree().path_to_root("SEKSI-SP", date(2015, 12, 31)) == ()
    assert tree().opd_on("NOWHERE", date(2024, 1, 1)) is None


def test_overlapping_versions_a_missing_parent_and_a_cycle_reject_the_file() -> None:
    overlapping = UNITS + "BID-DATA,Bidang Data,DISKOMINFO,2023-06-01,2023-12-31,false\n"
    result = import_units(overlapping)
    assert isinstance(result, Rejected)
    assert [str(e) for e in result.errors] == [
        "units.csv:8: unit BID-DATA overlaps its version on line 5"
    ]
    orphan = HEADER + "A,A,,2020-01-01,2021-12-31,true\nB,B,A,2020-01-01,,false\n"
    result = import_units(orphan)
    assert isinstance(result, Rejected)
    # B outlives its parent A: on 2022-01-01 it has none.
    assert [str(e) for e in result.errors] == [
        "units.csv:3: parent_code: parent A has no version valid on 2022-01-01"
    ]
    cycle = HEADER + "A,A,B,2020-01-01,,false\nB,B,A,2020-01-01,,false\n"
    result = import_units(cycle)
    assert isinstance(result, Rejected)
    assert [e.line for e in result.errors] == [2, 3]


def test_row_checks_name_the_line() -> None:
    result = import_units(HEADER + "A,A,A,2020-01-01,2019-01-01,maybe\n")
    assert isinstance(result, Rejected)
    assert [(e.line, e.column) for e in result.errors] == [(2, "opd")]
    result = import_units(HEADER + "A,A,A,2020-01-01,2019-01-01,true\n")
    assert isinstance(result, Rejected)
    assert [e.message for e in result.errors] == ["valid_until is before valid_from"]
