"""Learner-year and unit-year rollups, recomputed whole for every learner-year a batch touched.

For a batch:

1. take the touched learner-year documents from a cache of the ones this process wrote last,
   else read them (``_id`` point reads); the next year's too for a past year (a January
   event may reach back into December's caps);
2. merge the batch's events in by statement id (voided is for good) and recompute the year
   from all of them (``learner_year``);
3. set the learner's recognised JP in the unit-year of their unit (and remove it from a unit
   they left);
4. write each learner-year by ``_id`` only, in one command that returns the document after
   it: add the new events and voids with ``$addToSet``, set the summary and the version it
   was computed from (how many events and voids the document holds). A returned version
   that is not that one means another aggregator added events meanwhile (one learner can
   reach two partitions, by e-mail and by SIASN account): steps 2 to 4 run again from the
   returned document. Events are never lost (``$addToSet``), and whoever writes last has
   computed from everything, so summaries and unit-years converge (step 3 comes before the
   check, so a stale unit-year is always followed by a rewrite).

A recompute that changes nothing writes nothing: a redelivered batch leaves every document as
it was.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from services.aggregator.reference_data import ReferenceData
from services.common.mongo import Document
from services.competency.learner_year import LearnerEvent, LearnerYear, compute_learner_year
from services.competency_store.collections import learner_year_id
from services.competency_store.documents import (
    events_of,
    facts_text,
    learner_year_summary,
    summary_unchanged,
    unit_member_doc,
    version_of,
)
from services.competency_store.store import CompetencyStore, MemberChange, YearUpdate

MAX_ATTEMPTS = 20
CACHE_BYTES = 64 * 1024 * 1024  # about, counting the events' JSON text
WRITERS = 8
LearnerYearKey = tuple[str, int]


class ConcurrentUpdates(RuntimeError):
    """Rival writers kept changing the same learner-years; the batch is retried whole."""


@dataclass(frozen=True, slots=True)
class _Write:
    key: LearnerYearKey
    update: YearUpdate
    members: list[MemberChange]


class _Cache:
    """The learner-years this process wrote (as the store returned them), newest kept.

    A document someone else changed since is only stale, never wrong: the write returns the
    current document, whose version shows it, and the year is recomputed from that."""

    def __init__(self, most_bytes: int) -> None:
        self._docs: OrderedDict[str, tuple[Document, int]] = OrderedDict()
        self._bytes = 0
        self._most = most_bytes

    def get(self, key: str) -> Document | None:
        found = self._docs.get(key)
        if found is None:
            return None
        self._docs.move_to_end(key)
        return found[0]

    def put(self, key: str, doc: Document) -> None:
        events: list[str] = list(doc.get("events") or [])  # type: ignore[call-overload]
        size = 1024 + sum(len(text) for text in events)
        old = self._docs.pop(key, None)
        self._bytes += size - (0 if old is None else old[1])
        self._docs[key] = (doc, size)
        while self._bytes > self._most and self._docs:
            _, (_, dropped) = self._docs.popitem(last=False)
            self._bytes -= dropped


class LearnerYears:
    def __init__(self, store: CompetencyStore, reference: ReferenceData) -> None:
        self._store = store
        self._reference = reference
        self._cache = _Cache(CACHE_BYTES)

    async def apply(self, incoming: Mapping[LearnerYearKey, Sequence[LearnerEvent]]) -> int:
        """Merge and recompute; return how many learner-year documents were written."""
        pending = dict(incoming)
        fresh: dict[str, Document] = {}
        written = 0
        for _ in range(MAX_ATTEMPTS):
            if not pending:
                return written
            writes, fresh = await self._write(pending, fresh)
            written += len(writes)
            overtaken = {
                w.key for w in writes if version_of(fresh[w.update.id]) != w.update.computed_from
            }
            # Our own events are in now: a rerun recomputes from the returned documents.
            pending = {key: () for key in overtaken}
        raise ConcurrentUpdates(f"learner-years kept changing under us: {sorted(pending)[:5]}")

    async def _docs(self, ids: Iterable[str], fresh: Mapping[str, Document]) -> dict[str, Document]:
        docs: dict[str, Document] = {}
        missing = []
        for key in ids:
            doc = fresh.get(key) or self._cache.get(key)
            if doc is None:
                missing.append(key)
            else:
                docs[key] = doc
        docs.update(await self._store.learner_years(missing) if missing else {})
        return docs

    async def _write(
        self,
        incoming: Mapping[LearnerYearKey, Sequence[LearnerEvent]],
        fresh: Mapping[str, Document],
    ) -> tuple[list[_Write], dict[str, Document]]:
        current_year = self._reference.current_year()
        wanted = {learner_year_id(*key) for key in incoming}
        wanted |= {learner_year_id(nip, y + 1) for nip, y in incoming if y < current_year}
        docs = await self._docs(wanted, fresh)
        followers = {
            (nip, y + 1)
            for nip, y in incoming
            if docs.get(learner_year_id(nip, y + 1), {}).get("reaches_back_to") is not None
        }
        merged: dict[LearnerYearKey, list[LearnerEvent]] = {}
        writes = []
        for key in sorted(set(incoming) | followers):
            stored = docs.get(learner_year_id(*key))
            kept = events_of(stored)
            merged[key] = _merge(kept, incoming.get(key, ()))
            write = await self._recompute(key, stored, kept, merged, docs)
            if write is not None:
                writes.append(write)
        await self._store.update_unit_members([m for w in writes for m in w.members])
        limit = asyncio.Semaphore(WRITERS)

        async def send(update: YearUpdate) -> tuple[str, Document]:
            async with limit:
                doc = await self._store.update_learner_year(update)
            self._cache.put(update.id, doc)
            return update.id, doc

        returned = await asyncio.gather(*(send(w.update) for w in writes))
        return writes, dict(returned)

    async def _recompute(
        self,
        key: LearnerYearKey,
        stored: Document | None,
        kept: Sequence[LearnerEvent],
        merged: Mapping[LearnerYearKey, list[LearnerEvent]],
        docs: Mapping[str, Document],
    ) -> _Write | None:
        nip, year = key
        entry = self._reference.entries[nip]
        result = await self._compute(key, merged, docs)
        summary = learner_year_summary(nip, entry, result, self._reference.catalog)
        known = {e.facts.statement_id: e for e in kept}
        events = [facts_text(e.facts) for e in merged[key] if e.facts.statement_id not in known]
        voided = [
            e.facts.statement_id
            for e in merged[key]
            if e.voided
            and not (e.facts.statement_id in known and known[e.facts.statement_id].voided)
        ]
        version = version_of(stored) + len(events) + len(voided)
        if not events and not voided and summary_unchanged(stored, summary):
            return None
        update = YearUpdate(learner_year_id(*key), events, voided, summary, version)
        members = [MemberChange(entry.unit_code, year, nip, unit_member_doc(nip, summary))]
        if stored is not None and stored.get("unit") not in (None, entry.unit_code):
            members.append(MemberChange(str(stored["unit"]), year, nip, None))
        return _Write(key, update, members)

    async def _compute(
        self,
        key: LearnerYearKey,
        merged: Mapping[LearnerYearKey, list[LearnerEvent]],
        docs: Mapping[str, Document],
    ) -> LearnerYear:
        nip, year = key
        catalog = self._reference.catalog
        target = self._reference.target_jp(nip, year)
        result = compute_learner_year(year, merged[key], catalog, target)
        if result.reaches_back_to is None:
            return result
        context = merged.get((nip, year - 1))
        if context is None:
            before = learner_year_id(nip, year - 1)
            found = docs.get(before) or (await self._store.learner_years([before])).get(before)
            context = events_of(found)
        return compute_learner_year(year, merged[key], catalog, target, context)


def _merge(kept: Sequence[LearnerEvent], incoming: Sequence[LearnerEvent]) -> list[LearnerEvent]:
    """The union by statement id; voided is for good, whichever side says it."""
    merged = {e.facts.statement_id: e for e in kept}
    for event in incoming:
        known = merged.get(event.facts.statement_id)
        if known is None:
            merged[event.facts.statement_id] = event
        elif event.voided and not known.voided:
            merged[event.facts.statement_id] = LearnerEvent(known.facts, True)
    return list(merged.values())
