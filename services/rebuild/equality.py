"""Does a rebuilt database equal the live one? Compared collection by collection, document by
document, as fingerprints, so a store of millions is compared in constant memory per document.

Two things differ between equal stores, and are normalised away:

- lists filled with ``$addToSet`` (a learner-year's events, a statement's referrers) hold
  the same members in the order their batches came, and batches are cut differently in a
  replay: lists of strings are compared as sets (sorted);
- a unit-year whose members all moved to other units is left behind empty by the live
  aggregator, and never made by a replay: a unit-year without members counts as absent.

``unit_year_revisions`` is not compared at all: it counts how often each unit-year changed,
which depends on how the batches were cut, and only tells the query API when to read again.

The applied offsets are not compared as documents but as the range each database covers:
comparing two databases that applied different stretches of the topic says nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson
from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import (
    ACTIVITY_DEFINITIONS,
    APPLIED_OFFSETS,
    STATEMENT_LINKS,
    STATEMENTS,
    TIMELINE_EVENTS,
    Document,
)
from services.common.statement_keys import STATEMENT_KEYS
from services.competency_store.collections import (
    LEARNER_YEARS,
    PENDING_VOIDS,
    UNIT_YEARS,
    UNMAPPED_EVENTS,
)

DERIVED_COLLECTIONS = (
    STATEMENTS,
    TIMELINE_EVENTS,
    ACTIVITY_DEFINITIONS,
    STATEMENT_LINKS,
    STATEMENT_KEYS,
    LEARNER_YEARS,
    UNIT_YEARS,
    UNMAPPED_EVENTS,
    PENDING_VOIDS,
)


@dataclass
class CollectionDifference:
    name: str
    documents: int = 0
    only_live: list[str] = field(default_factory=list)
    only_rebuilt: list[str] = field(default_factory=list)
    different: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not (self.only_live or self.only_rebuilt or self.different)


@dataclass
class Comparison:
    collections: list[CollectionDifference]
    live_offsets: dict[str, int]
    rebuilt_offsets: dict[str, int]

    @property
    def same_range(self) -> bool:
        return self.live_offsets == self.rebuilt_offsets

    @property
    def equal(self) -> bool:
        return self.same_range and all(c.equal for c in self.collections)


def normalised(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): normalised(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [normalised(v) for v in value]
        return sorted(items) if all(isinstance(v, str) for v in items) else items
    return value


def fingerprint(doc: Document) -> bytes:
    text = orjson.dumps(normalised(doc), option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.blake2b(text, digest_size=16).digest()


def counts(name: str, doc: Document) -> bool:
    """Whether the document takes part in the comparison (see the module docstring)."""
    return not (name == UNIT_YEARS and not doc.get("members"))


async def fingerprints(db: AsyncDatabase[Document], name: str) -> dict[str, bytes]:
    return {
        str(doc["_id"]): fingerprint(doc) async for doc in db[name].find({}) if counts(name, doc)
    }


def difference(
    name: str, live: dict[str, bytes], rebuilt: dict[str, bytes]
) -> CollectionDifference:
    found = CollectionDifference(name, documents=len(live))
    found.only_live = sorted(set(live) - set(rebuilt))
    found.only_rebuilt = sorted(set(rebuilt) - set(live))
    found.different = sorted(k for k in set(live) & set(rebuilt) if live[k] != rebuilt[k])
    return found


async def applied_offsets(db: AsyncDatabase[Document]) -> dict[str, int]:
    return {str(doc["_id"]): int(doc["offset"]) async for doc in db[APPLIED_OFFSETS].find({})}  # type: ignore[call-overload]


async def compare(live: AsyncDatabase[Document], rebuilt: AsyncDatabase[Document]) -> Comparison:
    collections = [
        difference(name, await fingerprints(live, name), await fingerprints(rebuilt, name))
        for name in DERIVED_COLLECTIONS
    ]
    return Comparison(collections, await applied_offsets(live), await applied_offsets(rebuilt))
