"""The README opens with the two commands and documents every setting."""

from __future__ import annotations

from pathlib import Path

from devstack.settings import StackSettings
from services.aggregator.settings import AggregatorSettings
from services.ingest.settings import IngestSettings
from services.query.settings import QuerySettings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_first_lines_give_the_run_and_test_commands() -> None:
    head = "\n".join(README.splitlines()[:6])
    assert "make run" in head and "make test" in head


def test_every_setting_is_documented() -> None:
    for settings in (IngestSettings, AggregatorSettings, QuerySettings, StackSettings):
        for name in settings.model_fields:
            assert f"`LRS_{name.upper()}`" in README, name
