"""Which catalog is in force at start: the stored one, unless there is none or the catalog
files changed since the last start saw them (ADR 0006)."""

from __future__ import annotations

import pytest

from services.aggregator.reference_data import ReferenceData
from services.competency.catalog import Catalog
from services.competency.catalog_in_force import (
    CatalogFiles,
    CatalogRejected,
    StartPlan,
    plan_start,
)
from services.competency.catalog_loader import TARGETS, load_catalog, replace_file
from services.competency.file_errors import Rejected
from services.competency_store.catalog_store import CatalogChange
from tests.unit.competency.memory_store import MemoryCompetencyStore
from tests.unit.competency.support import seed_catalog

SEED = seed_catalog()
SEED_FILES = CatalogFiles.of(SEED)


def with_targets(text: str) -> Catalog | Rejected:
    return replace_file(SEED, TARGETS, text)


def edited() -> Catalog:
    """The seed with the PNS target raised to 24 JP, as an editor would."""
    catalog = with_targets(SEED.sources[TARGETS].replace("\nPNS,2017,20,", "\nPNS,2017,24,"))
    assert isinstance(catalog, Catalog), catalog
    return catalog


def broken_files() -> CatalogFiles:
    sources = {**SEED.sources, TARGETS: "status,from_year,jp,evidence,note\nPNS,twenty,20,,\n"}
    loaded = load_catalog(sources)
    assert isinstance(loaded, Rejected)
    return CatalogFiles("digest-of-broken-files", loaded)


def test_files_are_loaded_when_nothing_is_stored() -> None:
    assert plan_start(None, None, SEED_FILES) == StartPlan(load=SEED, seen=SEED.version.digest)


def test_broken_files_and_nothing_stored_stop_the_start() -> None:
    with pytest.raises(CatalogRejected, match=r"targets\.csv:2: from_year"):
        plan_start(None, None, broken_files())


def test_an_edit_stays_while_the_files_are_the_ones_seen() -> None:
    version = edited().version.digest
    assert plan_start(version, SEED.version.digest, SEED_FILES) == StartPlan()


def test_an_edit_made_before_any_start_saw_files_stays() -> None:
    version = edited().version.digest
    assert plan_start(version, None, SEED_FILES) == StartPlan(seen=SEED.version.digest)


def test_changed_files_replace_the_stored_catalog() -> None:
    changed = CatalogFiles.of(edited())
    plan = plan_start(SEED.version.digest, SEED.version.digest, changed)
    assert plan.load is not None and plan.load.version == edited().version
    assert plan.seen == changed.digest


def test_changed_files_equal_to_the_stored_catalog_load_nothing() -> None:
    version = edited().version.digest
    plan = plan_start(version, SEED.version.digest, CatalogFiles.of(edited()))
    assert plan == StartPlan(seen=version)


def test_changed_but_broken_files_leave_the_stored_catalog_in_force() -> None:
    plan = plan_start(SEED.version.digest, "digest-of-older-files", broken_files())
    assert plan.load is None and plan.seen is None
    assert plan.rejected is not None
    assert str(plan.rejected.errors[0]).startswith("targets.csv:2: from_year:")


async def start(store: MemoryCompetencyStore, files: CatalogFiles) -> str:
    reference = ReferenceData(store, files)
    await reference.start()
    return reference.catalog.version.digest


async def test_an_api_edit_survives_a_restart_until_the_files_change() -> None:
    store = MemoryCompetencyStore()
    assert await start(store, SEED_FILES) == SEED.version.digest
    api_edit = edited()
    change = CatalogChange.now("api", "editor")
    assert await store.replace_catalog(api_edit, change, expected=SEED.version.digest)

    assert await start(store, SEED_FILES) == api_edit.version.digest  # same files: the edit stays

    newer = with_targets(SEED.sources[TARGETS].replace("\nPNS,2017,20,", "\nPNS,2017,22,"))
    assert isinstance(newer, Catalog)
    assert await start(store, CatalogFiles.of(newer)) == newer.version.digest  # files changed
    assert [c.source for c in store.catalog_changes] == ["files", "api", "files"]


async def test_a_running_aggregator_follows_a_stored_edit() -> None:
    store = MemoryCompetencyStore()
    reference = ReferenceData(store, SEED_FILES)
    await reference.start()
    assert not await reference.refresh()
    await store.replace_catalog(
        edited(), CatalogChange.now("cli", "operator"), expected=SEED.version.digest
    )
    assert await reference.refresh()
    assert reference.catalog.version == edited().version
