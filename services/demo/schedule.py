"""When a learner's activities happen: runs of working days in the reporting year, local time.

Each learner's credited activities get day runs of their own that never overlap, so the
per-day caps of one activity never eat into another's and the JP the generator plans are the
JP the pipeline recognises. Runs stay clear of the year's first and last weeks, so a
multi-day event never reaches into another reporting year.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Makassar")  # WITA, Palu's time zone (the seed catalog's time_zone)
# National holidays that fall on fixed dates; the moving ones are left out.
FIXED_HOLIDAYS = ((1, 1), (5, 1), (6, 1), (8, 17), (12, 25))
MARGIN_DAYS = 10


class Calendar:
    def __init__(self, year: int) -> None:
        self.year = year
        first, last = date(year, 1, 1), date(year, 12, 31)
        self.days = [
            first + timedelta(days=n)
            for n in range(MARGIN_DAYS, (last - first).days - MARGIN_DAYS)
            if _working(first + timedelta(days=n))
        ]

    def run(self, rng: random.Random, length: int, taken: set[date]) -> list[date] | None:
        """``length`` consecutive working days (Monday to Friday, one week at most) none of
        which is in ``taken``; None when a few tries find none."""
        for _ in range(50):
            start = rng.choice(self.days)
            days = [start + timedelta(days=n) for n in range(length)]
            if all(_working(d) for d in days) and not taken.intersection(days):
                return days
        return None

    def any_day(self, rng: random.Random) -> date:
        return rng.choice(self.days)


def at(day: date, rng: random.Random, earliest: int = 8, latest: int = 16) -> datetime:
    """A moment of office hours on ``day``, Palu time, to the minute."""
    minute = rng.randint(earliest * 60, latest * 60 - 1)
    return datetime.combine(day, time(minute // 60, minute % 60), ZONE)


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _working(day: date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS
