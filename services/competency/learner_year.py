"""One learner's reporting year, recomputed whole from the facts of its events.

Recomputing from the facts (rather than adding to a running total) is what makes redelivery,
replay, late statements and voiding harmless: the same set of events gives the same year,
whatever order they arrived in (``recognition.event_order``).

1. Resolve each event against the catalog (``resolution``); the learner is known already.
2. Decide which events earn JP (``crediting``: one credit per enrolment).
3. Recognise JP with the rule table and the learner's day and month caps (``recognition``).
4. Sum the year by competency type and form against the target (``year_summary``).

A multi-day event early in January may use the room of late-December days: pass the previous
year's events as ``context`` so the caps see what those days had used already.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from services.competency.catalog import Catalog
from services.competency.catalog_settings import CatalogSettings
from services.competency.crediting import Candidate, NotCredited, credits
from services.competency.events import Cap, JpSource, RecognisedEvent
from services.competency.recognition import recognise
from services.competency.resolution import MappingGap, Resolved, resolve_activity
from services.competency.statement_facts import StatementFacts
from services.competency.year_summary import YearSummary, summarise_year

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class LearnerEvent:
    """An event as a learner-year keeps it: the statement's facts and whether it was voided."""

    facts: StatementFacts
    voided: bool = False


@dataclass(frozen=True, slots=True)
class EventOutcome:
    """What the year made of one event; the claim and raw duration stay on ``facts``."""

    facts: StatementFacts
    voided: bool
    local_date: date
    gaps: tuple[MappingGap, ...]
    not_credited: NotCredited | None
    form: int | None
    competencies: tuple[str, ...]
    provider: str | None
    rule_jp: Decimal
    recognised_jp: Decimal
    source: JpSource
    capped_by: tuple[Cap, ...]


@dataclass(frozen=True, slots=True)
class LearnerYear:
    year: int
    target_jp: Decimal | None
    outcomes: tuple[EventOutcome, ...]
    summary: YearSummary
    reaches_back_to: date | None

    @property
    def met(self) -> bool | None:
        return None if self.target_jp is None else self.summary.met


def local_date(facts: StatementFacts, settings: CatalogSettings) -> date:
    return facts.timestamp.astimezone(settings.zone).date()


def compute_learner_year(
    year: int,
    events: Sequence[LearnerEvent],
    catalog: Catalog,
    target_jp: Decimal | None,
    context: Iterable[LearnerEvent] = (),
) -> LearnerYear:
    settings = catalog.settings
    every = [*context, *events]
    resolved = {e.facts.statement_id: resolve_activity(e.facts, catalog) for e in every}
    candidates = [
        Candidate(
            statement_id=e.facts.statement_id,
            timestamp=e.facts.timestamp,
            local_date=local_date(e.facts, settings),
            kind=e.facts.kind,
            activity=e.facts.activity,
            registration=e.facts.registration,
            voided=e.voided,
            mapped=resolved[e.facts.statement_id].event is not None,
        )
        for e in every
    ]
    verdicts = credits(candidates)
    credited = [
        event
        for statement_id, verdict in verdicts.items()
        if verdict is None and (event := resolved[statement_id].event) is not None
    ]
    recognised = {r.event.statement_id: r for r in recognise(credited, catalog.rules, settings)}
    summary = summarise_year(recognised.values(), year, target_jp or ZERO, catalog)
    outcomes = tuple(
        _outcome(e, resolved[e.facts.statement_id], verdicts[e.facts.statement_id], recognised,
                 settings)
        for e in sorted(events, key=lambda e: (e.facts.timestamp, e.facts.statement_id))
    )  # fmt: skip
    return LearnerYear(year, target_jp, outcomes, summary, _reaches_back(year, recognised))


def _outcome(
    event: LearnerEvent,
    resolved: Resolved,
    verdict: NotCredited | None,
    recognised: dict[str, RecognisedEvent],
    settings: CatalogSettings,
) -> EventOutcome:
    facts = event.facts
    found = recognised.get(facts.statement_id)
    activity = resolved.event
    return EventOutcome(
        facts=facts,
        voided=event.voided,
        local_date=local_date(facts, settings),
        gaps=resolved.gaps,
        not_credited=verdict,
        form=None if activity is None else activity.form,
        competencies=() if activity is None else activity.competencies,
        provider=facts.provider if activity is None else activity.provider,
        rule_jp=ZERO if found is None else found.rule_jp,
        recognised_jp=ZERO if found is None else found.recognised_jp,
        source=JpSource.NONE if found is None else found.source,
        capped_by=() if found is None else found.capped_by,
    )


def _reaches_back(year: int, recognised: dict[str, RecognisedEvent]) -> date | None:
    """The earliest day before 1 January that a credited event of ``year`` spans."""
    starts = [
        r.local_date - timedelta(days=r.event.days - 1)
        for r in recognised.values()
        if r.year == year and r.event.days > 1
    ]
    earliest = min(starts, default=None)
    return earliest if earliest is not None and earliest.year < year else None
