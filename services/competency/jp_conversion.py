"""One event under one rule: its JP before any cap, and where they came from."""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from services.competency.events import ActivityEvent, JpSource
from services.competency.jp_rules import Basis, JpRule

# LAN: 1 JP = 45 minutes (not the school lesson hour).
JP_DURATION = timedelta(minutes=45)
_MICROSECOND = timedelta(microseconds=1)


def duration_jp(duration: timedelta) -> Decimal:
    # Integer microseconds keep the division exact up to Decimal's precision.
    return Decimal(duration // _MICROSECOND) / Decimal(JP_DURATION // _MICROSECOND)


def rule_jp(event: ActivityEvent, rule: JpRule, quantum: Decimal) -> tuple[Decimal, JpSource]:
    """JP rounded down to ``quantum``: never more than the evidence supports."""
    jp, source = _base(event, rule)
    if event.international and rule.international_factor is not None:
        jp *= rule.international_factor
    return jp.quantize(quantum, rounding=ROUND_DOWN), source


def _base(event: ActivityEvent, rule: JpRule) -> tuple[Decimal, JpSource]:
    if rule.jp_per_unit is not None:
        per_unit = rule.jp_per_unit
        if event.international and rule.international_jp_per_unit is not None:
            per_unit = rule.international_jp_per_unit
        units = {Basis.PER_DAY: event.days, Basis.PER_SESSION: event.sessions}.get(rule.basis, 1)
        return per_unit * units, JpSource.RULE
    if rule.basis is Basis.PROGRAMME and event.catalog_jp is not None:
        return event.catalog_jp, JpSource.CATALOG
    if rule.basis is Basis.PROGRAMME and event.claimed_jp is not None:
        return event.claimed_jp, JpSource.CLAIMED
    if event.duration is not None:
        return duration_jp(event.duration), JpSource.DURATION
    return Decimal(0), JpSource.NONE
