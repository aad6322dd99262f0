"""What a stored xAPI statement says about learning, read with the project's conventions.

Only the statement is read: no roster, no catalog. So the facts of a statement never change,
and whatever the roster or catalog learn later can be applied to them again
(``resolution``). Values that do not follow the conventions (a JP claim that is not a
number, say) are left out rather than refusing the statement: it was valid xAPI.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import AwareDatetime, Field

from services.common.learners import NoLearnerIdentifier, learner_key
from services.competency.base import DomainModel
from services.competency.jp_rules import Jp
from services.competency.xapi_conventions import (
    INTERNATIONAL,
    NATIONAL,
    VERBS,
    EventKind,
    Extension,
)

MAX_DAYS = 366
_DURATION = re.compile(
    r"P(?:(?P<weeks>[0-9.,]+)W|(?:(?P<days>[0-9.,]+)D)?"
    r"(?:T(?:(?P<hours>[0-9.,]+)H)?(?:(?P<minutes>[0-9.,]+)M)?(?:(?P<seconds>[0-9.,]+)S)?)?)"
)


class StatementFacts(DomainModel):
    """``form``, ``variant``, ``international`` and ``competencies`` are what the statement
    itself claims; the catalog's mapping of the activity may complete or outrank them."""

    statement_id: str = Field(min_length=1)
    learner_key: str = Field(min_length=1)
    kind: EventKind
    verb: str
    activity: str
    # The statement's own name for the activity, for exports when the catalog has none.
    activity_name: str | None = None
    timestamp: AwareDatetime
    registration: str | None = None
    claimed_jp: Jp | None = None
    duration: timedelta | None = Field(default=None, ge=timedelta(0))
    days: int = Field(default=1, ge=1, le=MAX_DAYS)
    sessions: int = Field(default=1, ge=1)
    form: int | None = Field(default=None, ge=1)
    variant: str | None = None
    international: bool | None = None
    competencies: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    certificate: str | None = None
    provider: str | None = None
    success: bool | None = None
    score: Decimal | None = None


def facts_of(statement: Mapping[str, Any]) -> StatementFacts | None:
    """The facts of a competency event; None when the verb or object is not one."""
    kind = VERBS.get(str((statement.get("verb") or {}).get("id")))
    target = statement.get("object")
    if (
        kind is None
        or not isinstance(target, dict)
        or target.get("objectType", "Activity") != ("Activity")
    ):
        return None
    try:
        learner = learner_key(dict(statement["actor"]))
    except (NoLearnerIdentifier, KeyError, TypeError):
        return None
    context = _dict(statement.get("context"))
    extensions = _dict(context.get("extensions"))
    result = _dict(statement.get("result"))
    registration = context.get("registration")
    # Every value below is built to the model's types and bounds by the helpers, and the
    # statement passed the xAPI model at ingest: constructing skips validating it again
    # (a third of the projection's time otherwise).
    return StatementFacts.model_construct(
        statement_id=str(statement["id"]).lower(),
        learner_key=learner,
        kind=kind,
        verb=str(statement["verb"]["id"]),
        activity=str(target["id"]),
        activity_name=_name(_dict(target.get("definition")).get("name")),
        timestamp=datetime.fromisoformat(str(statement["timestamp"])),
        registration=None if registration is None else str(registration).lower(),
        claimed_jp=_decimal(extensions.get(Extension.JP_CLAIMED)),
        duration=_duration(result.get("duration")),
        days=_count(extensions.get(Extension.DAYS), MAX_DAYS) or 1,
        sessions=_count(extensions.get(Extension.SESSIONS), 10_000) or 1,
        form=_count(extensions.get(Extension.FORM), 10_000),
        variant=_text(extensions.get(Extension.FORM_VARIANT)),
        international=_scope(extensions.get(Extension.SCOPE)),
        competencies=_iris(extensions.get(Extension.COMPETENCIES)),
        categories=_iris(_dict(context.get("contextActivities")).get("category")),
        certificate=_text(extensions.get(Extension.CERTIFICATE)),
        provider=_text(extensions.get(Extension.PROVIDER)),
        success=result.get("success") if isinstance(result.get("success"), bool) else None,
        score=_decimal(_dict(result.get("score")).get("scaled"), minimum=Decimal(-1)),
    )


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _decimal(value: object, minimum: Decimal = Decimal(0)) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() and number >= minimum else None


def _count(value: object, most: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        return None
    return int(value) if 1 <= value <= most else None


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _name(language_map: object) -> str | None:
    """Indonesian first (the agency's language), then English, then any language."""
    names = {
        str(tag).lower(): text
        for tag, text in _dict(language_map).items()
        if isinstance(text, str) and text.strip()
    }
    preferred = (names.get(tag) for tag in _NAME_LANGUAGES)
    return _text(next((name for name in preferred if name), next(iter(names.values()), None)))


_NAME_LANGUAGES = ("id-id", "id", "in", "en-us", "en", "en-gb")


def _scope(value: object) -> bool | None:
    text = _text(value)
    return {INTERNATIONAL: True, NATIONAL: False}.get(text.lower()) if text else None


def _iris(value: object) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    found = [
        item["id"] if isinstance(item, dict) else item
        for item in items
        if isinstance(item, str | dict)
    ]
    return tuple(dict.fromkeys(str(iri) for iri in found if isinstance(iri, str) and iri))


def _duration(value: object) -> timedelta | None:
    """ISO 8601 durations in weeks, days, hours, minutes, seconds; years and months have no
    fixed length, so a duration with them is left out."""
    match = _DURATION.fullmatch(value) if isinstance(value, str) else None
    if match is None or value == "P" or str(value).endswith("T"):
        return None
    parts = {
        name: float(part.replace(",", ".")) for name, part in match.groupdict().items() if part
    }
    try:
        return timedelta(**parts)
    except (OverflowError, ValueError):
        return None
