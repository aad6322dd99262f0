"""A unit's compliance, rolled up from the units under it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.competency.compliance import Member, band, compliance, subtree
from services.competency.employment import EmployeeStatus
from services.competency.units import UnitTree, import_units

UNITS = (
    "code,name,parent_code,valid_from,valid_until,opd\n"
    "PEMKOT,Pemerintah Kota Palu,,2000-01-01,,false\n"
    "DISKOMINFO,Dinas Komunikasi dan Informatika,PEMKOT,2000-01-01,,true\n"
    "BID-DATA,Bidang Data,DISKOMINFO,2016-01-01,,false\n"
    "SEKSI-SP,Seksi Statistik Sektoral,BID-DATA,2016-01-01,,false\n"
    "BAPPEDA,Badan Perencanaan,PEMKOT,2000-01-01,,true\n"
)
DAY = date(2025, 12, 31)
PNS, PPPK = EmployeeStatus.PNS, EmployeeStatus.PPPK


def tree() -> UnitTree:
    units = import_units(UNITS)
    assert isinstance(units, UnitTree)
    return units


def test_the_subtree_reports_each_unit_under_its_branch() -> None:
    assert subtree(tree(), "DISKOMINFO", DAY) == {
        "DISKOMINFO": "DISKOMINFO",
        "BID-DATA": "BID-DATA",
        "SEKSI-SP": "BID-DATA",
    }
    assert subtree(None, "DISKOMINFO", DAY) == {"DISKOMINFO": "DISKOMINFO"}


def test_learners_at_and_under_target_with_the_distribution() -> None:
    members = [
        Member("1", "Siti", PNS, "DISKOMINFO"),
        Member("2", "Andi", PNS, "SEKSI-SP"),
        Member("3", "Dewi", PNS, "BID-DATA"),
        Member("4", "Budi", PPPK, "SEKSI-SP"),
        Member("5", "Rina", PNS, "BAPPEDA"),  # another agency: not in the report
    ]
    recognised = {"1": Decimal("21"), "2": Decimal("4.5"), "5": Decimal("30")}  # 3, 4: no events

    def target(status: EmployeeStatus) -> Decimal | None:
        return Decimal(20) if status is PNS else None

    report = compliance(
        "DISKOMINFO", 2025, subtree(tree(), "DISKOMINFO", DAY), members, recognised, target
    )
    total = report.total
    assert (total.learners, total.at_target, total.under_target, total.without_target) == (
        4, 1, 2, 1,
    )  # fmt: skip
    assert total.recognised_jp == Decimal("25.5")
    assert total.distribution == {"0": 2, "0-5": 1, "5-10": 0, "10-15": 0, "15-20": 0, "20+": 1}
    assert set(report.by_unit) == {"DISKOMINFO", "BID-DATA"}
    assert report.by_unit["BID-DATA"].learners == 3
    # The furthest from the target first.
    assert [(m.member.nip, m.shortfall) for m in report.under_target] == [
        ("3", Decimal(20)),
        ("2", Decimal("15.5")),
    ]


def test_bands() -> None:
    assert [band(Decimal(v)) for v in ("0", "0.01", "4.99", "5", "19.99", "20", "45")] == [
        "0", "0-5", "0-5", "5-10", "15-20", "20+", "20+",
    ]  # fmt: skip
