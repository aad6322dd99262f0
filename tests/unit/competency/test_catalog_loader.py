"""A catalog file set is accepted whole, or rejected with errors that point at lines."""

from __future__ import annotations

from decimal import Decimal

from services.competency.catalog import Catalog, in_force
from services.competency.catalog_loader import (
    ACTIVITIES,
    JP_RULES,
    SETTINGS,
    TARGETS,
    load_catalog,
    read_catalog_dir,
    replace_file,
)
from services.competency.employment import EmployeeStatus
from services.competency.file_errors import Rejected
from tests.unit.competency.support import RULES_HEADER, seed_catalog, where

ACTIVITIES_HEADER = "activity,name,form,provider,competencies,jp,variant,international\n"


def rejected(name: str, text: str) -> Rejected:
    result = replace_file(seed_catalog(), name, text)
    assert isinstance(result, Rejected)
    return result


def test_bad_rows_are_reported_with_their_line_and_column() -> None:
    result = rejected(
        ACTIVITIES,
        ACTIVITIES_HEADER
        + "https://a.example/1,A,16,P,integritas,6,,false\n"  # line 2: fine
        + "https://a.example/2,B,99,P,integritas,,,false\n"  # line 3: no form 99
        + "\n"  # line 4: blank, skipped
        + "https://a.example/3,C,16,P,nope,,,false\n"  # line 5: no competency "nope"
        + "https://a.example/1,D,16,P,integritas,,,false\n"  # line 6: repeats line 2
        + "https://a.example/4,E,16,P,integritas,-1,,false\n",  # line 7: negative JP
    )
    assert [(e.line, e.column) for e in result.errors] == [
        (3, "form"),
        (5, "competencies"),
        (6, None),
        (7, "jp"),
    ]
    assert str(result.errors[2]) == "activities.csv:6: activity already defined on line 2"


def test_header_problems_are_reported_on_the_header_line() -> None:
    text = "activity,name,form,competencies,colour\nhttps://a.example/1,A,16,integritas,red\n"
    messages = [str(error) for error in rejected(ACTIVITIES, text).errors]
    assert messages == [
        "activities.csv:1: unknown column 'colour'; known: activity, name, form, provider, "
        "competencies, jp, variant, international",
        "activities.csv:1: required column 'provider' is missing",
    ]


def test_a_quoted_cell_spanning_lines_keeps_later_line_numbers_right() -> None:
    text = (
        RULES_HEADER
        + '16,,2018-01-01,programme,,,,3,,secondary,"a note\non two lines"\n'  # lines 2-3
        + "16,,2024-01-01,per_day,,,,,,secondary,\n"  # line 4: per_day needs jp_per_unit
    )
    result = rejected(JP_RULES, text)
    rule_errors = [error for error in result.errors if error.file == JP_RULES]
    assert where(tuple(rule_errors)) == [(JP_RULES, 4)]
    assert rule_errors[0].message == "basis per_day needs jp_per_unit"


def test_rows_with_the_wrong_number_of_fields_are_refused() -> None:
    text = "status,from_year,jp,evidence\nPNS,2017,20\nCPNS,2017,20,confirmed,,\nPPPK,2020,20,,x\n"
    result = rejected(TARGETS, text)
    # Line 3's two extra cells are empty padding, so it is fine; line 4's fifth cell is not.
    assert [str(e) for e in result.errors] == [
        "targets.csv:2: expected 4 fields, found 3",
        "targets.csv:4: expected 4 fields, found 5",
    ]


def test_a_bad_setting_points_at_its_line() -> None:
    text = "key,value,evidence\njp_decimal_places,2,secondary\ntime_zone,Asia/Palu,unconfirmed\n"
    result = rejected(SETTINGS, text)
    assert [str(e) for e in result.errors] == [
        "settings.csv:3: value: time_zone: unknown IANA time zone 'Asia/Palu'"
    ]


def test_missing_and_unknown_files_are_named() -> None:
    sources = read_catalog_dir()
    del sources[TARGETS]
    result = load_catalog({**sources, "notes.txt": ""})
    assert isinstance(result, Rejected)
    assert [str(e) for e in result.errors] == [
        "notes.txt: not a catalog file",
        "targets.csv: missing",
    ]


def test_excel_exports_with_a_byte_order_mark_and_semicolons_load() -> None:
    text = (
        "\ufeffstatus;from_year;jp;evidence;note\nPNS;2017;20;confirmed;\nPNS;2030;24;secondary;\n"
    )
    catalog = replace_file(seed_catalog(), TARGETS, text)
    assert isinstance(catalog, Catalog)
    pns = catalog.targets.target_for(EmployeeStatus.PNS, 2031)
    assert pns is not None and pns.jp == Decimal(24)


def test_a_rejected_file_leaves_the_catalog_in_force() -> None:
    current = seed_catalog()
    assert in_force(current, rejected(TARGETS, "status\nPNS\n")) is current


def test_an_accepted_edit_is_a_new_version_and_the_same_files_the_same_version() -> None:
    current = seed_catalog()
    edited = replace_file(
        current, TARGETS, current.sources[TARGETS].replace("PNS,2017,20", "PNS,2017,24")
    )
    assert isinstance(edited, Catalog)
    assert in_force(current, edited) is edited
    assert edited.version != current.version
    assert seed_catalog().version == current.version


def test_a_form_without_a_rule_is_refused() -> None:
    rules = seed_catalog().sources[JP_RULES]
    without_24 = "\n".join(line for line in rules.splitlines() if not line.startswith("24,"))
    result = rejected(JP_RULES, without_24)
    # Form 24 is the 25th line of forms.csv (header, then ids 1 to 24).
    assert [str(e) for e in result.errors] == ["forms.csv:25: form 24 has no rule in jp_rules.csv"]
