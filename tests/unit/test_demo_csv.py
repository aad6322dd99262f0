"""The demo's unit tree and roster import through the competency package's own imports."""

from __future__ import annotations

from datetime import date

from services.competency.roster import import_roster
from services.competency.roster_merge import merge_roster
from services.competency.units import UnitTree, import_units
from services.demo.unit_tree import ROOT, UNITS, leaves
from tests.unit.demo_support import YEAR, small_demo


def test_the_unit_tree_imports_whole_with_one_root_and_agencies_under_it() -> None:
    tree = import_units(small_demo().units_csv)
    assert isinstance(tree, UnitTree)
    assert len(tree.codes()) == len(UNITS) == 40
    day = date(YEAR, 6, 30)
    for unit in UNITS:
        path = tree.path_to_root(unit.code, day)
        assert path[-1].code == ROOT
        if unit.code != ROOT:
            assert tree.opd_on(unit.code, day) is not None, unit.code
    assert any(len(tree.path_to_root(leaf.code, day)) == 3 for leaf in leaves())


def test_roster_and_late_rows_import_without_errors() -> None:
    demo = small_demo()
    tree = import_units(demo.units_csv)
    assert isinstance(tree, UnitTree)
    first = import_roster(demo.roster_csv(), "roster.csv", tree)
    assert first.errors == ()
    assert len(first.entries) == len(demo.roster)
    late = import_roster(demo.late_roster_csv(), "roster-late.csv", tree)
    merged = merge_roster([row.value for row in first.entries], late, "roster-late.csv")
    assert merged.errors == ()
    assert len(merged.entries) == len(demo.late_roster) > 0
