"""The commands that need no database: checking a catalog folder and a unit tree file."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from services.competency.catalog_loader import SEED_DIR
from services.competency.cli import app

runner = CliRunner()


def test_the_seed_catalog_checks() -> None:
    result = runner.invoke(app, ["catalog", "check", str(SEED_DIR)])
    assert result.exit_code == 0, result.output
    assert "9 competencies, 25 forms, 3 activities" in result.output


def test_a_broken_catalog_is_reported_by_file_and_line(tmp_path: Path) -> None:
    shutil.copytree(SEED_DIR, tmp_path, dirs_exist_ok=True)
    activities = tmp_path / "activities.csv"
    activities.write_text(activities.read_text() + "https://x.org/a,A,99,P,integritas,,,false\n")
    result = runner.invoke(app, ["catalog", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "activities.csv:5: form: unknown form 99" in result.output


def test_a_unit_tree_with_errors_is_not_imported(tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text("code,name,parent_code,valid_from\nA,A,B,2020-01-01\n")
    result = runner.invoke(app, ["units", "import", str(units)])
    assert result.exit_code == 1
    assert "units.csv:2: parent_code: parent B has no version valid on 2020-01-01" in result.output
