"""A statement's facts plus the catalog -> the activity event the JP rules take, or what is
missing for one.

The agency's catalog outranks the provider: for a mapped activity its form, variant, scope,
provider id and programme JP apply, and the statement only adds competencies. An activity the
catalog does not map still counts when the statement names a known development form itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from services.competency.catalog import Catalog
from services.competency.events import ActivityEvent
from services.competency.statement_facts import StatementFacts


class MappingGap(StrEnum):
    """Why an event is kept but not counted, until the roster or the catalog learns more."""

    LEARNER = "learner"  # the actor is not on the roster
    ACTIVITY = "activity"  # the catalog does not map the activity, and no form was claimed
    FORM = "form"  # the form (mapped or claimed) is not in the catalog


@dataclass(frozen=True, slots=True)
class Resolved:
    event: ActivityEvent | None
    gaps: tuple[MappingGap, ...]


def resolve_activity(facts: StatementFacts, catalog: Catalog) -> Resolved:
    mapping = catalog.activities.get(facts.activity)
    form = mapping.form if mapping is not None else facts.form
    if form is None:
        return Resolved(None, (MappingGap.ACTIVITY,))
    if form not in catalog.forms:
        return Resolved(None, (MappingGap.FORM,))
    mapped = (
        [] if mapping is None else [catalog.competencies[code].id for code in mapping.competencies]
    )
    tagged = [iri for iri in facts.categories if catalog.competency(iri) is not None]
    international = facts.international if mapping is None else mapping.international
    event = ActivityEvent(
        statement_id=facts.statement_id,
        timestamp=facts.timestamp,
        form=form,
        variant=(facts.variant or "") if mapping is None else mapping.variant,
        international=bool(international),
        claimed_jp=facts.claimed_jp,
        catalog_jp=None if mapping is None else mapping.jp,
        duration=facts.duration,
        days=facts.days,
        sessions=facts.sessions,
        competencies=tuple(dict.fromkeys([*mapped, *facts.competencies, *tagged])),
        activity=facts.activity,
        provider=facts.provider if mapping is None else mapping.provider,
    )
    return Resolved(event, ())
