"""``python -m devstack``: run the whole pipeline on this machine, without Docker."""

from __future__ import annotations

import signal
import threading
from types import FrameType

import typer
from rich.console import Console
from rich.table import Table

from devstack.processes import ProcessFailed
from devstack.settings import StackSettings
from devstack.stack import LocalStack
from services.common.settings import DEV_SECRET_PLACEHOLDER

app = typer.Typer(help=__doc__, no_args_is_help=True)
console = Console()


def _stack() -> LocalStack:
    return LocalStack.from_settings(StackSettings())


@app.command()
def up() -> None:
    """Start PostgreSQL, FerretDB, Kafka, aggregator, ingest and query API in the background.

    FerretDB stores in PostgreSQL, or in SQLite files with LRS_STORE_BACKEND=sqlite.
    """
    stack = _stack()
    try:
        stack.up()
    except ProcessFailed as error:
        console.print(f"[red]start-up failed:[/red] {error}")
        stack.down()
        raise typer.Exit(1) from error
    _print_endpoints(stack)


@app.command()
def down() -> None:
    """Stop what ``up`` started (by PID)."""
    stack = _stack()
    stack.down()
    console.print("stopped")


@app.command()
def run() -> None:
    """Start everything, print the URLs, and stop everything on Ctrl-C."""
    stack = _stack()
    stopping = threading.Event()

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        stack.up()
        _print_endpoints(stack)
        console.print("Press Ctrl-C to stop.")
        stopping.wait()
    except ProcessFailed as error:
        console.print(f"[red]start-up failed:[/red] {error}")
        raise typer.Exit(1) from error
    finally:
        console.print("stopping...")
        stack.down()
        console.print("stopped")


@app.command()
def status() -> None:
    """Show which processes of the local stack run."""
    table = Table("process", "pid", "log")
    for process in _stack().processes():
        pid = process.pid()
        table.add_row(
            process.name,
            str(pid) if pid else "[red]stopped[/red]",
            str(process.log_path),
        )
    console.print(table)


def _print_endpoints(stack: LocalStack) -> None:
    s = stack.settings
    table = Table("what", "where", title="xAPI pipeline is up")
    table.add_row("xAPI endpoint (ingest)", f"http://127.0.0.1:{s.ingest_port}/xapi")
    table.add_row("query API", f"http://127.0.0.1:{s.query_port}/api/v1 (docs: /docs)")
    table.add_row("aggregator", f"http://127.0.0.1:{s.aggregator_port}/metrics")
    table.add_row("Kafka", stack.infrastructure.bootstrap_servers)
    table.add_row("MongoDB wire (FerretDB)", stack.infrastructure.mongodb_url)
    table.add_row("FerretDB's backend", s.store_backend)
    secret = s.api_secret.get_secret_value()
    shown = secret if secret == DEV_SECRET_PLACEHOLDER else "(the value of LRS_API_SECRET)"
    table.add_row("credential (HTTP Basic)", f"{s.api_key} / {shown}")
    console.print(table)
