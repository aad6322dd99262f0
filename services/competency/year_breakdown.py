"""What one learner's year adds to the unit reports: coverage, participation, last activity.

Kept per learner in the unit-year beside the member's JP, so a report over a unit of 2,000
learners reads its unit-years (one per unit) instead of 2,000 learner-years. Only credited
events count (one credit per enrolment, ``crediting``), with their recognised JP:

- ``competencies``: per competency IRI, the credited events that develop it and their JP (an
  event developing two competencies counts for both);
- ``types``: per competency type, the same, an event counted once per distinct type (as
  ``year_summary.by_type``); competencies the catalog does not know have no type;
- ``providers``: per provider id ("" when none is known), the enrolments credited and their JP.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.competency.learner_year import LearnerYear

ZERO = Decimal(0)
NO_PROVIDER = ""


@dataclass(frozen=True, slots=True)
class Credit:
    """A credited event of the year, as the breakdown needs it."""

    local_date: date
    enrolment: tuple[str, str]
    competencies: tuple[str, ...]
    provider: str | None
    jp: Decimal


@dataclass(frozen=True, slots=True)
class Count:
    """How many (events, or enrolments for providers) and their recognised JP."""

    n: int
    jp: Decimal


@dataclass(frozen=True, slots=True)
class YearBreakdown:
    last_credited: date | None
    competencies: Mapping[str, Count]
    types: Mapping[str, Count]
    providers: Mapping[str, Count]


def credits_of(year: LearnerYear) -> list[Credit]:
    return [
        Credit(
            local_date=o.local_date,
            enrolment=(o.facts.activity, o.facts.registration or ""),
            competencies=o.competencies,
            provider=o.provider,
            jp=o.recognised_jp,
        )
        for o in year.outcomes
        if o.not_credited is None and not o.voided and o.local_date.year == year.year
    ]


def breakdown(credits: Iterable[Credit], type_of: Callable[[str], str | None]) -> YearBreakdown:
    competencies: dict[str, Count] = {}
    types: dict[str, Count] = {}
    enrolments: dict[str, set[tuple[str, str]]] = {}
    provider_jp: dict[str, Decimal] = {}
    last: date | None = None
    for credit in credits:
        last = credit.local_date if last is None else max(last, credit.local_date)
        for iri in dict.fromkeys(credit.competencies):
            competencies[iri] = _add(competencies.get(iri), credit.jp)
        for kind in {t for iri in credit.competencies if (t := type_of(iri)) is not None}:
            types[kind] = _add(types.get(kind), credit.jp)
        provider = credit.provider or NO_PROVIDER
        enrolments.setdefault(provider, set()).add(credit.enrolment)
        provider_jp[provider] = provider_jp.get(provider, ZERO) + credit.jp
    providers = {p: Count(len(enrolments[p]), provider_jp[p]) for p in enrolments}
    return YearBreakdown(last, _sorted(competencies), _sorted(types), _sorted(providers))


def _add(count: Count | None, jp: Decimal) -> Count:
    return Count(1, jp) if count is None else Count(count.n + 1, count.jp + jp)


def _sorted(counts: dict[str, Count]) -> dict[str, Count]:
    return dict(sorted(counts.items()))
