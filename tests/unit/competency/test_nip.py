"""The NIP shape: birth date, appointment year-month, sex digit, sequence."""

from __future__ import annotations

import pytest

from services.competency.nip import nip_problems


@pytest.mark.parametrize("nip", ["198503302010011002", "200002292024122001"])
def test_well_formed_nips_pass(nip: str) -> None:
    assert nip_problems(nip) == []  # 29 Feb 2000 is a date: 2000 was a leap year


@pytest.mark.parametrize(
    ("nip", "problem"),
    [
        ("19850330201001100", "NIP must be 18 digits, got '19850330201001100'"),
        ("19850330201001100X", "NIP must be 18 digits, got '19850330201001100X'"),
        ("198502302010011002", "NIP digits 1-8 (19850230) are not a birth date YYYYMMDD"),
        ("190002292010011002", "NIP digits 1-8 (19000229) are not a birth date YYYYMMDD"),
        ("198503302010131002", "NIP digits 9-14 (201013) are not an appointment year-month YYYYMM"),
        ("198503302010013002", "NIP digit 15 (sex) must be 1 or 2, got 3"),
        (
            "1.98503E+17",
            "NIP '1.98503E+17' was turned into a number by a spreadsheet; "
            "format the column as text and export again",
        ),
    ],
)
def test_each_malformed_part_is_named(nip: str, problem: str) -> None:
    assert nip_problems(nip) == [problem]


def test_every_problem_is_reported_at_once() -> None:
    assert len(nip_problems("198513402010000002")) == 3  # month 13, month 00, sex 0
