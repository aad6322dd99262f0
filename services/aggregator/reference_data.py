"""The catalog and roster the aggregator projects with, held in memory.

The catalog is read from files when the aggregator starts (``LRS_CATALOG_DIR``) and stored in
MongoDB, so the query API and the CLI see the one in force. The roster is imported by the CLI;
each batch first reads its version (one ``_id`` read) and reloads it when it changed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from services.competency.catalog import Catalog
from services.competency.catalog_loader import load_catalog, read_catalog_dir
from services.competency.crosswalk import Crosswalk
from services.competency.roster import RosterEntry
from services.competency_store.store import CompetencyStore


class CatalogRejected(RuntimeError):
    """The catalog files do not load; the aggregator does not start on a broken catalog."""


def read_catalog(directory: Path) -> Catalog:
    catalog = load_catalog(read_catalog_dir(directory))
    if not isinstance(catalog, Catalog):
        errors = "; ".join(str(error) for error in catalog.errors[:10])
        raise CatalogRejected(f"the catalog in {directory} is rejected: {errors}")
    return catalog


class ReferenceData:
    def __init__(self, store: CompetencyStore, catalog: Catalog) -> None:
        self._store = store
        self.catalog = catalog
        self.roster_version = -1
        self.crosswalk = Crosswalk(())
        self.entries: dict[str, RosterEntry] = {}

    async def start(self) -> None:
        await self._store.store_catalog(self.catalog)
        await self.refresh()

    async def refresh(self) -> bool:
        """Reload the roster if the CLI imported one since; say whether it did."""
        version = await self._store.roster_version()
        if version == self.roster_version:
            return False
        entries = await self._store.load_roster()
        self.entries = {entry.nip: entry for entry in entries}
        self.crosswalk = Crosswalk(entries)
        self.roster_version = version
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
