"""Which catalog is in force when the aggregator starts: the stored one, or the files'.

The stored catalog is in force: the admin API and the CLI edit it. The catalog files
(``LRS_CATALOG_DIR``, the seed by default) are loaded at start only when the store holds no
catalog, or when the files changed since the last start saw them (``files_seen``, the digest
of their text). An edit made through the API therefore survives restarts until someone
changes the files. See ``docs/adr/0006-catalog-in-force.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from services.competency.catalog import Catalog, CatalogVersion
from services.competency.catalog_loader import load_catalog, read_catalog_dir
from services.competency.file_errors import Rejected


class CatalogRejected(RuntimeError):
    """The store holds no catalog and the files do not load: nothing can be in force."""


@dataclass(frozen=True, slots=True)
class CatalogFiles:
    """The catalog files as read: their digest whether or not they load."""

    digest: str
    loaded: Catalog | Rejected

    @classmethod
    def read(cls, directory: Path) -> CatalogFiles:
        sources = read_catalog_dir(directory)
        return cls(CatalogVersion.of(sources).digest, load_catalog(sources))

    @classmethod
    def of(cls, catalog: Catalog) -> CatalogFiles:
        return cls(catalog.version.digest, catalog)


@dataclass(frozen=True, slots=True)
class StartPlan:
    """``load``: the files' catalog to put in force; ``seen``: the files digest to record;
    ``rejected``: the files changed but do not load (the stored catalog stays)."""

    load: Catalog | None = None
    seen: str | None = None
    rejected: Rejected | None = None


def plan_start(
    stored_version: str | None, files_seen: str | None, files: CatalogFiles
) -> StartPlan:
    loaded = files.loaded
    if stored_version is None:
        if isinstance(loaded, Rejected):
            errors = "; ".join(str(error) for error in loaded.errors[:10])
            raise CatalogRejected(f"no catalog stored and the catalog files are rejected: {errors}")
        return StartPlan(load=loaded, seen=files.digest)
    if files_seen == files.digest:
        return StartPlan()
    if files_seen is None:
        # Stored through the API or CLI before any start saw files: that choice stands, and
        # these files become the ones a later change is measured against.
        return StartPlan(seen=files.digest)
    if isinstance(loaded, Rejected):
        return StartPlan(rejected=loaded)
    changed = loaded.version.digest != stored_version
    return StartPlan(load=loaded if changed else None, seen=files.digest)
