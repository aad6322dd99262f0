"""One learner's year of learning: enrolments drawn until the JP planned for them is reached.

Three kinds of learner make the reports worth reading: most reach the 20 JP target, a share
stays under it, and a few learn nothing at all. Which JP an enrolment is worth comes from
the competency package itself (``planned_jp``).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from services.competency.catalog import Catalog
from services.competency.employment import PositionCategory
from services.demo import enrolments, offerings
from services.demo.enrolments import Enrolment
from services.demo.offerings import Offering
from services.demo.people import CivilServant
from services.demo.planned_jp import recognised_jp
from services.demo.schedule import Calendar
from services.demo.statements import actor

TARGET_JP = Decimal(20)
ATTEMPTS = 40


class Profile(StrEnum):
    AT_TARGET = "at_target"
    UNDER = "under_target"
    NOTHING = "nothing"


@dataclass
class LearnerYear:
    person: CivilServant
    profile: Profile
    enrolments: list[Enrolment] = field(default_factory=list)
    planned_jp: Decimal = Decimal(0)
    taken: set[date] = field(default_factory=set)

    def statement_count(self) -> int:
        return sum(len(e.statements) for e in self.enrolments)


Draw = Callable[[random.Random, CivilServant, Calendar, set[date]], Enrolment | None]


def learning_year(
    rng: random.Random,
    person: CivilServant,
    profile: Profile,
    calendar: Calendar,
    catalog: Catalog,
    statements_wanted: int,
) -> LearnerYear:
    year = LearnerYear(person, profile)
    if profile is Profile.NOTHING:
        return year
    goal = (
        Decimal(rng.randint(20, 48))
        if profile is Profile.AT_TARGET
        else Decimal(rng.randint(2, 18))
    )
    for _ in range(ATTEMPTS):
        if year.planned_jp >= goal:
            break
        draw = rng.choices(DRAWS, [weight for _, weight in DRAWS_WEIGHTED])[0]
        enrolment = draw(rng, person, calendar, year.taken)
        if enrolment is None or enrolment.offering in {e.offering for e in year.enrolments}:
            continue
        jp = recognised_jp(enrolment.credited, catalog)
        if profile is Profile.UNDER and year.planned_jp + jp >= TARGET_JP:
            continue
        year.enrolments.append(enrolment)
        year.taken.update(enrolment.days)
        year.planned_jp += jp
    # Courses opened and left: statements without JP, as every LMS has plenty of.
    while year.statement_count() < statements_wanted:
        course = rng.choice(offerings.E_LEARNING)
        who = actor(person, by_email=rng.random() < 0.05)
        year.enrolments.append(
            enrolments.e_learning(rng, who, course, [calendar.any_day(rng)], finish=False)
        )
    return year


def _e_learning(
    rng: random.Random, person: CivilServant, calendar: Calendar, taken: set[date]
) -> Enrolment | None:
    course = rng.choice(offerings.E_LEARNING)
    days = calendar.run(rng, course.days, taken)
    who = actor(person, by_email=rng.random() < 0.05)
    return None if days is None else enrolments.e_learning(rng, who, course, days, finish=True)


def _classroom(
    rng: random.Random, person: CivilServant, calendar: Calendar, taken: set[date]
) -> Enrolment | None:
    choices: tuple[Offering, ...] = offerings.CLASSROOM + offerings.BIMTEK
    if person.position is not PositionCategory.PENGAWAS:
        choices = tuple(o for o in choices if o.form != 5)
    training = rng.choice(choices)
    days = calendar.run(rng, training.days, taken)
    who = actor(person, by_email=False)
    finish = rng.random() > 0.08
    return None if days is None else enrolments.classroom(rng, who, training, days, finish)


def _event(
    rng: random.Random, person: CivilServant, calendar: Calendar, taken: set[date]
) -> Enrolment | None:
    seminar = rng.choice(offerings.SEMINARS)
    days = calendar.run(rng, seminar.days, taken)
    who = actor(person, by_email=rng.random() < 0.1)
    return None if days is None else enrolments.event(rng, who, seminar, days)


def _coaching(
    rng: random.Random, person: CivilServant, calendar: Calendar, taken: set[date]
) -> Enrolment | None:
    programme = rng.choice(offerings.COACHING)
    sessions: list[date] = []
    for _ in range(rng.randint(2, 4)):
        day = calendar.run(rng, 1, taken | set(sessions))
        if day is None:
            return None
        sessions += day
    who = actor(person, by_email=rng.random() < 0.8)
    return enrolments.coaching(rng, who, programme, sorted(sessions))


def _webinar(
    rng: random.Random, person: CivilServant, calendar: Calendar, taken: set[date]
) -> Enrolment | None:
    session = rng.choice(offerings.WEBINARS)
    days = calendar.run(rng, 1, taken)
    who = actor(person, by_email=rng.random() < 0.8)
    return None if days is None else enrolments.webinar(rng, who, session, days)


DRAWS_WEIGHTED: tuple[tuple[Draw, float], ...] = (
    (_e_learning, 5.0),
    (_classroom, 0.8),
    (_event, 2.0),
    (_coaching, 0.6),
    (_webinar, 2.0),
)
DRAWS = [draw for draw, _ in DRAWS_WEIGHTED]
