"""A unit's year seen through its members' breakdowns (``year_breakdown``): which
competencies they developed, with which providers, and who did nothing credited.

Pure: the members and their breakdowns in, the report lines out. A member with no event in
the year has the empty breakdown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.competency.compliance import Member
from services.competency.year_breakdown import Count, YearBreakdown

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Line:
    """``learners`` with at least one credited event (enrolment, for providers) under the key,
    how many events (enrolments), and their recognised JP."""

    key: str
    learners: int
    count: int
    jp: Decimal


@dataclass(frozen=True, slots=True)
class Lines:
    by_type: tuple[Line, ...]
    by_key: tuple[Line, ...]


def coverage(breakdowns: Iterable[YearBreakdown]) -> Lines:
    """Per competency type and per competency IRI."""
    items = list(breakdowns)
    return Lines(
        _lines(b.types for b in items),
        _lines(b.competencies for b in items),
    )


def participation(breakdowns: Iterable[YearBreakdown], type_of: Callable[[str], str]) -> Lines:
    """Per provider type (``type_of`` a provider id) and per provider id."""
    items = list(breakdowns)
    by_type = []
    for b in items:
        grouped: dict[str, Count] = {}
        for provider, count in b.providers.items():
            kind = type_of(provider)
            before = grouped.get(kind, Count(0, ZERO))
            grouped[kind] = Count(before.n + count.n, before.jp + count.jp)
        by_type.append(grouped)
    return Lines(_lines(by_type), _lines(b.providers for b in items))


def inactive(
    members: Iterable[Member], breakdowns: Mapping[str, YearBreakdown], since: date | None
) -> list[Member]:
    """Members with no credited event in the year (on or after ``since``, when given), by NIP."""
    quiet = []
    for member in members:
        found = breakdowns.get(member.nip)
        last = None if found is None else found.last_credited
        if last is None or (since is not None and last < since):
            quiet.append(member)
    return sorted(quiet, key=lambda m: m.nip)


def _lines(per_learner: Iterable[Mapping[str, Count]]) -> tuple[Line, ...]:
    learners: dict[str, int] = {}
    counts: dict[str, int] = {}
    jps: dict[str, Decimal] = {}
    for lines in per_learner:
        for key, count in lines.items():
            learners[key] = learners.get(key, 0) + 1
            counts[key] = counts.get(key, 0) + count.n
            jps[key] = jps.get(key, ZERO) + count.jp
    return tuple(Line(k, learners[k], counts[k], jps[k]) for k in sorted(learners))
