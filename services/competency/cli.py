"""``python -m services.competency.cli``: the roster, the unit tree and the catalog.

The one place of the package that does I/O: it reads files and, for imports, writes to
MongoDB (``LRS_MONGODB_*``); the checks themselves are the package's pure functions.

    roster import FILE   good rows imported, bad rows printed by line; exit 1 if any; a
                         learner moved to another unit or status: re-derive requested
    units import FILE    the whole tree, or nothing and every error; exit 1 on errors
    catalog check DIR    the catalog files validated together; exit 1 on errors
    catalog load DIR     validated, then put in force (re-derive requested); exit 1 on errors
    catalog export DIR   the files of the catalog in force written to DIR
    rederive [--year Y] [--wait]   every learner-year recomputed by the aggregator
"""

from __future__ import annotations

import asyncio
import getpass
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from pymongo.asynchronous.database import AsyncDatabase
from rich.console import Console
from rich.progress import Progress

from services.common.mongo import Document, open_client
from services.common.settings import CommonSettings
from services.competency.catalog import Catalog
from services.competency.catalog_loader import load_catalog, read_catalog_dir
from services.competency.file_errors import FileError, Rejected
from services.competency.roster import RosterEntry, import_roster
from services.competency.roster_merge import merge_roster
from services.competency.units import UnitTree, import_units
from services.competency_store.catalog_edits import Edited, VersionMoved, edit_catalog
from services.competency_store.catalog_store import (
    CatalogChange,
    read_stored_catalog,
    stored_catalog_version,
)
from services.competency_store.rederive_requests import read_rederive, request_rederive
from services.competency_store.reference import load_roster, load_units, store_roster, store_units

app = typer.Typer(help="Competency roster, unit tree and catalog.", no_args_is_help=True)
roster_app = typer.Typer(help="The roster of civil servants.", no_args_is_help=True)
units_app = typer.Typer(help="The tree of work units.", no_args_is_help=True)
catalog_app = typer.Typer(help="The competency catalog.", no_args_is_help=True)
app.add_typer(roster_app, name="roster")
app.add_typer(units_app, name="units")
app.add_typer(catalog_app, name="catalog")
out = Console()
err = Console(stderr=True)

T = TypeVar("T")
CsvFile = Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)]
CatalogDir = Annotated[Path, typer.Argument(exists=True, file_okay=False)]
WAIT_POLL_SECONDS = 0.5


def _with_db(action: Callable[[AsyncDatabase[Document]], Awaitable[T]]) -> T:
    settings = CommonSettings()

    async def run() -> T:
        client = open_client(settings)
        try:
            return await action(client[settings.mongodb_database])
        finally:
            await client.close()

    return asyncio.run(run())


def _report(errors: Sequence[FileError]) -> None:
    for error in errors:
        err.print(str(error), style="red", markup=False, highlight=False)


@roster_app.command("import")
def roster_import(file: CsvFile) -> None:
    """Import a roster CSV: each good row replaces its NIP's entry; bad rows are listed."""
    text = file.read_text(encoding="utf-8")

    async def action(db: AsyncDatabase[Document]) -> tuple[int, tuple[FileError, ...], int]:
        checked = import_roster(text, file.name, await load_units(db))
        stored = await load_roster(db)
        merged = merge_roster(stored, checked, file.name)
        await store_roster(db, [row.value for row in merged.entries])
        moved = moved_or_restatused(stored, [row.value for row in merged.entries])
        if moved:
            # Their years already counted name the old unit and the old status's target.
            await request_rederive(db, None, f"cli:{_user()}:roster import")
        return len(merged.entries), merged.errors, len(moved)

    imported, errors, moved = _with_db(action)
    _report(errors)
    out.print(f"imported {imported} row(s); {len(errors)} error(s)")
    if moved:
        out.print(f"{moved} learner(s) changed unit or status: re-derive requested")
    if errors:
        raise typer.Exit(1)


def moved_or_restatused(
    stored: Sequence[RosterEntry], imported: Sequence[RosterEntry]
) -> list[str]:
    """The NIPs already on the roster whose unit or employee status the import changes."""
    before = {entry.nip: (entry.unit_code, entry.status) for entry in stored}
    return sorted(
        entry.nip
        for entry in imported
        if entry.nip in before and before[entry.nip] != (entry.unit_code, entry.status)
    )


@units_app.command("import")
def units_import(file: CsvFile) -> None:
    """Import the unit tree CSV, whole: any error keeps the tree in force."""
    text = file.read_text(encoding="utf-8")
    tree = import_units(text, file.name)
    if not isinstance(tree, UnitTree):
        _report(tree.errors)
        out.print(f"not imported: {len(tree.errors)} error(s)")
        raise typer.Exit(1)

    async def action(db: AsyncDatabase[Document]) -> None:
        await store_units(db, text)

    _with_db(action)
    out.print(f"imported {len(tree.codes())} unit(s)")


@catalog_app.command("check")
def catalog_check(directory: CatalogDir) -> None:
    """Validate a catalog folder (the six CSV files) without loading it anywhere."""
    catalog = load_catalog(read_catalog_dir(directory))
    if not isinstance(catalog, Catalog):
        _report(catalog.errors)
        out.print(f"rejected: {len(catalog.errors)} error(s)")
        raise typer.Exit(1)
    out.print(
        f"catalog {catalog.version}: {len(catalog.competencies)} competencies, "
        f"{len(catalog.forms)} forms, {len(catalog.activities)} activities"
    )


@catalog_app.command("load")
def catalog_load(directory: CatalogDir) -> None:
    """Validate a catalog folder and put it in force; on errors the version in force stays.
    A new version asks the aggregator to re-derive every learner-year."""
    sources = read_catalog_dir(directory)

    async def action(db: AsyncDatabase[Document]) -> Edited | Rejected | VersionMoved:
        current = await stored_catalog_version(db)
        change = CatalogChange.now("cli", _user())
        return await edit_catalog(db, sources, change, expected=current)

    outcome = _with_db(action)
    if isinstance(outcome, Rejected):
        _report(outcome.errors)
        out.print(f"rejected: {len(outcome.errors)} error(s); the catalog in force stays")
        raise typer.Exit(1)
    if isinstance(outcome, VersionMoved):
        err.print(f"the catalog changed meanwhile (now {outcome.current}); load again")
        raise typer.Exit(1)
    if outcome.changed:
        out.print(f"catalog {outcome.catalog.version} in force; re-derive requested")
    else:
        out.print(f"catalog {outcome.catalog.version} already in force; nothing changed")


@catalog_app.command("export")
def catalog_export(directory: Annotated[Path, typer.Argument(file_okay=False)]) -> None:
    """Write the files of the catalog in force to a folder (created if missing)."""
    stored = _with_db(read_stored_catalog)
    if stored is None:
        err.print("no catalog is stored yet")
        raise typer.Exit(1)
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in sorted(stored.catalog.sources.items()):
        (directory / name).write_text(text, encoding="utf-8")
    out.print(f"catalog {stored.catalog.version}: {len(stored.catalog.sources)} file(s) written")


@app.command("rederive")
def rederive(
    year: Annotated[int | None, typer.Option(min=2000, max=2999, help="Only this year.")] = None,
    wait: Annotated[bool, typer.Option(help="Show progress until it is done.")] = False,
) -> None:
    """Ask the aggregator to recompute every learner-year (of YEAR, or all) with the catalog
    and roster in force, and to re-check the events kept as unmapped."""

    async def action(db: AsyncDatabase[Document]) -> None:
        number = await request_rederive(db, year, f"cli:{_user()}")
        out.print(f"re-derive requested ({'all years' if year is None else year}), #{number}")
        if wait:
            await _wait_for_rederive(db, number)

    _with_db(action)


async def _wait_for_rederive(db: AsyncDatabase[Document], number: int) -> None:
    with Progress(console=out, transient=False) as progress:
        bar = progress.add_task("waiting for an aggregator", total=None)
        while True:
            status = await read_rederive(db)
            if status is not None and status.served(number):
                progress.update(bar, description="re-derived", total=status.total or 0,
                                completed=status.total or 0)  # fmt: skip
                out.print(
                    f"{status.processed} learner-year(s) recomputed, {status.changed} written"
                )
                return
            if status is not None and status.running and status.run >= number:
                progress.update(bar, description="re-deriving", total=status.total,
                                completed=status.processed)  # fmt: skip
            await asyncio.sleep(WAIT_POLL_SECONDS)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "unknown"


if __name__ == "__main__":
    app(prog_name="python -m services.competency.cli")
