"""``python -m services.competency.cli``: the roster, the unit tree and the catalog.

The one place of the package that does I/O: it reads files and, for imports, writes to
MongoDB (``LRS_MONGODB_*``); the checks themselves are the package's pure functions.

    roster import FILE   good rows imported, bad rows printed by line; exit 1 if any
    units import FILE    the whole tree, or nothing and every error; exit 1 on errors
    catalog check DIR    the six catalog files validated together; exit 1 on errors
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from pymongo.asynchronous.database import AsyncDatabase
from rich.console import Console

from services.common.mongo import Document, open_client
from services.common.settings import CommonSettings
from services.competency.catalog import Catalog
from services.competency.catalog_loader import load_catalog, read_catalog_dir
from services.competency.file_errors import FileError
from services.competency.roster import import_roster
from services.competency.roster_merge import merge_roster
from services.competency.units import UnitTree, import_units
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

    async def action(db: AsyncDatabase[Document]) -> tuple[int, tuple[FileError, ...]]:
        checked = import_roster(text, file.name, await load_units(db))
        merged = merge_roster(await load_roster(db), checked, file.name)
        await store_roster(db, [row.value for row in merged.entries])
        return len(merged.entries), merged.errors

    imported, errors = _with_db(action)
    _report(errors)
    out.print(f"imported {imported} row(s); {len(errors)} error(s)")
    if errors:
        raise typer.Exit(1)


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
def catalog_check(
    directory: Annotated[Path, typer.Argument(exists=True, file_okay=False)],
) -> None:
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


if __name__ == "__main__":
    app(prog_name="python -m services.competency.cli")
