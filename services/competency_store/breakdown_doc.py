"""A learner-year's breakdown (``year_breakdown``) <-> the JSON text kept in the learner-year
and in its unit-year member.

JSON text rather than a nested document: competency IRIs hold dots, which field names may
not, and FerretDB writes text cheaper (ADR 0003). Keys are sorted, so an unchanged year
gives the same text and a recompute that changes nothing writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

import orjson

from services.competency.year_breakdown import Count, Credit, YearBreakdown

PARTS = ("competencies", "types", "providers")


def breakdown_text(found: YearBreakdown, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)

    def part(counts: Mapping[str, Count]) -> dict[str, list[object]]:
        return {
            k: [c.n, str(c.jp.quantize(quantum, rounding=ROUND_DOWN))] for k, c in counts.items()
        }

    body = {"competencies": part(found.competencies), "types": part(found.types),
            "providers": part(found.providers)}  # fmt: skip
    return orjson.dumps(body, option=orjson.OPT_SORT_KEYS).decode()


def breakdown_from_text(text: object, last_credited: object) -> YearBreakdown:
    body = orjson.loads(str(text))

    def part(name: str) -> dict[str, Count]:
        return {k: Count(int(n), Decimal(jp)) for k, (n, jp) in body.get(name, {}).items()}

    last = None if last_credited is None else date.fromisoformat(str(last_credited))
    return YearBreakdown(last, *(part(name) for name in PARTS))


def credits_of_doc(doc: Mapping[str, Any]) -> list[Credit]:
    """The credited events of a stored learner-year, for one written before it kept its
    breakdown; an outcome without a provider falls back to the statement's own."""
    year = int(str(doc["year"])) if "year" in doc else None
    facts = {}
    for text in doc.get("events") or []:
        item = orjson.loads(text)
        facts[str(item["statement_id"])] = item
    found = []
    for outcome in orjson.loads(str(doc.get("outcomes") or "[]")):
        event = facts.get(outcome["statement_id"])
        day = date.fromisoformat(outcome["local_date"])
        if event is None or not outcome["credited"] or outcome.get("voided"):
            continue
        if year is not None and day.year != year:
            continue
        found.append(
            Credit(
                local_date=day,
                enrolment=(str(event["activity"]), str(event.get("registration") or "")),
                competencies=tuple(outcome.get("competencies") or ()),
                provider=outcome.get("provider", event.get("provider")),
                jp=Decimal(str(outcome["recognised_jp"])),
            )
        )
    return found
