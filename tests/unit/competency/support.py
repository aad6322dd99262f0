"""Builders for the competency tests: events, rule tables and catalogs from short texts."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from services.competency.catalog import Catalog
from services.competency.catalog_loader import load_catalog, read_catalog_dir
from services.competency.catalog_settings import CatalogSettings
from services.competency.csv_table import read_table
from services.competency.events import ActivityEvent
from services.competency.file_errors import FileError
from services.competency.jp_rules import JpRule, JpRuleTable

RULES_HEADER = (
    "form,variant,valid_from,basis,jp_per_unit,international_jp_per_unit,"
    "international_factor,cap_per_day,cap_per_month,evidence,note\n"
)
WITA = CatalogSettings()


@cache
def seed_catalog() -> Catalog:
    """Loaded once: a catalog is immutable."""
    catalog = load_catalog(read_catalog_dir())
    assert isinstance(catalog, Catalog), catalog
    return catalog


def rules(*lines: str) -> JpRuleTable:
    table = read_table("jp_rules.csv", RULES_HEADER + "\n".join(lines), JpRule)
    assert not table.errors, table.errors
    return JpRuleTable(row.value for row in table.rows)


def event(statement_id: str, at: str, form: int, **fields: Any) -> ActivityEvent:
    """An event at local Palu time ``at`` (ISO, WITA = +08:00 unless ``at`` has an offset)."""
    timestamp = datetime.fromisoformat(at if "+" in at or at.endswith("Z") else at + "+08:00")
    for name in ("claimed_jp", "catalog_jp"):
        if name in fields:
            fields[name] = Decimal(str(fields[name]))
    if "minutes" in fields:
        fields["duration"] = timedelta(minutes=fields.pop("minutes"))
    return ActivityEvent(statement_id=statement_id, timestamp=timestamp, form=form, **fields)


def jp(value: str) -> Decimal:
    return Decimal(value)


def where(errors: tuple[FileError, ...]) -> list[tuple[str, int | None]]:
    return [(error.file, error.line) for error in errors]
