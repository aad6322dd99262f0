"""The catalog in force, who changed it, and its history, in MongoDB.

``competency_reference/catalog`` holds the files in force (name/text pairs: file names hold
dots, which field names may not), their version, the last change (when, by whom, source
``api``, ``cli`` or ``files``) and ``files_seen``, the digest of the catalog files the
aggregator last started with (``catalog_in_force``). Every change that gives a new version
also adds a ``catalog_history`` document whose ``_id`` starts with the UTC time of the change,
so the newest come first in ``_id`` order.

A replacement names the version it replaces and matches only if that is still the one stored:
two editors cannot overwrite each other unseen. The filter names more than ``_id``, which
FerretDB answers by reading the collection, but this collection holds four documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.common.mongo import Document
from services.competency.catalog import Catalog
from services.competency.catalog_loader import load_catalog
from services.competency_store.collections import CATALOG_DOC, CATALOG_HISTORY, REFERENCE
from services.competency_store.reference import StoredReferenceInvalid

Source = Literal["api", "cli", "files"]


@dataclass(frozen=True, slots=True)
class CatalogChange:
    source: Source
    by: str
    at: datetime

    @classmethod
    def now(cls, source: Source, by: str) -> CatalogChange:
        return cls(source, by, datetime.now(UTC))


@dataclass(frozen=True, slots=True)
class StoredCatalog:
    catalog: Catalog
    changed: CatalogChange | None
    files_seen: str | None


async def stored_catalog_version(db: AsyncDatabase[Document]) -> str | None:
    doc = await db[REFERENCE].find_one({"_id": CATALOG_DOC}, projection={"version": True})
    return None if doc is None else str(doc["version"])


async def load_stored_catalog(db: AsyncDatabase[Document]) -> Catalog | None:
    """The catalog in force, without how it came to be."""
    stored = await read_stored_catalog(db)
    return None if stored is None else stored.catalog


async def read_stored_catalog(db: AsyncDatabase[Document]) -> StoredCatalog | None:
    doc = await db[REFERENCE].find_one({"_id": CATALOG_DOC})
    if doc is None:
        return None
    sources = {str(f["name"]): str(f["text"]) for f in doc["files"]}  # type: ignore[attr-defined]
    catalog = load_catalog(sources)
    if not isinstance(catalog, Catalog):
        raise StoredReferenceInvalid(f"the stored catalog is rejected: {catalog.errors[:3]}")
    changed = None
    if "source" in doc:
        changed = CatalogChange(doc["source"], str(doc["changed_by"]), doc["changed_at"])  # type: ignore[arg-type]
    # Written before the catalog could be edited, by an aggregator that stored its files.
    files_seen = str(doc["version"]) if changed is None else doc.get("files_seen")
    return StoredCatalog(catalog, changed, None if files_seen is None else str(files_seen))


async def replace_catalog(
    db: AsyncDatabase[Document],
    catalog: Catalog,
    change: CatalogChange,
    *,
    expected: str | None,
    files_seen: str | None = None,
) -> bool:
    """Store ``catalog`` if the stored version is still ``expected`` (None: nothing is
    stored); say whether it was. A new version is added to the history; the same version
    again changes nothing but ``files_seen``."""
    version = catalog.version.digest
    if expected == version:
        if files_seen is not None:
            await note_files_seen(db, files_seen)
        return True
    fields: Document = {
        "version": version,
        "files": [{"name": name, "text": text} for name, text in sorted(catalog.sources.items())],
        "changed_at": change.at,
        "changed_by": change.by,
        "source": change.source,
    }
    if files_seen is not None:
        fields["files_seen"] = files_seen
    if expected is None:
        try:
            await db[REFERENCE].insert_one({"_id": CATALOG_DOC, **fields})
        except DuplicateKeyError:
            return False
    else:
        where = {"_id": CATALOG_DOC, "version": expected}
        if (await db[REFERENCE].update_one(where, {"$set": fields})).matched_count == 0:
            return False
    await _record(db, catalog, change, expected)
    return True


async def note_files_seen(db: AsyncDatabase[Document], digest: str) -> None:
    await db[REFERENCE].update_one({"_id": CATALOG_DOC}, {"$set": {"files_seen": digest}})


async def _record(
    db: AsyncDatabase[Document], catalog: Catalog, change: CatalogChange, previous: str | None
) -> None:
    at = change.at.astimezone(UTC)
    await db[CATALOG_HISTORY].update_one(
        {"_id": f"{at:%Y-%m-%dT%H:%M:%S.%fZ}:{catalog.version.digest[:12]}"},
        {
            "$setOnInsert": {
                "version": catalog.version.digest,
                "previous": previous,
                "at": at,
                "by": change.by,
                "source": change.source,
                "files": sorted(catalog.sources),
            }
        },
        upsert=True,
    )


async def catalog_history(db: AsyncDatabase[Document], limit: int) -> list[Document]:
    """The newest ``limit`` changes first. Edits are rare: the collection is read whole."""
    cursor = db[CATALOG_HISTORY].find({}).sort("_id", -1).limit(limit)
    return [doc async for doc in cursor]
