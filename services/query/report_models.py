"""What the competency report endpoints answer (JSON); JP are numbers with 2 decimals."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, PlainSerializer

JpNumber = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]


class TimelineEntry(BaseModel):
    statement_id: str
    kind: str
    verb: str
    activity: str
    timestamp: datetime
    local_date: date
    registration: str | None
    form: int | None
    competencies: list[str]
    provider: str | None = None
    claimed_jp: JpNumber | None
    duration: str | None
    rule_jp: JpNumber
    recognised_jp: JpNumber
    source: str
    capped_by: list[str]
    credited: bool
    not_credited: str | None
    gaps: list[str]


class FormJp(BaseModel):
    form: int
    name: str | None
    jp: JpNumber


class LearnerYearReport(BaseModel):
    nip: str
    name: str
    unit: str
    status: str
    year: int
    target_jp: JpNumber | None
    recognised_jp: JpNumber
    claimed_jp: JpNumber
    met: bool | None
    shortfall: JpNumber | None
    by_type: dict[str, JpNumber]
    by_form: list[FormJp]
    untagged_jp: JpNumber
    credited_events: int
    catalog_version: str | None
    events: list[TimelineEntry]


class TallyReport(BaseModel):
    learners: int
    at_target: int
    under_target: int
    without_target: int
    recognised_jp: JpNumber
    distribution: dict[str, int]


class UnderTarget(BaseModel):
    nip: str
    name: str
    unit: str
    recognised_jp: JpNumber
    target_jp: JpNumber | None
    shortfall: JpNumber


class ComplianceResponse(BaseModel):
    """``under_target`` is paged (furthest behind first, then by NIP): ``next`` is the URL of
    the following page, or null on the last."""

    unit: str
    year: int
    status: str | None = None
    units: list[str]
    total: TallyReport
    by_unit: dict[str, TallyReport]
    under_target: list[UnderTarget]
    next: str | None = None


class UnmappedLearner(BaseModel):
    learner_key: str
    statements: int


class UnmappedActivity(BaseModel):
    activity: str
    gap: str
    statements: int


class NeedsMappingResponse(BaseModel):
    """Kept, not counted: events whose learner or activity the roster or catalog lacks."""

    learners: list[UnmappedLearner]
    activities: list[UnmappedActivity]
    next: str | None = None


def entry_of(facts: dict[str, Any], outcome: dict[str, Any]) -> TimelineEntry:
    """A learner-year's event (its facts and what it counted for) -> its timeline entry."""
    return TimelineEntry(
        statement_id=facts["statement_id"],
        kind=facts["kind"],
        verb=facts["verb"],
        activity=facts["activity"],
        timestamp=facts["timestamp"],
        local_date=outcome["local_date"],
        registration=facts.get("registration"),
        form=outcome.get("form"),
        competencies=list(outcome.get("competencies") or []),
        # Learner-years written before outcomes kept the provider: the statement's own.
        provider=outcome.get("provider", facts.get("provider")),
        claimed_jp=facts.get("claimed_jp"),
        duration=facts.get("duration"),
        rule_jp=outcome["rule_jp"],
        recognised_jp=outcome["recognised_jp"],
        source=outcome["source"],
        capped_by=list(outcome.get("capped_by") or []),
        credited=bool(outcome["credited"]),
        not_credited=outcome.get("not_credited"),
        gaps=list(outcome.get("gaps") or []),
    )
