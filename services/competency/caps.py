"""Per-learner caps per form, per local day and per local month.

A multi-day event may use the room of each day it spans, earliest day first; what it takes
from a day is no longer there for the events after it. An event counts towards the month
of its own (last) day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from services.competency.events import Cap
from services.competency.jp_rules import JpRule

ZERO = Decimal(0)


class CapLedger:
    """What one learner has used so far, in the order the events are granted."""

    def __init__(self) -> None:
        self._day: defaultdict[tuple[int, date], Decimal] = defaultdict(Decimal)
        self._month: defaultdict[tuple[int, int, int], Decimal] = defaultdict(Decimal)

    def grant(
        self, form: int, rule: JpRule, days: Sequence[date], wanted: Decimal
    ) -> tuple[Decimal, tuple[Cap, ...]]:
        """Take up to ``wanted`` JP from the room the rule's caps leave; say which caps bit."""
        last = days[-1]
        month = (form, last.year, last.month)
        granted, capped = wanted, []
        room_by_day = None
        if rule.cap_per_day is not None:
            cap = rule.cap_per_day
            room_by_day = [max(ZERO, cap - self._day[(form, day)]) for day in days]
            if sum(room_by_day, ZERO) < granted:
                granted = sum(room_by_day, ZERO)
                capped.append(Cap.DAY)
        if rule.cap_per_month is not None:
            room = max(ZERO, rule.cap_per_month - self._month[month])
            if room < granted:
                granted = room
                capped.append(Cap.MONTH)
        self._use(form, days, room_by_day, granted)
        self._month[month] += granted
        return granted, tuple(capped)

    def _use(
        self, form: int, days: Sequence[date], room: list[Decimal] | None, granted: Decimal
    ) -> None:
        if room is None:
            # No day cap here, but a later rule version may have one: keep the day's use.
            self._day[(form, days[-1])] += granted
            return
        left = granted
        for day, free in zip(days, room, strict=True):
            taken = min(left, free)
            self._day[(form, day)] += taken
            left -= taken
