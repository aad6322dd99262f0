"""A catalog edit through the admin API or the CLI: the whole file set checked together,
stored only if the version it was made against is still in force, then every learner-year
re-derived with it.

    edit_catalog -> Edited (stored, or the same version again)
                 -> Rejected (line-numbered errors; nothing changed)
                 -> VersionMoved (someone else changed the catalog first; nothing changed)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import Document
from services.competency.catalog import Catalog
from services.competency.catalog_loader import load_catalog
from services.competency.file_errors import Rejected
from services.competency_store.catalog_store import (
    CatalogChange,
    replace_catalog,
    stored_catalog_version,
)
from services.competency_store.rederive_requests import request_rederive


@dataclass(frozen=True, slots=True)
class Edited:
    catalog: Catalog
    changed: bool


@dataclass(frozen=True, slots=True)
class VersionMoved:
    current: str | None


async def commit_catalog(
    db: AsyncDatabase[Document],
    catalog: Catalog,
    change: CatalogChange,
    *,
    expected: str | None,
    files_seen: str | None = None,
) -> bool:
    """Store the catalog if ``expected`` is still in force; a new version asks for a
    re-derive (years counted under the old rules get the new ones)."""
    if not await replace_catalog(db, catalog, change, expected=expected, files_seen=files_seen):
        return False
    if catalog.version.digest != expected:
        await request_rederive(db, None, f"{change.source}:{change.by}")
    return True


async def edit_catalog(
    db: AsyncDatabase[Document],
    sources: Mapping[str, str],
    change: CatalogChange,
    *,
    expected: str | None,
) -> Edited | Rejected | VersionMoved:
    """``sources``: the whole file set after the edit; ``expected``: the version it was made
    against (None: the store holds none)."""
    loaded = load_catalog(sources)
    if isinstance(loaded, Rejected):
        return loaded
    if not await commit_catalog(db, loaded, change, expected=expected):
        return VersionMoved(await stored_catalog_version(db))
    return Edited(loaded, loaded.version.digest != expected)
