"""The JP the pipeline will recognise for an enrolment, computed with the competency
package's own rules and the seed catalog, so the demo can say beforehand who reaches the
target."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from services.competency.catalog import Catalog
from services.competency.recognition import recognise
from services.competency.resolution import resolve_activity
from services.competency.statement_facts import facts_of
from services.demo.statements import Statement

ZERO = Decimal(0)


def recognised_jp(credited: Iterable[Statement], catalog: Catalog) -> Decimal:
    """JP of the credited statements of one learner; those the catalog cannot map give 0.

    Caps are counted only among these statements: the schedule gives each enrolment days of
    its own, so across enrolments JP add up.
    """
    events = []
    for item in credited:
        facts = facts_of(item)
        resolved = None if facts is None else resolve_activity(facts, catalog)
        if resolved is not None and resolved.event is not None:
            events.append(resolved.event)
    return sum((r.recognised_jp for r in recognise(events, catalog.rules, catalog.settings)), ZERO)
