"""Re-derive: every learner-year (of one year, or all) recomputed from its stored events with
the catalog and roster in force, in chunks, between batches.

Requested by ``python -m services.competency.cli rederive`` and by every catalog change
(``rederive_requests``). A run:

1. claims the request (one aggregator wins; see ``rederive_requests``);
2. lists the learner-year ids (one read of the collection, ``_id`` only) and re-checks every
   unmapped event (``CompetencyProjection.recheck_unmapped``);
3. recomputes ``chunk`` learner-years at a time (``CompetencyProjection.recompute``, which
   writes only those whose summary changed), then records the last id done and renews the
   lease; batches of statements go between chunks;
4. marks the run done.

A crash anywhere leaves the run ``running`` with its cursor: when the lease runs out, the next
aggregator to look lists the ids again and goes on after the cursor. Recomputing a year twice
gives the same summary and writes nothing, so resuming is safe.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from prometheus_client import Counter, Gauge
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from services.aggregator.competency_projection import CompetencyProjection
from services.aggregator.learner_years import LearnerYearKey
from services.common.mongo import Document
from services.competency_store.collections import LEARNER_YEARS
from services.competency_store.rederive_requests import (
    RederiveStatus,
    claim_run,
    read_rederive,
    report_progress,
)

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)

RECOMPUTED = Counter(
    "lrs_aggregator_rederive_learner_years_total",
    "Learner-years recomputed by re-derive runs, by whether their summary changed.",
    ["outcome"],
)
REMAINING = Gauge(
    "lrs_aggregator_rederive_remaining_learner_years",
    "Learner-years the re-derive run this aggregator holds has still to recompute.",
)


@dataclass
class _Run:
    lease: int
    ids: list[str]
    position: int
    processed: int
    changed: int


class Rederiver:
    def __init__(
        self,
        db: AsyncDatabase[Document],
        projection: CompetencyProjection,
        *,
        chunk: int,
        poll_seconds: float,
        lease: timedelta = LEASE,
    ) -> None:
        self._db = db
        self._projection = projection
        self._chunk = chunk
        self._poll = poll_seconds
        self._lease = lease
        self._owner = f"aggregator-{uuid.uuid4()}"
        self._run: _Run | None = None

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                busy = await self.step()
            except PyMongoError as error:
                # The run keeps its cursor; this or another aggregator goes on later.
                log.warning("re-derive step failed; retrying", extra={"error": str(error)})
                busy = False
            if not busy:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self._poll)

    async def step(self) -> bool:
        """Do one piece of work (claim, or one chunk); say whether more is ready now."""
        status = await read_rederive(self._db)
        if status is None:
            return False
        if self._run is not None and self._run.lease == status.lease:
            return await self._next_chunk(self._run)
        self._run = None
        REMAINING.set(0)
        now = datetime.now(UTC)
        if not (status.pending and not status.running) and not status.abandoned(now):
            return False
        claimed = await claim_run(self._db, status, self._owner, now + self._lease)
        if claimed is None:
            return False
        self._run = await self._begin(claimed)
        return True

    async def _begin(self, status: RederiveStatus) -> _Run:
        ids = await self._learner_year_ids(status.run_year)
        position = 0 if status.cursor is None else sum(1 for i in ids if i <= status.cursor)
        log.info(
            "re-derive started" if status.cursor is None else "re-derive resumed",
            extra={"run": status.run, "year": status.run_year, "learner_years": len(ids)},
        )
        await self._projection.recheck_unmapped()
        run = _Run(status.lease, ids, position, status.processed, status.changed)
        await self._report(run, {"total": len(ids)})
        return run

    async def _learner_year_ids(self, year: int | None) -> list[str]:
        """Every learner-year id (``<NIP>:<year>``) of ``year`` or all: the one read of the
        whole collection a run makes (FerretDB has no index but ``_id`` to narrow it)."""
        found = [str(doc["_id"]) async for doc in self._db[LEARNER_YEARS].find({}, {"_id": 1})]
        return sorted(i for i in found if year is None or i.endswith(f":{year}"))

    async def _next_chunk(self, run: _Run) -> bool:
        chunk = run.ids[run.position : run.position + self._chunk]
        if not chunk:
            if await self._report(run, {"state": "done", "finished_at": datetime.now(UTC)}):
                log.info(
                    "re-derive done", extra={"processed": run.processed, "changed": run.changed}
                )
            self._run = None
            REMAINING.set(0)
            return False
        changed = await self._projection.recompute([_key(i) for i in chunk])
        RECOMPUTED.labels(outcome="changed").inc(changed)
        RECOMPUTED.labels(outcome="unchanged").inc(max(len(chunk) - changed, 0))
        run.position += len(chunk)
        run.processed += len(chunk)
        run.changed += changed
        if not await self._report(run, {"cursor": chunk[-1]}):
            log.info("re-derive run taken over by another aggregator")
            self._run = None
            return False
        return True

    async def _report(self, run: _Run, fields: Document) -> bool:
        REMAINING.set(len(run.ids) - run.position)
        return await report_progress(
            self._db,
            run.lease,
            {
                **fields,
                "processed": run.processed,
                "changed": run.changed,
                "lease_until": datetime.now(UTC) + self._lease,
            },
        )


def _key(learner_year: str) -> LearnerYearKey:
    nip, year = learner_year.rsplit(":", 1)
    return nip, int(year)
