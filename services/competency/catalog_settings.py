"""Catalog-wide settings, kept as rows of ``settings.csv`` (key, value, evidence, note)."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator

from services.competency.base import DomainModel, Evidence

# Palu (Central Sulawesi) keeps WITA, UTC+8.
DEFAULT_TIME_ZONE = "Asia/Makassar"


class SettingRow(DomainModel):
    key: str
    value: str
    evidence: Evidence
    note: str = ""


class CatalogSettings(DomainModel):
    """``time_zone`` decides the local day, month and year an event's timestamp falls in.

    Which date decides the reporting year is an open question of the domain brief; until it
    is answered, it is the statement timestamp read in this zone.
    """

    time_zone: str = DEFAULT_TIME_ZONE
    jp_decimal_places: int = Field(default=2, ge=0, le=6)

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown IANA time zone {value!r}") from error
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)
