"""Whether a re-sent statement matches the stored one (xAPI "Statement Comparison Requirements").

Differences that do not count: the properties the LRS sets (``id`` case, ``authority``,
``stored``, ``version``), how a timestamp is written (the instant counts), the case of
UUIDs, the order of a Group's members, duration precision beyond 0.01 s, and a ``null``
against an absent property.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

IGNORED = frozenset({"id", "authority", "stored", "version"})
TIMESTAMP_KEYS = frozenset({"timestamp"})
UUID_KEYS = frozenset({"registration", "id"})


def same_statement(a: dict[str, Any], b: dict[str, Any]) -> bool:
    # A statement sent without a timestamp got the LRS's: a re-send without one matches it.
    ignored = IGNORED if "timestamp" in a and "timestamp" in b else IGNORED | {"timestamp"}
    return bool(_normal(_without(a, ignored)) == _normal(_without(b, ignored)))


def _without(statement: dict[str, Any], keys: frozenset[str]) -> dict[str, Any]:
    return {k: v for k, v in statement.items() if k not in keys}


def _normal(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _normal(v, k) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        items = [_normal(v) for v in value]
        if key == "member":
            return sorted(items, key=repr)
        return items
    if isinstance(value, str):
        if key == "duration":
            return _duration(value)
        if key in TIMESTAMP_KEYS:
            return _instant(value)
        if key in UUID_KEYS:
            return _uuid(value)
    return value


def _instant(value: str) -> Any:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return value


def _duration(value: str) -> str:
    """Seconds cut to 0.01: finer precision does not count (xAPI 2.0, 4.2.7)."""
    return re.sub(r"(\d+)\.(\d{1,2})\d*S", lambda m: f"{m[1]}.{m[2].ljust(2, '0')}S", value)


def _uuid(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return value


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """Digests of a statement's comparable content, with and without its timestamp."""

    with_timestamp: bytes
    without_timestamp: bytes
    has_timestamp: bool

    def matches(self, other: Fingerprint) -> bool:
        if self.has_timestamp and other.has_timestamp:
            return self.with_timestamp == other.with_timestamp
        return self.without_timestamp == other.without_timestamp


def fingerprint(statement: dict[str, Any]) -> Fingerprint:
    """What ``same_statement`` compares, as digests small enough to keep many in memory."""
    return Fingerprint(
        with_timestamp=_digest(_normal(_without(statement, IGNORED))),
        without_timestamp=_digest(_normal(_without(statement, IGNORED | {"timestamp"}))),
        has_timestamp="timestamp" in statement,
    )


def _digest(value: Any) -> bytes:
    return hashlib.sha1(
        orjson.dumps(value, option=orjson.OPT_SORT_KEYS), usedforsecurity=False
    ).digest()
