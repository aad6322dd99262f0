"""From applied statements to competency events, learner-years and unit-years.

Runs after ``StatementWriter.apply`` for the statements it accepted, before the batch's
offsets are recorded, so a crash anywhere redelivers the batch and everything below is
written again with no further effect:

1. reload the roster and the catalog if either changed (an ``_id`` read each);
2. read each statement's facts (``statement_facts``); statements whose verb is no competency
   event are skipped. A statement is voided if a voiding statement came before it (kept in
   ``pending_voids``) or in the same batch;
3. an event whose learner is not on the roster, or whose activity the catalog cannot map, is
   kept in ``unmapped_events`` (insert-if-absent by statement id), not counted;
4. for voiding statements whose target was applied earlier, read the target back from the
   statement store; a target not seen yet becomes a pending void;
5. when the roster or the catalog changed since the unmapped events were last checked, the
   ones that can count now join this batch (``_remap``);
6. merge the events into their learner-years and recompute them (``LearnerYears``);
7. forget the pending voids whose targets arrived, and the unmapped events now mapped (last:
   a crash before it keeps them, and the next batch does it all again).

A re-derive (``rederive.Rederiver``) recomputes stored learner-years with the catalog and
roster in force (``recompute``) and re-checks every unmapped event (``recheck_unmapped``)
between batches: all three hold one lock, so they never interleave.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import Counter, Histogram

from services.aggregator.learner_years import LearnerYearKey, LearnerYears
from services.aggregator.records import StatementRecord
from services.aggregator.reference_data import ReferenceData
from services.common.mongo import Document
from services.competency.learner_year import LearnerEvent
from services.competency.resolution import MappingGap, resolve_activity
from services.competency.statement_facts import StatementFacts, facts_of
from services.competency_store.store import CompetencyStore

log = logging.getLogger(__name__)

UNREADABLE = Counter(
    "lrs_aggregator_competency_unreadable_total",
    "Applied statements whose competency facts could not be read (stored, not projected).",
)
EVENTS = Counter(
    "lrs_aggregator_competency_events_total",
    "Competency events projected from applied statements (redeliveries included).",
    ["mapping"],
)
PROJECT_SECONDS = Histogram(
    "lrs_aggregator_competency_projection_seconds", "Time to project one batch."
)


@dataclass
class _Batch:
    incoming: defaultdict[LearnerYearKey, list[LearnerEvent]] = field(
        default_factory=lambda: defaultdict(list)
    )
    unmapped: list[Document] = field(default_factory=list)


class CompetencyProjection:
    def __init__(self, store: CompetencyStore, reference: ReferenceData) -> None:
        self._store = store
        self._reference = reference
        self._years = LearnerYears(store, reference)
        self._mapped_against: Document | None = None
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        await self._reference.start()
        self._mapped_against = await self._store.mapped_against()

    async def apply(self, records: Sequence[StatementRecord]) -> None:
        if not records:
            return
        async with self._lock:
            with PROJECT_SECONDS.time():
                await self._apply(records)

    async def recompute(self, keys: Sequence[LearnerYearKey]) -> int:
        """Recompute these learner-years from their stored events; return how many changed.
        A learner the roster no longer knows keeps their years as they are."""
        async with self._lock:
            await self._reference.refresh()
            known = {key: () for key in keys if key[0] in self._reference.entries}
            return await self._years.apply(known)

    async def recheck_unmapped(self) -> None:
        """Check every unmapped event against the roster and catalog in force."""
        async with self._lock:
            await self._reference.refresh()
            batch = _Batch()
            mapped, regapped = await self._remap(batch, everything=True)
            await self._years.apply(batch.incoming)
            await self._store.settle_unmapped(mapped, regapped)
            marker = self._marker()
            await self._store.set_mapped_against(marker)
            self._mapped_against = marker

    async def _apply(self, records: Sequence[StatementRecord]) -> None:
        await self._reference.refresh()
        batch_ids = {r.statement_id for r in records}
        pending = await self._store.pending_voids()
        voids = {r.voids: r.statement_id for r in records if r.voids}
        voided = pending | set(voids)
        batch = _Batch()
        for record in records:
            facts = _facts(record.statement)
            if facts is not None:
                mapped = self._place(facts, facts.statement_id in voided, batch)
                EVENTS.labels(mapping="mapped" if mapped else "needs_mapping").inc()
        earlier = sorted(set(voids) - batch_ids)
        stored = await self._store.statements(earlier) if earlier else {}
        voided_earlier = []
        for target in earlier:
            facts = _facts(stored[target]) if target in stored else None
            if facts is not None:
                # Its learner-year (if any) gets it voided; its unmapped copy is voided below.
                self._place(facts, True, _Batch(batch.incoming))
                voided_earlier.append(target)
        marker = self._marker()
        settled = await self._remap(batch) if marker != self._mapped_against else None
        await self._store.keep_unmapped(batch.unmapped)
        await self._store.void_unmapped(voided_earlier)
        await self._store.add_pending_voids({t: voids[t] for t in earlier if t not in stored})
        await self._years.apply(batch.incoming)
        await self._store.forget_pending_voids(pending & batch_ids)
        if settled is not None:
            await self._store.settle_unmapped(*settled)
            await self._store.set_mapped_against(marker)
            self._mapped_against = marker

    def _marker(self) -> Document:
        return {
            "roster_version": self._reference.roster_version,
            "catalog": self._reference.catalog.version.digest,
        }

    async def _remap(
        self, batch: _Batch, *, everything: bool = False
    ) -> tuple[list[str], dict[str, Document]]:
        """The roster or catalog changed: the unmapped events that can count now join their
        learner-years; return which to forget and which still lack something else.

        Facts are read again from the stored statements, and only for the events that may
        have changed: a learner the roster now knows, or any activity if the catalog changed.
        """
        catalog_changed = (self._mapped_against or {}).get("catalog") != self._marker()["catalog"]
        candidates = [
            doc
            for doc in await self._store.unmapped_events()
            if everything
            or (catalog_changed and {"activity", "form"} & set(doc["gaps"]))  # type: ignore[call-overload]
            or self._reference.nip_for_key(str(doc["learner_key"])) != doc["nip"]
        ]
        statements = await self._store.statements(str(doc["_id"]) for doc in candidates)
        mapped: list[str] = []
        regapped: dict[str, Document] = {}
        for doc in candidates:
            statement = statements.get(str(doc["_id"]))
            facts = None if statement is None else _facts(statement)
            if facts is None:
                continue
            nip, gaps = self._route(facts)
            if (nip, [g.value for g in gaps]) == (doc["nip"], doc["gaps"]):
                continue
            if nip is not None:
                year = self._reference.local_year(facts.timestamp)
                batch.incoming[(nip, year)].append(LearnerEvent(facts, False))
            if gaps:
                regapped[facts.statement_id] = {"nip": nip, "gaps": [g.value for g in gaps]}
            else:
                mapped.append(facts.statement_id)
        log.info(
            "unmapped events checked against the roster and catalog",
            extra={"checked": len(candidates), "mapped": len(mapped), "changed": len(regapped)},
        )
        return mapped, regapped

    def _route(self, facts: StatementFacts) -> tuple[str | None, list[MappingGap]]:
        """The learner's NIP (None: not on the roster) and what the event lacks to count."""
        nip = self._reference.nip_for_key(facts.learner_key)
        gaps = list(resolve_activity(facts, self._reference.catalog).gaps)
        if nip is None:
            gaps.insert(0, MappingGap.LEARNER)
        return nip, gaps

    def _place(self, facts: StatementFacts, voided: bool, batch: _Batch) -> bool:
        """Route one event to its learner-year and/or the unmapped events; say if mapped."""
        nip, gaps = self._route(facts)
        if gaps:
            batch.unmapped.append(
                {
                    "_id": facts.statement_id,
                    "learner_key": facts.learner_key,
                    "activity": facts.activity,
                    "nip": nip,
                    "gaps": [gap.value for gap in gaps],
                    "voided": voided,
                }
            )
        if nip is not None:
            year = self._reference.local_year(facts.timestamp)
            batch.incoming[(nip, year)].append(LearnerEvent(facts, voided))
        return not gaps


def _facts(statement: dict[str, Any]) -> StatementFacts | None:
    """The statement's facts; one they cannot be read from is logged and skipped, not
    retried: it would fail the same way every time and stop its partition."""
    try:
        return facts_of(statement)
    except Exception:  # logged with its traceback, see the docstring
        UNREADABLE.inc()
        log.exception(
            "competency facts unreadable; statement not projected",
            extra={"statement_id": statement.get("id")},
        )
        return None
