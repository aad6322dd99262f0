"""What goes wrong in real feeds, made on purpose:

- mistaken completions, voided later; a few voids reach the LRS before their target;
- late statements: whole enrolments sent at the end, with timestamps months back;
- duplicates: statements sent again, same id and content (a retry after a lost answer);
- learners whose roster rows are imported only after their statements arrived;
- activities nobody maps (no form in the catalog or the statement): needs-mapping.

Mistakes and unmapped activities plan no JP, so the planned JP of every learner stay true.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta

from services.demo import enrolments, offerings
from services.demo.learning_year import LearnerYear
from services.demo.schedule import Calendar, at
from services.demo.statements import Statement, actor, voiding

MISTAKE_SHARE = 0.03
EARLY_SHARE = 0.1
LATE_VOID_SHARE = 0.15
LATE_ENROLMENT_SHARE = 0.03
DUPLICATE_SHARE = 0.01
UNMAPPED_SHARE = 0.02
LATE_ROSTER_SHARE = 0.01
SECOND_HALF = 7  # month: targets of early voids happen late enough to be sent well after them


@dataclass
class Faults:
    """Statements by when they are sent, on top of the learners' own."""

    first: list[Statement] = field(default_factory=list)  # before everything else
    main: list[Statement] = field(default_factory=list)  # mixed in, in time order
    after_main: list[Statement] = field(default_factory=list)
    late: list[Statement] = field(default_factory=list)  # after the late roster import
    voided_ids: list[str] = field(default_factory=list)
    unmapped: int = 0


def add_faults(rng: random.Random, years: list[LearnerYear], calendar: Calendar) -> Faults:
    faults = Faults()
    active = [y for y in years if y.enrolments]
    voids = [
        made
        for year in rng.sample(active, _share(len(active), MISTAKE_SHARE))
        if (made := _mistake(rng, year, calendar, faults)) is not None
    ]
    rng.shuffle(voids)
    # Only targets of the second half of the year are sent clearly after the first batches.
    early = [v for v, month in voids if month >= SECOND_HALF][: _share(len(voids), EARLY_SHARE)]
    rest = [v for v, _ in voids if v not in early]
    late = rest[: _share(len(rest), LATE_VOID_SHARE)]
    faults.first += early
    faults.late += late
    faults.after_main += [v for v in rest if v not in late]
    for year in rng.sample(active, _share(len(active), UNMAPPED_SHARE)):
        activity = rng.choice(offerings.UNMAPPED)
        days = calendar.run(rng, 1, year.taken)
        if days is not None:
            faults.main += enrolments.webinar(
                rng, actor(year.person, False), activity, days
            ).statements
            faults.unmapped += 1
    return faults


def late_enrolment_statements(rng: random.Random, years: list[LearnerYear]) -> list[Statement]:
    """Take whole enrolments (of the first nine months) out of the learners' years, to be
    sent at the very end."""
    candidates = [
        enrolment
        for year in years
        for enrolment in year.enrolments
        if enrolment.credited and enrolment.days[-1].month <= 9
    ]
    late: list[Statement] = []
    for enrolment in rng.sample(candidates, _share(len(candidates), LATE_ENROLMENT_SHARE)):
        late += enrolment.statements
        enrolment.statements = []
    return late


def duplicates(rng: random.Random, sent: list[Statement]) -> list[Statement]:
    return rng.sample(sent, _share(len(sent), DUPLICATE_SHARE))


def late_roster_nips(rng: random.Random, years: list[LearnerYear]) -> set[str]:
    active = [y for y in years if y.enrolments]
    return {y.person.nip for y in rng.sample(active, _share(len(active), LATE_ROSTER_SHARE))}


def _mistake(
    rng: random.Random, year: LearnerYear, calendar: Calendar, faults: Faults
) -> tuple[Statement, int] | None:
    """A completion sent for the wrong person or course; return the provider's void of it
    and the month of the target."""
    seminar = rng.choice([o for o in offerings.SEMINARS if o.form is not None])
    days = calendar.run(rng, seminar.days, year.taken)
    if days is None:
        return None
    year.taken.update(days)
    made = enrolments.event(rng, actor(year.person, False), seminar, days)
    (target,) = made.credited
    faults.main += made.statements
    faults.voided_ids.append(target["id"])
    return voiding(rng, target, at(days[-1] + timedelta(days=rng.randint(1, 20)), rng)), days[
        0
    ].month


def _share(total: int, share: float) -> int:
    """At least one of anything there is, so a tiny demo still has every fault."""
    return min(total, max(1, round(total * share))) if total else 0
