"""Re-derive requests and the progress of the run serving them: one document,
``competency_reference/rederive``.

A request bumps ``requested`` (and widens ``requested_year`` to every year when it differs
from a pending one's). An aggregator claims the run by bumping ``lease`` in a filter that
names the lease it read, so one claimer wins; it then reports progress (``cursor``: the last
learner-year done, in ``_id`` order) under that lease, renewing ``lease_until``. A run whose
owner stopped renewing is taken over from its cursor: recomputing a learner-year twice
changes nothing. Fields are flat: FerretDB matches dotted paths, but flat ones are simpler.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.common.mongo import Document
from services.competency_store.collections import REDERIVE_DOC, REFERENCE

REQUEST_ATTEMPTS = 20


@dataclass(frozen=True, slots=True)
class RederiveStatus:
    requested: int
    requested_year: int | None
    run: int
    run_year: int | None
    state: str
    lease: int
    lease_until: datetime | None
    cursor: str | None
    total: int | None
    processed: int
    changed: int

    @classmethod
    def of(cls, doc: dict[str, Any]) -> RederiveStatus:
        return cls(
            requested=int(doc.get("requested", 0)),
            requested_year=doc.get("requested_year"),
            run=int(doc.get("run", 0)),
            run_year=doc.get("run_year"),
            state=str(doc.get("state", "done")),
            lease=int(doc.get("lease", 0)),
            lease_until=doc.get("lease_until"),
            cursor=doc.get("cursor"),
            total=doc.get("total"),
            processed=int(doc.get("processed", 0)),
            changed=int(doc.get("changed", 0)),
        )

    @property
    def pending(self) -> bool:
        """A request no run has started to serve."""
        return self.requested > self.run

    @property
    def running(self) -> bool:
        return self.state == "running"

    def served(self, request: int) -> bool:
        """Whether request number ``request`` is done (a later run serves it too)."""
        return self.run >= request and not self.running

    def abandoned(self, now: datetime) -> bool:
        return self.running and (self.lease_until is None or self.lease_until <= now)


async def read_rederive(db: AsyncDatabase[Document]) -> RederiveStatus | None:
    doc = await db[REFERENCE].find_one({"_id": REDERIVE_DOC})
    return None if doc is None else RederiveStatus.of(doc)


async def request_rederive(db: AsyncDatabase[Document], year: int | None, by: str) -> int:
    """Ask for every learner-year (of ``year``, or all) to be recomputed; return the number
    of the request, which ``RederiveStatus.served`` tells apart."""
    for _ in range(REQUEST_ATTEMPTS):
        status = await read_rederive(db)
        now = datetime.now(UTC)
        if status is None:
            try:
                await db[REFERENCE].insert_one(
                    {"_id": REDERIVE_DOC, "requested": 1, "requested_year": year,
                     "requested_at": now, "requested_by": by, "lease": 0}
                )  # fmt: skip
            except DuplicateKeyError:
                continue
            return 1
        scope = year
        if status.pending and status.requested_year != year:
            scope = None
        number = status.requested + 1
        result = await db[REFERENCE].update_one(
            {"_id": REDERIVE_DOC, "requested": status.requested},
            {"$set": {"requested": number, "requested_year": scope,
                      "requested_at": now, "requested_by": by}},
        )  # fmt: skip
        if result.matched_count:
            return number
    raise RuntimeError("re-derive requests kept colliding; try again")


async def claim_run(
    db: AsyncDatabase[Document], seen: RederiveStatus, owner: str, until: datetime
) -> RederiveStatus | None:
    """Start the pending request's run, or take over an abandoned one; None if another
    aggregator was first."""
    fields: Document = {"owner": owner, "lease_until": until, "lease": seen.lease + 1}
    if not seen.running:
        fields |= {
            "run": seen.requested,
            "run_year": seen.requested_year,
            "state": "running",
            "cursor": None,
            "total": None,
            "processed": 0,
            "changed": 0,
            "started_at": datetime.now(UTC),
            "finished_at": None,
        }
    result = await db[REFERENCE].update_one(
        {"_id": REDERIVE_DOC, "lease": seen.lease}, {"$set": fields}
    )
    if not result.matched_count:
        return None
    return await read_rederive(db)


async def report_progress(db: AsyncDatabase[Document], lease: int, fields: Document) -> bool:
    """Record progress under our lease; False: another aggregator took the run over."""
    result = await db[REFERENCE].update_one({"_id": REDERIVE_DOC, "lease": lease}, {"$set": fields})
    return bool(result.matched_count)
