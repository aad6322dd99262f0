"""Rule versions and variants, and the rows the table refuses."""

from __future__ import annotations

from datetime import date

import pytest

from services.competency.csv_table import read_table
from services.competency.jp_rules import JpRule
from tests.unit.competency.support import RULES_HEADER, rules

TABLE = rules(
    "9,,2018-01-01,per_day,4,6,,,,secondary,",
    "9,,2026-01-01,per_day,5,6,,,,unconfirmed,",
    "9,webinar,2025-07-01,duration,,,,,,unconfirmed,",
)


@pytest.mark.parametrize(
    ("variant", "day", "expected"),
    [
        ("", date(2017, 12, 31), None),  # before the first version
        ("", date(2018, 1, 1), date(2018, 1, 1)),  # valid from its first day
        ("", date(2025, 12, 31), date(2018, 1, 1)),
        ("", date(2026, 1, 1), date(2026, 1, 1)),  # the new version takes over
        ("webinar", date(2025, 6, 30), date(2018, 1, 1)),  # variant not yet in force: the form's
        ("webinar", date(2025, 7, 1), date(2025, 7, 1)),
        ("hybrid", date(2025, 7, 1), date(2018, 1, 1)),  # no such variant: the form's
    ],
)
def test_the_version_in_force(variant: str, day: date, expected: date | None) -> None:
    rule = TABLE.rule_for(9, variant, day)
    assert (None if rule is None else rule.valid_from) == expected


def test_unknown_form_has_no_rule() -> None:
    assert TABLE.rule_for(10, "", date(2025, 1, 1)) is None


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("9,,2018-01-01,per_day,,,,,,secondary,", "basis per_day needs jp_per_unit"),
        (
            "3,,2018-01-01,programme,4,,,,,secondary,",
            "basis programme takes no jp_per_unit/international_jp_per_unit",
        ),
        (
            "9,,2018-01-01,per_day,4,6,1.2,,,secondary,",
            "give international_jp_per_unit or international_factor, not both",
        ),
        ("9,,2018-01-01,per_day,4,,,-1,,secondary,", "Input should be greater than or equal to 0"),
        ("9,,2018-01-01,per_week,4,,,,,secondary,", "Input should be 'programme', 'duration', "),
        ("9,,2018-01-01,per_day,4,,,,,maybe,", "Input should be 'confirmed', 'secondary' or "),
    ],
)
def test_inconsistent_rows_are_refused(row: str, message: str) -> None:
    table = read_table("jp_rules.csv", RULES_HEADER + row, JpRule)
    assert table.rows == ()
    (error,) = table.errors
    assert error.line == 2 and error.message.startswith(message)
