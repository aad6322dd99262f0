"""Load a demo into a running pipeline, in the order real life would bring it:

1. the unit tree and the roster (without the late joiners), through the competency CLI;
2. the voids that arrive before their targets, then the year's statements;
3. the late joiners' roster rows: their statements, kept as needs-mapping so far, count
   once the aggregator sees the next batch (it re-checks unmapped events when the roster
   version changes);
4. the late statements, late voids and re-sent duplicates;
5. wait until the aggregator has applied all of it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from services.demo import files
from services.demo.applied import wait_until_applied
from services.demo.files import DemoFiles
from services.demo.reference_import import cli_import
from services.demo.sender import Sent, XapiEndpoint, send_statements
from services.demo.statements import Statement

VOIDED = "http://adlnet.gov/expapi/verbs/voided"


@dataclass(frozen=True)
class LoadOptions:
    batch: int = 100
    concurrency: int = 4
    wait_seconds: float = 900.0  # 0: do not wait for the aggregator


@dataclass
class Loaded:
    sent: Sent = field(default_factory=Sent)
    applied_after: float | None = None  # seconds from the last POST to all applied


async def load_demo(
    demo: DemoFiles,
    endpoint: XapiEndpoint,
    cli_env: Mapping[str, str],
    options: LoadOptions,
    console: Console,
) -> Loaded:
    loaded = Loaded()
    for kind, name in (("units", files.UNITS), ("roster", files.ROSTER)):
        console.print(await asyncio.to_thread(cli_import, kind, demo.path(name), cli_env))
    phases = {name: demo.statements(name) for name in (files.FIRST, files.MAIN, files.LATE)}
    total = sum(len(s) for s in phases.values())
    with _progress(console) as progress:
        task = progress.add_task("statements", total=total)

        async def send(statements: Sequence[Statement]) -> None:
            sent = await send_statements(
                endpoint,
                statements,
                batch=options.batch,
                concurrency=options.concurrency,
                advance=lambda n: progress.advance(task, n),
            )
            loaded.sent.statements += sent.statements
            loaded.sent.requests += sent.requests
            loaded.sent.retries += sent.retries
            loaded.sent.seconds += sent.seconds

        await send(phases[files.FIRST])
        await send(phases[files.MAIN])
        late_rows = await asyncio.to_thread(
            cli_import, "roster", demo.path(files.LATE_ROSTER), cli_env
        )
        progress.console.print(f"late joiners: {late_rows}")
        await send(phases[files.LATE])
    console.print(
        f"sent {loaded.sent.statements:,} statements in {loaded.sent.seconds:.1f} s "
        f"({loaded.sent.rate:,.0f}/s, {loaded.sent.requests:,} requests, "
        f"{loaded.sent.retries} retries)"
    )
    if options.wait_seconds > 0:
        probe = readable_id([s for p in phases.values() for s in p])
        with console.status("waiting for the aggregator to apply everything ..."):
            loaded.applied_after = await wait_until_applied(endpoint, probe, options.wait_seconds)
        console.print(f"aggregator caught up {loaded.applied_after:.1f} s after the last POST")
    return loaded


def readable_id(statements: Sequence[Statement]) -> str:
    """The last statement sent that no void takes back (a GET of a voided one is a 404)."""
    voided = {s["object"]["id"] for s in statements if s["verb"]["id"] == VOIDED}
    return next(str(s["id"]) for s in reversed(statements) if s["id"] not in voided)


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
