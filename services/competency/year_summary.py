"""One learner's year: recognised JP by competency type and by form, against the target."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from services.competency.catalog import Catalog
from services.competency.competencies import CompetencyType
from services.competency.events import RecognisedEvent

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class YearSummary:
    """``by_type`` counts an event once for each distinct type it develops, so its values
    may add up to more than ``recognised_jp``; ``untagged_jp`` is what no known competency
    claims. ``claimed_jp`` sums the providers' claims, for comparison only."""

    year: int
    target_jp: Decimal
    recognised_jp: Decimal
    claimed_jp: Decimal
    by_type: Mapping[CompetencyType, Decimal]
    by_form: Mapping[int, Decimal]
    untagged_jp: Decimal
    events: int

    @property
    def met(self) -> bool:
        return self.recognised_jp >= self.target_jp

    @property
    def shortfall(self) -> Decimal:
        return max(ZERO, self.target_jp - self.recognised_jp)


def summarise_year(
    recognised: Iterable[RecognisedEvent], year: int, target_jp: Decimal, catalog: Catalog
) -> YearSummary:
    """Only events whose local date falls in ``year`` count; the others are ignored."""
    by_type = dict.fromkeys(CompetencyType, ZERO)
    by_form: dict[int, Decimal] = {}
    total = claimed = untagged = ZERO
    events = 0
    for item in recognised:
        if item.year != year:
            continue
        events += 1
        jp = item.recognised_jp
        total += jp
        if item.event.claimed_jp is not None:
            claimed += item.event.claimed_jp
        by_form[item.event.form] = by_form.get(item.event.form, ZERO) + jp
        found = (catalog.competency(iri) for iri in item.event.competencies)
        types = {competency.type for competency in found if competency is not None}
        for kind in types:
            by_type[kind] += jp
        if not types:
            untagged += jp
    return YearSummary(
        year, target_jp, total, claimed, by_type, dict(sorted(by_form.items())), untagged, events
    )
