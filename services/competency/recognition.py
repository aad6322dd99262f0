"""A learner's events -> recognised JP per event, with the rule table and the caps.

Deterministic: events are taken in the order of their timestamp, then statement id, so the
same set of events (e.g. after a voided statement is left out) always gives the same answer,
whatever order they arrived in.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

from services.competency.caps import CapLedger
from services.competency.catalog_settings import CatalogSettings
from services.competency.events import ActivityEvent, JpSource, RecognisedEvent
from services.competency.jp_conversion import rule_jp
from services.competency.jp_rules import JpRuleTable


def event_order(event: ActivityEvent) -> tuple[datetime, str]:
    return event.timestamp, event.statement_id.lower()


def recognise(
    events: Iterable[ActivityEvent], rules: JpRuleTable, settings: CatalogSettings
) -> list[RecognisedEvent]:
    """Recognised JP of one learner's events, in event order.

    1. Read each timestamp in the catalog's time zone: that local date picks the rule
       version, the day and month the caps count in, and the reporting year.
    2. Convert the event with its rule (``jp_conversion``), rounded down.
    3. Grant what the learner's day and month caps for the form still allow (``caps``).

    Caps carry over between events, so to recompute a period pass every event of it, plus
    the events of the days just before it that a multi-day event can reach back into.
    """
    quantum = Decimal(1).scaleb(-settings.jp_decimal_places)
    ledger = CapLedger()
    recognised = []
    for event in sorted(events, key=event_order):
        day = event.timestamp.astimezone(settings.zone).date()
        rule = rules.rule_for(event.form, event.variant, day)
        if rule is None:
            zero = Decimal(0)
            recognised.append(RecognisedEvent(event, day, None, JpSource.NONE, zero, zero, ()))
            continue
        jp, source = rule_jp(event, rule, quantum)
        granted, capped = ledger.grant(event.form, rule, _span(day, event.days), jp)
        recognised.append(RecognisedEvent(event, day, rule, source, jp, granted, capped))
    return recognised


def _span(last: date, days: int) -> list[date]:
    return [last - timedelta(days=back) for back in range(days - 1, -1, -1)]
