"""Which of a learner's events earn JP: one credit per enrolment, not one per statement.

An enrolment is the activity plus ``context.registration`` (none: the activity alone). In
event order (timestamp, then statement id):

1. the first completion (completed, passed, mastered) of an enrolment is credited; later
   ones (a "passed" after the "completed") are not;
2. an attendance is credited as one session when its enrolment has no completion, at most
   once a local day; with a completion, the completion stands for the whole enrolment;
3. other kinds (registered, failed, scored, progressed, earned) are timeline events only.

Voided events and events that need mapping are never credited, and leave the enrolment as if
they had not been sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from services.competency.xapi_conventions import COMPLETION_KINDS, EventKind


class NotCredited(StrEnum):
    VOIDED = "voided"
    NEEDS_MAPPING = "needs_mapping"
    TIMELINE_ONLY = "timeline_only"
    ENROLMENT_CREDITED = "enrolment_already_credited"
    COVERED_BY_COMPLETION = "covered_by_completion"
    ATTENDED_THAT_DAY = "already_attended_that_day"


@dataclass(frozen=True, slots=True)
class Candidate:
    statement_id: str
    timestamp: datetime
    local_date: date
    kind: EventKind
    activity: str
    registration: str | None
    voided: bool
    mapped: bool

    @property
    def enrolment(self) -> tuple[str, str]:
        return self.activity, self.registration or ""

    @property
    def countable(self) -> bool:
        return not self.voided and self.mapped


def credits(candidates: Iterable[Candidate]) -> dict[str, NotCredited | None]:
    """Statement id -> None when credited, else why not."""
    ordered = sorted(candidates, key=lambda c: (c.timestamp, c.statement_id.lower()))
    completed = {c.enrolment for c in ordered if c.countable and c.kind in COMPLETION_KINDS}
    credited_completion: set[tuple[str, str]] = set()
    attended_days: set[tuple[tuple[str, str], date]] = set()
    outcome: dict[str, NotCredited | None] = {}
    for c in ordered:
        outcome[c.statement_id] = _why_not(c, completed, credited_completion, attended_days)
    return outcome


def _why_not(
    c: Candidate,
    completed: set[tuple[str, str]],
    credited_completion: set[tuple[str, str]],
    attended_days: set[tuple[tuple[str, str], date]],
) -> NotCredited | None:
    if c.voided:
        return NotCredited.VOIDED
    if not c.mapped:
        return NotCredited.NEEDS_MAPPING
    if c.kind in COMPLETION_KINDS:
        if c.enrolment in credited_completion:
            return NotCredited.ENROLMENT_CREDITED
        credited_completion.add(c.enrolment)
        return None
    if c.kind is EventKind.ATTENDED:
        if c.enrolment in completed:
            return NotCredited.COVERED_BY_COMPLETION
        if (c.enrolment, c.local_date) in attended_days:
            return NotCredited.ATTENDED_THAT_DAY
        attended_days.add((c.enrolment, c.local_date))
        return None
    return NotCredited.TIMELINE_ONLY
