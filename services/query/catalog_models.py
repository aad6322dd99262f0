"""Response bodies of the catalog admin API."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from pydantic import BaseModel

from services.competency_store.catalog_store import StoredCatalog


class CatalogFile(BaseModel):
    name: str
    rows: int


class CatalogSummary(BaseModel):
    version: str
    files: list[CatalogFile]
    counts: dict[str, int]
    changed_at: datetime | None
    changed_by: str | None
    source: str | None

    @classmethod
    def of(cls, stored: StoredCatalog) -> CatalogSummary:
        catalog, changed = stored.catalog, stored.changed
        return cls(
            version=catalog.version.digest,
            files=[CatalogFile(name=n, rows=_rows(t)) for n, t in sorted(catalog.sources.items())],
            counts={
                "competencies": len(catalog.competencies),
                "forms": len(catalog.forms),
                "activities": len(catalog.activities),
            },
            changed_at=None if changed is None else changed.at,
            changed_by=None if changed is None else changed.by,
            source=None if changed is None else changed.source,
        )


class CatalogChangeEntry(BaseModel):
    version: str
    previous: str | None = None
    at: datetime
    by: str
    source: str
    files: list[str]


class CatalogHistory(BaseModel):
    changes: list[CatalogChangeEntry]


def _rows(text: str) -> int:
    """Data rows (records after the header), whatever the file holds."""
    records = [r for r in csv.reader(io.StringIO(text.removeprefix("\ufeff"))) if any(r)]
    return max(len(records) - 1, 0)
