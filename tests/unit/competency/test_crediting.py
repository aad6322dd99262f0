"""One credit per enrolment: which events of a learner earn JP."""

from __future__ import annotations

from datetime import datetime

from services.competency.crediting import Candidate, NotCredited, credits
from services.competency.xapi_conventions import EventKind

COURSE = "https://lms.example.go.id/course/x"


def candidate(
    statement_id: str,
    at: str,
    kind: EventKind,
    registration: str | None = None,
    *,
    voided: bool = False,
    mapped: bool = True,
    activity: str = COURSE,
) -> Candidate:
    moment = datetime.fromisoformat(f"{at}+08:00")
    return Candidate(statement_id, moment, moment.date(), kind, activity, registration, voided,
                     mapped)  # fmt: skip


def test_the_first_completion_of_an_enrolment_counts() -> None:
    verdicts = credits(
        [
            candidate("b", "2025-03-10T11:00", EventKind.PASSED, "r1"),
            candidate("a", "2025-03-10T10:00", EventKind.COMPLETED, "r1"),
            candidate("c", "2025-04-10T10:00", EventKind.COMPLETED, "r2"),  # a second enrolment
        ]
    )
    assert verdicts == {"a": None, "b": NotCredited.ENROLMENT_CREDITED, "c": None}


def test_a_voided_completion_leaves_the_enrolment_to_the_next() -> None:
    verdicts = credits(
        [
            candidate("a", "2025-03-10T10:00", EventKind.COMPLETED, voided=True),
            candidate("b", "2025-03-10T11:00", EventKind.PASSED),
            candidate("c", "2025-03-10T12:00", EventKind.MASTERED, mapped=False),
        ]
    )
    assert verdicts == {
        "a": NotCredited.VOIDED,
        "b": None,
        "c": NotCredited.NEEDS_MAPPING,
    }


def test_attendance_counts_once_a_day_without_a_completion() -> None:
    verdicts = credits(
        [
            candidate("a", "2025-05-06T09:00", EventKind.ATTENDED),
            candidate("b", "2025-05-06T14:00", EventKind.ATTENDED),
            candidate("c", "2025-05-07T09:00", EventKind.ATTENDED),
        ]
    )
    assert verdicts == {"a": None, "b": NotCredited.ATTENDED_THAT_DAY, "c": None}


def test_a_completion_stands_for_the_attendance_of_its_enrolment() -> None:
    verdicts = credits(
        [
            candidate("a", "2025-05-06T09:00", EventKind.ATTENDED, "r1"),
            candidate("b", "2025-05-07T16:00", EventKind.COMPLETED, "r1"),
            candidate("c", "2025-05-06T09:00", EventKind.ATTENDED, "r2"),  # another enrolment
        ]
    )
    assert verdicts == {"a": NotCredited.COVERED_BY_COMPLETION, "b": None, "c": None}


def test_other_kinds_are_timeline_events_only() -> None:
    kinds = (EventKind.REGISTERED, EventKind.FAILED, EventKind.SCORED, EventKind.PROGRESSED,
             EventKind.EARNED)  # fmt: skip
    verdicts = credits(candidate(kind.value, "2025-05-06T09:00", kind) for kind in kinds)
    assert set(verdicts.values()) == {NotCredited.TIMELINE_ONLY}
