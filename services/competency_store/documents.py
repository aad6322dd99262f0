"""Domain values <-> MongoDB documents.

Flat, simply typed fields for what is filtered, grouped or summed; the rest (an event's facts,
the outcome of each event) as JSON text, as statements are kept (ADR 0003): FerretDB writes
a string at half the cost of the same data as a nested document. Numbers of JP are decimal
strings (FerretDB has no Decimal128), dates ISO strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_DOWN, Decimal
from typing import Any

import orjson

from services.common.mongo import Document
from services.competency.catalog import Catalog
from services.competency.learner_year import EventOutcome, LearnerEvent, LearnerYear
from services.competency.roster import RosterEntry
from services.competency.statement_facts import StatementFacts
from services.competency.year_breakdown import breakdown, credits_of
from services.competency_store.breakdown_doc import breakdown_text
from services.competency_store.kursus_doc import kursus_of, kursus_text


def facts_text(facts: StatementFacts) -> str:
    return facts.model_dump_json()


def facts_from_text(text: object) -> StatementFacts:
    return StatementFacts.model_validate_json(str(text))


def events_of(doc: Mapping[str, Any] | None) -> list[LearnerEvent]:
    """The events a learner-year document keeps: the facts, and which were voided."""
    if doc is None:
        return []
    voided = set(doc.get("voided") or [])
    seen: dict[str, LearnerEvent] = {}
    for item in doc.get("events") or []:
        facts = facts_from_text(item)
        seen.setdefault(facts.statement_id, LearnerEvent(facts, facts.statement_id in voided))
    return list(seen.values())


def version_of(doc: Mapping[str, Any] | None) -> int:
    """Grows with every event or void appended (both are sets that only grow)."""
    if doc is None:
        return 0
    return len(doc.get("events") or []) + len(doc.get("voided") or [])


def learner_year_summary(
    nip: str, entry: RosterEntry, year: LearnerYear, catalog: Catalog
) -> Document:
    """What the year's events come to; equal events give an equal summary, so a recompute
    that changes nothing is seen (and not written). JP are written with the catalog's decimal
    places; ``outcomes`` (JSON text) follow event order, each naming its statement."""
    summary = year.summary
    places = catalog.settings.jp_decimal_places
    jp = _Jp(places)
    found = breakdown(credits_of(year), lambda iri: _type_of(catalog, iri))
    return {
        "nip": nip,
        "year": year.year,
        "unit": entry.unit_code,
        "status": entry.status.value,
        "catalog": catalog.version.digest,
        "target_jp": None if year.target_jp is None else jp(year.target_jp),
        "met": year.met,
        "shortfall": None if year.target_jp is None else jp(summary.shortfall),
        "recognised_jp": jp(summary.recognised_jp),
        "claimed_jp": jp(summary.claimed_jp),
        "untagged_jp": jp(summary.untagged_jp),
        "credited_events": summary.events,
        "by_type": {kind.value: jp(value) for kind, value in summary.by_type.items()},
        "by_form": [{"form": form, "jp": jp(value)} for form, value in summary.by_form.items()],
        "reaches_back_to": _text(year.reaches_back_to),
        "last_credited": _text(found.last_credited),
        "breakdown": breakdown_text(found, places),
        "outcomes": orjson.dumps([_outcome_doc(o, jp) for o in year.outcomes]).decode(),
        "kursus": kursus_text(kursus_of(nip, year, catalog)),
    }


def _type_of(catalog: Catalog, iri: str) -> str | None:
    competency = catalog.competency(iri)
    return None if competency is None else competency.type.value


class _Jp:
    def __init__(self, places: int) -> None:
        self._quantum = Decimal(1).scaleb(-places)

    def __call__(self, value: Decimal) -> str:
        return str(value.quantize(self._quantum, rounding=ROUND_DOWN))


def _outcome_doc(outcome: EventOutcome, jp: _Jp) -> Document:
    return {
        "statement_id": outcome.facts.statement_id,
        "voided": outcome.voided,
        "local_date": outcome.local_date.isoformat(),
        "gaps": [gap.value for gap in outcome.gaps],
        "credited": outcome.not_credited is None,
        "not_credited": _text(outcome.not_credited),
        "form": outcome.form,
        "competencies": list(outcome.competencies),
        "provider": outcome.provider,
        "rule_jp": jp(outcome.rule_jp),
        "recognised_jp": jp(outcome.recognised_jp),
        "source": outcome.source.value,
        "capped_by": [cap.value for cap in outcome.capped_by],
    }


def outcomes_of(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    outcomes: list[dict[str, Any]] = orjson.loads(str(doc.get("outcomes") or "[]"))
    return outcomes


def unit_member_doc(nip: str, doc: Mapping[str, Any]) -> Document:
    """What the unit reports read of a member's year (``year_breakdown``)."""
    return {
        "nip": nip,
        "recognised_jp": doc["recognised_jp"],
        "target_jp": doc["target_jp"],
        "last_credited": doc.get("last_credited"),
        "breakdown": doc.get("breakdown"),
        "kursus": doc.get("kursus"),
    }


def roster_doc(entry: RosterEntry) -> Document:
    return {
        "_id": entry.nip,
        "entry": entry.model_dump_json(),
        "unit_code": entry.unit_code,
        "learner_keys": entry.learner_keys(),
    }


def roster_entry(doc: Mapping[str, Any]) -> RosterEntry:
    return RosterEntry.model_validate_json(str(doc["entry"]))


def decimal_or_none(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def summary_unchanged(stored: Mapping[str, Any] | None, fresh: Document) -> bool:
    return stored is not None and all(stored.get(key) == value for key, value in fresh.items())
