"""A learner's learning activity as the JP rules see it, and what the rules made of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Self

from pydantic import AwareDatetime, Field, model_validator

from services.competency.base import DomainModel
from services.competency.jp_rules import Jp, JpRule


class ActivityEvent(DomainModel):
    """One recognised activity of one learner (a completion, an attendance...).

    ``claimed_jp`` is what the provider's statement claims, ``catalog_jp`` what the activity
    mapping says, ``duration`` the statement's raw ``result.duration``. ``days`` and
    ``sessions`` count what per-day and per-session rules multiply; a multi-day event ends
    on its timestamp's local date.
    """

    statement_id: str = Field(min_length=1)
    timestamp: AwareDatetime
    form: int = Field(ge=1)
    variant: str = ""
    international: bool = False
    claimed_jp: Jp | None = None
    catalog_jp: Jp | None = None
    duration: timedelta | None = None
    days: int = Field(default=1, ge=1, le=366)
    sessions: int = Field(default=1, ge=1)
    competencies: tuple[str, ...] = ()
    activity: str | None = None
    provider: str | None = None

    @model_validator(mode="after")
    def _duration_not_negative(self) -> Self:
        if self.duration is not None and self.duration < timedelta(0):
            raise ValueError("duration must not be negative")
        return self


class JpSource(StrEnum):
    """Where an event's JP (before caps) came from."""

    RULE = "rule"
    CATALOG = "catalog"
    CLAIMED = "claimed"
    DURATION = "duration"
    NONE = "none"


class Cap(StrEnum):
    DAY = "day"
    MONTH = "month"


@dataclass(frozen=True, slots=True)
class RecognisedEvent:
    """The event, the rule applied, the JP before and after the caps.

    The provider's claim and the raw duration stay on ``event``, beside the recognised JP.
    """

    event: ActivityEvent
    local_date: date
    rule: JpRule | None
    source: JpSource
    rule_jp: Decimal
    recognised_jp: Decimal
    capped_by: tuple[Cap, ...]

    @property
    def year(self) -> int:
        return self.local_date.year
