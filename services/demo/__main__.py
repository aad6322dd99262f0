"""``python -m services.demo``: generate the demo, or generate and load it."""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from services.demo.dataset import DemoOptions, generate, previous_year
from services.demo.files import DemoFiles, write_demo
from services.demo.hints import print_hints
from services.demo.loading import LoadOptions, load_demo
from services.demo.target import DemoTarget

app = typer.Typer(help=__doc__, no_args_is_help=True)
console = Console()

Seed = Annotated[int, typer.Option(help="Same seed, same demo.")]
Year = Annotated[int | None, typer.Option(help="Reporting year (default: last year, WITA).")]
Learners = Annotated[int, typer.Option(min=1, help="Civil servants on the roster.")]
PerLearner = Annotated[int, typer.Option(min=1, help="Statements per learner, on average (about).")]


def _generate(seed: int, year: int | None, learners: int, per_learner: int, out: Path) -> Path:
    options = DemoOptions(
        seed=seed,
        year=year or previous_year(),
        learners=learners,
        statements_per_learner=per_learner,
    )
    with console.status(f"generating {learners:,} learners' year {options.year} ..."):
        demo = generate(options)
    write_demo(demo, out)
    counts = ", ".join(f"{name} {value:,}" for name, value in demo.counts.items())
    expected = demo.expected()
    console.print(f"wrote {out}: {counts}")
    console.print(
        f"planned: {expected['at_target']:,} of {expected['learners']:,} learners at the "
        f"20 JP target, {expected['under_target']:,} under "
        f"({expected['without_statements']:,} without any statement)"
    )
    return out


@app.command("generate")
def generate_command(
    out: Annotated[Path, typer.Option(help="Folder for the files.")],
    seed: Seed = 2025,
    year: Year = None,
    learners: Learners = 2000,
    statements_per_learner: PerLearner = 25,
) -> None:
    """Write units.csv, roster.csv, the statements (JSON lines) and expected.json."""
    _generate(seed, year, learners, statements_per_learner, out)


@app.command("send")
def send_command(
    source: Annotated[
        Path | None, typer.Option("--from", help="Send this generated folder instead.")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Keep the generated files here.")] = None,
    seed: Seed = 2025,
    year: Year = None,
    learners: Learners = 2000,
    statements_per_learner: PerLearner = 25,
    batch: Annotated[int, typer.Option(min=1, max=1000)] = 100,
    concurrency: Annotated[int, typer.Option(min=1, max=64)] = 4,
    wait_seconds: Annotated[
        float, typer.Option(help="How long to wait for the aggregator (0: do not).")
    ] = 900.0,
) -> None:
    """Import the unit tree and roster, send the statements, wait until all is applied.

    Where to: LRS_INGEST_PORT, LRS_QUERY_PORT, LRS_MONGODB_URL, LRS_MONGODB_DATABASE,
    LRS_API_KEY and LRS_API_SECRET, as for the services (defaults: the local stack).
    """
    target = DemoTarget()
    with tempfile.TemporaryDirectory(prefix="lrs-demo-") as scratch:
        folder = source or _generate(
            seed, year, learners, statements_per_learner, out or Path(scratch)
        )
        files = DemoFiles(folder)
        loaded = asyncio.run(
            load_demo(
                files,
                target.endpoint(),
                target.cli_env(dict(os.environ)),
                LoadOptions(batch, concurrency, wait_seconds),
                console,
            )
        )
        if loaded.applied_after is not None:
            print_hints(console, target, files.expected())


if __name__ == "__main__":
    app(prog_name="python -m services.demo")
