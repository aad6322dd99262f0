"""Catalog-wide settings, kept as rows of ``settings.csv`` (key, value, evidence, note)."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP
from enum import StrEnum
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


class HoursRounding(StrEnum):
    """How recognised JP become SIASN's whole ``jumlahJam``; ``decimal`` rounding mode."""

    HALF_UP = "half_up"
    DOWN = "down"
    UP = "up"

    @property
    def mode(self) -> str:
        return {"half_up": ROUND_HALF_UP, "down": ROUND_DOWN, "up": ROUND_UP}[self.value]


class CatalogSettings(DomainModel):
    """``time_zone`` decides the local day, month and year an event's timestamp falls in.

    Which date decides the reporting year is an open question of the domain brief; until it
    is answered, it is the statement timestamp read in this zone. How the SIASN export rounds
    an enrolment's JP to whole hours is open too: ``siasn_hours_rounding``, half up until
    the agency decides.
    """

    time_zone: str = DEFAULT_TIME_ZONE
    jp_decimal_places: int = Field(default=2, ge=0, le=6)
    siasn_hours_rounding: HoursRounding = HoursRounding.HALF_UP

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
