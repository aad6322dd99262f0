"""The catalog and roster the aggregator projects with, held in memory.

The stored catalog is in force; at start the catalog files (``LRS_CATALOG_DIR``) replace it
only if the store has none or the files changed since the last start
(``catalog_in_force``). The admin API and the CLI edit the stored catalog, and the CLI
imports the roster: each batch first reads both versions (two ``_id`` reads) and reloads
what changed.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from services.competency.catalog import Catalog
from services.competency.catalog_in_force import CatalogFiles, CatalogRejected, plan_start
from services.competency.catalog_loader import load_catalog, read_catalog_dir
from services.competency.crosswalk import Crosswalk
from services.competency.roster import RosterEntry
from services.competency_store.catalog_store import CatalogChange
from services.competency_store.reference import StoredReferenceInvalid
from services.competency_store.store import CompetencyStore

log = logging.getLogger(__name__)

__all__ = ["CatalogRejected", "ReferenceData", "read_catalog"]

START_ATTEMPTS = 5
CHANGED_BY = "aggregator"


def read_catalog(directory: Path) -> Catalog:
    catalog = load_catalog(read_catalog_dir(directory))
    if not isinstance(catalog, Catalog):
        errors = "; ".join(str(error) for error in catalog.errors[:10])
        raise CatalogRejected(f"the catalog in {directory} is rejected: {errors}")
    return catalog


class ReferenceData:
    """``files``: the catalog files read at start (the in-force rule applies), or a catalog
    put in force as it is (a rebuild, a test). ``catalog`` is set by ``start``."""

    catalog: Catalog

    def __init__(self, store: CompetencyStore, files: Catalog | CatalogFiles) -> None:
        self._store = store
        self._files = files
        self.roster_version = -1
        self.crosswalk = Crosswalk(())
        self.entries: dict[str, RosterEntry] = {}

    async def start(self) -> None:
        for _ in range(START_ATTEMPTS):
            if await self._settle_catalog():
                await self.refresh()
                return
        raise RuntimeError("the stored catalog kept changing while the aggregator started")

    async def _settle_catalog(self) -> bool:
        """Put the catalog in force; False if another writer changed it meanwhile."""
        try:
            stored = await self._store.stored_catalog()
        except StoredReferenceInvalid:
            log.warning("the stored catalog no longer loads; the catalog files replace it")
            stored = None
        version = None if stored is None else stored.catalog.version.digest
        change = CatalogChange.now("files", CHANGED_BY)
        if isinstance(self._files, Catalog):
            self.catalog = self._files
            return await self._store.replace_catalog(self._files, change, expected=version)
        seen = None if stored is None else stored.files_seen
        plan = plan_start(version, seen, self._files)
        if plan.rejected is not None:
            log.error(
                "the catalog files changed but are rejected; the stored catalog stays in force",
                extra={"errors": [str(error) for error in plan.rejected.errors]},
            )
        if plan.load is not None:
            if not await self._store.replace_catalog(
                plan.load, change, expected=version, files_seen=plan.seen
            ):
                return False
            log.info("catalog files loaded", extra={"version": plan.load.version.digest})
        elif plan.seen is not None:
            await self._store.note_catalog_files(plan.seen)
        if plan.load is not None:
            self.catalog = plan.load
        elif stored is not None:
            self.catalog = stored.catalog
        return True

    async def refresh(self) -> bool:
        """Reload the catalog and the roster if either changed since; say whether one did."""
        catalog_changed = await self._refresh_catalog()
        version = await self._store.roster_version()
        if version == self.roster_version:
            return catalog_changed
        entries = await self._store.load_roster()
        self.entries = {entry.nip: entry for entry in entries}
        self.crosswalk = Crosswalk(entries)
        self.roster_version = version
        log.info("roster reloaded", extra={"version": version})
        return True

    async def _refresh_catalog(self) -> bool:
        version = await self._store.catalog_version()
        if version is None or version == self.catalog.version.digest:
            return False
        stored = await self._store.stored_catalog()
        if stored is None:
            return False
        self.catalog = stored.catalog
        log.info("catalog reloaded", extra={"version": stored.catalog.version.digest})
        return True

    def nip_for_key(self, learner_key: str) -> str | None:
        return self.crosswalk.nip_for_key(learner_key)

    def target_jp(self, nip: str, year: int) -> Decimal | None:
        target = self.catalog.targets.target_for(self.entries[nip].status, year)
        return None if target is None else target.jp

    def local_year(self, moment: datetime) -> int:
        return moment.astimezone(self.catalog.settings.zone).year

    def current_year(self) -> int:
        return self.local_year(datetime.now(UTC))
