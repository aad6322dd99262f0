"""The statement keys: one tiny document per (filter value, statement), ordered by ``stored``.

Every ``GET /statements`` query is a walk along one key in ``stored`` order. A key
document's ``_id`` is the whole index entry::

    <kind><digest of the value>|<stored, fixed-width UTC>|<statement id>

so a query is a range on ``_id`` with a sort on ``_id`` and a limit: the one index every
MongoDB-wire server keeps, and the one FerretDB on PostgreSQL serves with the filter, sort
and limit pushed down (``deploy/ferretdb/postgresql-id-pushdown.patch``). The filter values
are digested because IRIs may be longer than an index entry may be, and so that no value
can run into the position that follows it. Only statements that are not voided have keys:
voiding deletes them, which is what the spec's "voided statements are not returned by
filters" asks.

A statement's keys follow its filter fields (``services.common.statement_index``), which
may grow when a statement it targets arrives (StatementRef inheritance); ``keys_of`` is
computed from the stored document, so re-deriving them is always safe.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

STATEMENT_KEYS = "statement_keys"

ALL = "al"
# The statement document's filter field each key kind follows.
KINDS: dict[str, str] = {
    "agents": "ag",
    "related_agents": "ra",
    "verbs": "vb",
    "activities": "ac",
    "related_activities": "rc",
    "registrations": "rg",
}
SEPARATOR = "|"
# Above every character of a position (digits, ':', '.', 'T', 'Z', '|', hex and '-').
ABOVE = "~"
DIGEST_BYTES = 12


def position(stored: datetime, statement_id: str) -> str:
    """Where a statement stands in ``stored`` order; equal times are ordered by id."""
    return f"{stored_text(stored)}{SEPARATOR}{statement_id}"


def stored_text(moment: datetime) -> str:
    utc = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def key_prefix(field: str | None, value: str = "") -> str:
    """The key of one filter value (``field`` None: the key every statement has)."""
    if field is None:
        return ALL + SEPARATOR
    digest = hashlib.blake2b(value.encode(), digest_size=DIGEST_BYTES).hexdigest()
    return f"{KINDS[field]}{digest}{SEPARATOR}"


def keys_of(fields: Mapping[str, Iterable[str]], at: str) -> list[str]:
    """The key ``_id``s of a statement at position ``at`` with these filter fields."""
    keys = [key_prefix(None) + at]
    for field in KINDS:
        keys.extend(key_prefix(field, value) + at for value in sorted(set(fields.get(field, ()))))
    return keys


def is_position(text: str) -> bool:
    """Whether ``text`` has the shape of a position (a cursor that came back to us)."""
    stored, _, statement_id = text.partition(SEPARATOR)
    try:
        datetime.strptime(stored + "+0000", "%Y-%m-%dT%H:%M:%S.%fZ%z")
    except ValueError:
        return False
    return bool(statement_id) and SEPARATOR not in statement_id and ABOVE not in statement_id


def position_of(key: str) -> str:
    """The position part of a key ``_id``."""
    return key.split(SEPARATOR, 1)[1]


def statement_of(key: str) -> str:
    return key.rsplit(SEPARATOR, 1)[1]


@dataclass(frozen=True, slots=True)
class KeyRange:
    """The exclusive ``_id`` bounds of one key's statements between two times."""

    low: str
    high: str

    @classmethod
    def of(
        cls,
        prefix: str,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> KeyRange:
        # stored > since and stored <= until: every position of a given time sorts below
        # "<time>|~", and every position of a later time above it.
        low = prefix + (stored_text(since) + SEPARATOR + ABOVE if since else "")
        high = prefix + (stored_text(until) + SEPARATOR + ABOVE if until else ABOVE)
        return cls(low, high)

    def after(self, at: str, *, ascending: bool) -> KeyRange:
        """What is left of the range past position ``at`` in the walk's direction."""
        prefix = self.low.split(SEPARATOR, 1)[0] + SEPARATOR
        if ascending:
            return KeyRange(max(self.low, prefix + at), self.high)
        return KeyRange(self.low, min(self.high, prefix + at))

    def selector(self) -> dict[str, object]:
        return {"_id": {"$gt": self.low, "$lt": self.high}}
