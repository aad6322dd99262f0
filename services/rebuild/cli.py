"""``python -m services.rebuild``: replay the topic into a fresh database, and compare.

    run --into NAME     copy the inputs (roster, units, catalog, documents, credentials),
                        replay xapi.statements from offset 0 into NAME with a progress bar,
                        then compare NAME with the live database (--no-check skips it)
    check NAME          compare NAME with the live database again

Settings are the aggregator's (``LRS_*``): the live database is ``LRS_MONGODB_DATABASE``.
Exit 1 when the databases differ, 2 when the target is not empty.
"""

from __future__ import annotations

import asyncio
import time
from typing import Annotated

import typer
from pymongo.asynchronous.database import AsyncDatabase
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from services.aggregator.settings import AggregatorSettings
from services.common.mongo import Document, ensure_indexes, open_client
from services.rebuild.equality import Comparison, compare
from services.rebuild.inputs import copy_inputs, is_empty
from services.rebuild.replay import replay

EXAMPLES = 5

app = typer.Typer(help="Rebuild the store from the statements topic.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)


@app.command()
def run(
    into: Annotated[str, typer.Option(help="Name of the fresh database to rebuild into.")],
    check: Annotated[bool, typer.Option(help="Compare with the live database after.")] = True,
) -> None:
    """Replay the topic from offset 0 into a fresh database, then compare it with the live one."""
    settings = AggregatorSettings()
    if into == settings.mongodb_database:
        err.print("the target must not be the live database")
        raise typer.Exit(2)

    async def action() -> Comparison | None:
        client = open_client(settings)
        try:
            target = client[into]
            if not await is_empty(target):
                err.print(f"database {into} is not empty; name a fresh one")
                raise typer.Exit(2)
            live = client[settings.mongodb_database]
            await ensure_indexes(target)
            copied = await copy_inputs(live, target)
            out.print(f"copied {copied} input document(s) (roster, units, catalog, documents)")
            await _replay_with_progress(settings, target)
            return await compare(live, target) if check else None
        finally:
            await client.close()

    comparison = asyncio.run(action())
    if comparison is not None:
        _report(comparison)


@app.command("check")
def check_command(
    rebuilt: Annotated[str, typer.Argument(help="The rebuilt database.")],
) -> None:
    """Compare a rebuilt database with the live one."""
    settings = AggregatorSettings()

    async def action() -> Comparison:
        client = open_client(settings)
        try:
            return await compare(client[settings.mongodb_database], client[rebuilt])
        finally:
            await client.close()

    _report(asyncio.run(action()))


async def _replay_with_progress(
    settings: AggregatorSettings, target: AsyncDatabase[Document]
) -> None:
    started = time.monotonic()
    with Progress(
        TextColumn("replaying {task.fields[topic]}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=out,
    ) as progress:
        task = progress.add_task("replay", total=None, topic=settings.statements_topic)
        result = await replay(
            settings,
            target,
            on_start=lambda total: progress.update(task, total=total),
            on_progress=lambda applied: progress.advance(task, applied),
        )
    seconds = time.monotonic() - started
    rate = result.records / seconds if seconds > 0 else 0.0
    out.print(
        f"replayed {result.records} record(s) in {seconds:.1f} s ({rate:.0f}/s); "
        f"{result.dead_letters} dead letter(s), counted, not sent again"
    )


def _report(comparison: Comparison) -> None:
    table = Table("collection", "documents", "only live", "only rebuilt", "different")
    for c in comparison.collections:
        table.add_row(
            c.name,
            str(c.documents),
            str(len(c.only_live)),
            str(len(c.only_rebuilt)),
            str(len(c.different)),
        )
    out.print(table)
    for c in comparison.collections:
        for label, ids in (("only live", c.only_live), ("only rebuilt", c.only_rebuilt),
                           ("different", c.different)):  # fmt: skip
            if ids:
                out.print(f"{c.name} {label}: {', '.join(ids[:EXAMPLES])}", markup=False)
    if not comparison.same_range:
        out.print(
            "the databases applied different stretches of the topic: "
            f"live {comparison.live_offsets}, rebuilt {comparison.rebuilt_offsets}",
            markup=False,
        )
    if not comparison.equal:
        out.print("DIFFERENT: the rebuilt database does not equal the live one")
        raise typer.Exit(1)
    out.print("EQUAL: the rebuilt database equals the live one")
