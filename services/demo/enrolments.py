"""One enrolment (xAPI ``context.registration``) of one learner: its statements as each kind
of provider sends them, and which of them the crediting rules count
(``services.competency.crediting``: the first completion, else each day's attendance).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from services.competency.xapi_conventions import Extension
from services.demo.offerings import Offering
from services.demo.schedule import at
from services.demo.statements import Statement, minutes, new_id, progress, statement

PER_DAY_JP = 8  # classroom training: what BPSDM claims for one attended day


@dataclass
class Enrolment:
    offering: Offering
    days: list[date]
    statements: list[Statement] = field(default_factory=list)
    credited: list[Statement] = field(default_factory=list)


def certificate(rng: random.Random, offering: Offering, day: date) -> str:
    prefix = offering.provider.upper().replace("-", "")
    return f"{prefix}/{day.year}/{day:%m}/{rng.randint(1, 99999):05d}"


def e_learning(
    rng: random.Random, who: dict[str, Any], offering: Offering, days: list[date], finish: bool
) -> Enrolment:
    """cmi5-style: launched and initialized (no competency event), progressed, then completed
    and passed, sometimes after a failed attempt; unfinished courses stop at progressed."""
    reg = new_id(rng)
    first = at(days[0], rng, 8, 12)
    made = Enrolment(offering, days)
    made.statements += [
        statement(rng, who, "launched", offering, first, reg, cmi5=True),
        statement(rng, who, "initialized", offering, first + timedelta(seconds=20), reg, cmi5=True),
        statement(
            rng, who, "progressed", offering, first + timedelta(minutes=40), reg,
            result=progress(rng.choice((25, 40, 60))), cmi5=True,
        ),
    ]  # fmt: skip
    if not finish:
        return made
    end = at(days[-1], rng, 13, 16)
    spent = minutes(45 * (offering.jp or 6) + rng.randint(-20, 20))
    if rng.random() < 0.12:
        made.statements.append(
            statement(
                rng, who, "failed", offering, end - timedelta(minutes=30), reg,
                result={"score": _score(rng, 35, 64), "success": False, "duration": spent},
                cmi5=True,
            )
        )  # fmt: skip
    extensions: dict[Extension, Any] = {Extension.DAYS: len(days)}
    if offering.jp is not None:
        extensions[Extension.JP_CLAIMED] = offering.jp
    extensions[Extension.CERTIFICATE] = certificate(rng, offering, days[-1])
    completed = statement(
        rng, who, "completed", offering, end, reg,
        result={"completion": True, "duration": spent}, extensions=extensions, cmi5=True,
    )  # fmt: skip
    passed = statement(
        rng, who, "passed", offering, end + timedelta(minutes=1), reg,
        result={"score": _score(rng, 70, 100), "success": True, "completion": True,
                "duration": spent},
        extensions=extensions, cmi5=True,
    )  # fmt: skip
    made.statements += [completed, passed]
    made.credited.append(completed)
    return made


def classroom(
    rng: random.Random, who: dict[str, Any], offering: Offering, days: list[date], finish: bool
) -> Enrolment:
    """BPSDM: attended on every day, completed on the last; who drops out gets the days
    attended."""
    reg = new_id(rng)
    made = Enrolment(offering, days)
    attended_days = days if finish else days[: rng.randint(1, max(1, len(days) - 1))]
    for day in attended_days:
        # Bimtek report the time spent; training programmes the JP of the day.
        spent = None if offering.minutes is None else {"duration": minutes(offering.minutes)}
        claim = {} if spent else {Extension.JP_CLAIMED: PER_DAY_JP}
        made.statements.append(
            statement(rng, who, "attended", offering, at(day, rng, 8, 9), reg,
                      result=spent, extensions=claim)
        )  # fmt: skip
    if not finish:
        made.credited += made.statements
        return made
    extensions: dict[Extension, Any] = {
        Extension.DAYS: len(days),
        Extension.CERTIFICATE: certificate(rng, offering, days[-1]),
    }
    result: dict[str, Any] = {"completion": True}
    if offering.jp is not None:
        extensions[Extension.JP_CLAIMED] = offering.jp
    if offering.minutes is not None:
        result["duration"] = minutes(offering.minutes * len(days))
    done = statement(rng, who, "completed", offering, at(days[-1], rng, 15, 17), reg,
                     result=result, extensions=extensions)  # fmt: skip
    made.statements.append(done)
    made.credited.append(done)
    return made


def event(
    rng: random.Random, who: dict[str, Any], offering: Offering, days: list[date]
) -> Enrolment:
    """University seminars and workshops: registered weeks before, completed on the last day
    with the number of days; the certificate comes with the completion."""
    reg = new_id(rng)
    made = Enrolment(offering, days)
    registered_on = days[0] - timedelta(days=rng.randint(7, 30))
    if registered_on.year == days[0].year:
        made.statements.append(
            statement(rng, who, "registered", offering, at(registered_on, rng), reg)
        )
    extensions: dict[Extension, Any] = {
        Extension.DAYS: len(days),
        Extension.CERTIFICATE: certificate(rng, offering, days[-1]),
    }
    done = statement(
        rng, who, "completed", offering, at(days[-1], rng, 15, 17), reg,
        result={"completion": True}, extensions=extensions,
    )  # fmt: skip
    made.statements.append(done)
    made.credited.append(done)
    return made


def coaching(
    rng: random.Random, who: dict[str, Any], offering: Offering, days: list[date]
) -> Enrolment:
    """Private partner coaching or mentoring: one attended statement per session (one a
    day), then a completion that stands for all of them, with the sessions and total time."""
    reg = new_id(rng)
    made = Enrolment(offering, days)
    session = offering.minutes or 90
    for day in days:
        made.statements.append(
            statement(rng, who, "attended", offering, at(day, rng, 9, 15), reg,
                      result={"duration": minutes(session)})
        )  # fmt: skip
    done = statement(
        rng, who, "completed", offering, at(days[-1], rng, 15, 17), reg,
        result={"completion": True, "duration": minutes(session * len(days))},
        extensions={Extension.SESSIONS: len(days)},
    )  # fmt: skip
    made.statements.append(done)
    made.credited.append(done)
    return made


def webinar(
    rng: random.Random, who: dict[str, Any], offering: Offering, days: list[date]
) -> Enrolment:
    """One completed statement with the time spent online."""
    made = Enrolment(offering, days)
    done = statement(
        rng, who, "completed", offering, at(days[0], rng, 9, 15), new_id(rng),
        result={"completion": True, "duration": minutes(offering.minutes or 90)},
    )  # fmt: skip
    made.statements.append(done)
    made.credited.append(done)
    return made


def _score(rng: random.Random, low: int, high: int) -> dict[str, Any]:
    raw = rng.randint(low, high)
    return {"scaled": raw / 100, "raw": raw, "min": 0, "max": 100}
