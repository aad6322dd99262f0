"""``python -m services.dead_letters``: list what the aggregator sent to the dead-letter topic.

    list [--reason PREFIX] [--limit N] [--json]

Settings are the services' (``LRS_KAFKA_BOOTSTRAP_SERVERS``, ``LRS_DLQ_TOPIC``). ``--json``
writes one object a line with the whole record, to inspect or send again.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Annotated

import orjson
import typer
from rich.console import Console
from rich.table import Table

from services.common.settings import CommonSettings
from services.dead_letters.reader import read_dead_letters

PREVIEW = 80

app = typer.Typer(help="The dead-letter topic.", no_args_is_help=True)
out = Console()


@app.callback()
def main() -> None:
    """Inspect the dead-letter topic."""


@app.command("list")
def list_letters(
    reason: Annotated[str, typer.Option(help="Only reasons starting with this.")] = "",
    limit: Annotated[int, typer.Option(min=1, help="Show the newest this many.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object a line.")] = False,
) -> None:
    """The dead letters, oldest first (the newest ``limit``), with a count per reason."""
    settings = CommonSettings()
    letters = asyncio.run(read_dead_letters(settings.kafka_bootstrap_servers, settings.dlq_topic))
    letters = [letter for letter in letters if letter.reason.startswith(reason)]
    shown = letters[-limit:]
    if as_json:
        for letter in shown:
            typer.echo(orjson.dumps(letter.as_json()).decode())
        return
    table = Table("at (UTC)", "dlq offset", "reason", "source", "key", "value")
    for letter in shown:
        value = letter.value if len(letter.value) <= PREVIEW else letter.value[:PREVIEW] + "…"
        table.add_row(
            letter.at.strftime("%Y-%m-%d %H:%M:%S"),
            f"{letter.partition}@{letter.offset}",
            letter.reason,
            letter.source,
            letter.key or "",
            value,
        )
    out.print(table)
    kinds = Counter(letter.reason.split(":", 1)[0] for letter in letters)
    summary = ", ".join(f"{count} {kind}" for kind, count in kinds.most_common()) or "none"
    out.print(f"{len(letters)} dead letter(s) in {settings.dlq_topic}: {summary}", markup=False)
