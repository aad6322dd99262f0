"""Figures of a load run: percentiles, machine facts, the printed tables and the JSON file."""

from __future__ import annotations

import importlib.metadata
import math
import os
import platform
import re
import subprocess
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:  # they import this module; only the type checker needs theirs
    from bench.open_loop import OpenLoopResult
    from bench.rebuild import RebuildResult
    from bench.store import StoreResult
    from bench.sustained_report import SustainedResult
    from bench.targets import TargetRow

REPO = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO / "bench" / "results"
FERRETDB_VERSION = "v1.24.2"


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100) of the values, or None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Latency:
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    samples: int

    @classmethod
    def of(cls, seconds: list[float]) -> Latency:
        ms = [s * 1000 for s in seconds]
        return cls(
            percentile(ms, 50),
            percentile(ms, 95),
            percentile(ms, 99),
            max(ms) if ms else None,
            len(ms),
        )


@dataclass
class CellResult:
    name: str
    batch: int
    concurrency: int
    seconds: float
    requests: int
    accepted_statements: int
    statements_per_second: float
    requests_per_second: float
    latency: Latency
    errors: int
    error_kinds: dict[str, int] = field(default_factory=dict)
    ratio_to_ceiling: float | None = None
    ratio_to_peer: float | None = None


@dataclass
class LagResult:
    rate_per_second: float
    samples: int
    visible: int
    not_visible: int
    errors: int
    post: Latency
    get: Latency
    post_to_visible: Latency
    get_retries: int


@dataclass
class CeilingResult:
    batch: int
    concurrency: int
    seconds: float
    statements: int
    statements_per_second: float
    batch_latency: Latency
    errors: int


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def rate_ratio(ours: float, theirs: float) -> float | None:
    """ours / theirs, or None when theirs is not a positive rate (nothing to compare with)."""
    return ours / theirs if theirs > 0 else None


def _times(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def kafka_version() -> str:
    pom = REPO / "deploy" / "kafka" / "pom.xml"
    try:
        found = re.search(r"<kafka\.version>([^<]+)</kafka\.version>", pom.read_text())
    except FileNotFoundError:
        return "unknown"
    return found.group(1) if found else "unknown"


def ferretdb_version() -> str:
    binary = REPO / ".local" / "bin" / "ferretdb"
    try:
        output = subprocess.run(  # noqa: S603 - our installed binary, no shell
            [str(binary), "--version"], capture_output=True, text=True, timeout=5, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return FERRETDB_VERSION
    found = re.search(r"version:\s*(\S+)", output)
    return found.group(1) if found else FERRETDB_VERSION


def machine_info() -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "packages": {
            name: _version(name) for name in ("fastapi", "aiokafka", "pymongo", "httpx", "uvicorn")
        },
        "kafka": kafka_version(),
        "ferretdb": ferretdb_version(),
        "note": "load generator runs on the same machine (same cores) as the stack",
    }


@dataclass
class Report:
    started: datetime
    options: dict[str, Any]
    machine: dict[str, Any]
    stack: dict[str, Any]
    cells: list[CellResult] = field(default_factory=list)
    lag: LagResult | None = None
    ceiling: CeilingResult | None = None
    rss_mib: dict[str, float | None] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    # The peer LRS (Ralph) under the same POST cells: name, version, backend and why.
    peer: dict[str, Any] | None = None
    peer_cells: list[CellResult] = field(default_factory=list)
    sustained: SustainedResult | None = None
    store: StoreResult | None = None
    preset: str = "full"  # or "quick" (--quick)
    open_loop: OpenLoopResult | None = None
    rebuild: RebuildResult | None = None
    rss_peak_mib: dict[str, float | None] = field(default_factory=dict)
    targets: list[TargetRow] = field(default_factory=list)

    def errors(self) -> int:
        lag = 0 if self.lag is None else self.lag.errors + self.lag.not_visible
        ceiling = 0 if self.ceiling is None else self.ceiling.errors
        sustained = 0 if self.sustained is None else self.sustained.errors
        store = 0 if self.store is None else self.store.errors()
        open_loop = 0 if self.open_loop is None else self.open_loop.errors
        phases = lag + ceiling + sustained + store + open_loop
        return sum(cell.errors for cell in self.cells) + phases

    def link_ceiling(self) -> None:
        if self.ceiling is None or self.ceiling.statements_per_second <= 0:
            return
        for cell in self.cells:
            cell.ratio_to_ceiling = cell.statements_per_second / self.ceiling.statements_per_second

    def link_peer(self) -> None:
        """ours / peer statements per second, for the cells both ran."""
        theirs = {(c.batch, c.concurrency): c.statements_per_second for c in self.peer_cells}
        for cell in self.cells:
            peer_rate = theirs.get((cell.batch, cell.concurrency))
            if peer_rate is not None:
                cell.ratio_to_peer = rate_ratio(cell.statements_per_second, peer_rate)

    def write_json(self, directory: Path = RESULTS_DIR) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{self.started.strftime('%Y%m%dT%H%M%SZ')}.json"
        path.write_bytes(orjson.dumps(asdict(self), option=orjson.OPT_INDENT_2))
        return path

    def _print_peer(self, console: Console) -> None:
        if self.peer is None:
            return
        if self.peer_cells:
            console.print(_peer_table(self.peer, self.peer_cells))
        console.print(f"Ralph's backend: {self.peer['backend']} - {self.peer['backend_reason']}")

    def print(self, console: Console) -> None:
        machine = self.machine
        console.print(
            f"[bold]xAPI load benchmark[/bold] {self.started.isoformat(timespec='seconds')} - "
            f"{machine['cpu_count']} CPUs, {machine['platform']}, Python {machine['python']}, "
            f"Kafka {machine['kafka']}, FerretDB {machine['ferretdb']}"
            + (
                f", peer Ralph {self.peer['version']} ({self.peer['backend']} backend)"
                if self.peer
                else ""
            )
        )
        console.print(
            "[yellow]The load generator (one asyncio loop) shares the same "
            f"{machine['cpu_count']} cores with Kafka, FerretDB and the three services: "
            "figures are a lower bound of what the stack does on its own.[/yellow]"
        )
        table = Table(title="POST /xapi/statements (HTTP, validated, acks=all)")
        for column in ("batch", "conc", "requests", "stmts/s", "p50 ms", "p95 ms", "p99 ms"):
            table.add_column(column, justify="right")
        table.add_column("errors", justify="right")
        table.add_column("ours/ceiling", justify="right")
        peer_column = bool(self.peer_cells)
        if peer_column:
            table.add_column("ours/Ralph", justify="right")
        for cell in self.cells:
            ratio = "-" if cell.ratio_to_ceiling is None else f"{cell.ratio_to_ceiling:.1%}"
            table.add_row(
                *_cell_columns(cell),
                ratio,
                *([_times(cell.ratio_to_peer)] if peer_column else []),
            )
        if self.ceiling is not None:
            c = self.ceiling
            table.add_row(
                f"{c.batch}",
                f"{c.concurrency}",
                "raw Kafka",
                f"{c.statements_per_second:,.0f}",
                _ms(c.batch_latency.p50_ms),
                _ms(c.batch_latency.p95_ms),
                _ms(c.batch_latency.p99_ms),
                str(c.errors),
                "100% (ceiling)",
                *(["-"] if peer_column else []),
                style="bold",
            )
        console.print(table)
        if self.open_loop is not None:
            o = self.open_loop
            console.print(
                f"single POSTs, open loop at {o.offered_rate:g}/s offered: {o.completed}/"
                f"{o.scheduled} answered in {o.seconds:.1f} s, from the scheduled start p50 "
                f"{_ms(o.latency.p50_ms)} p95 {_ms(o.latency.p95_ms)} p99 "
                f"{_ms(o.latency.p99_ms)} ms, {o.errors} errors, starts late by at most "
                f"{o.late_start_max_ms:.0f} ms" + ("" if o.stopped == "done" else f"; {o.stopped}")
            )
        self._print_peer(console)
        if self.lag is not None:
            lag = self.lag
            lag_table = Table(
                title=f"End-to-end visibility at {lag.rate_per_second:g} statements/s "
                f"({lag.visible}/{lag.samples} visible, {lag.errors} errors, "
                f"{lag.get_retries} GET retries)"
            )
            for column in ("measure", "p50 ms", "p95 ms", "p99 ms", "max ms"):
                lag_table.add_column(column, justify="right")
            for label, latency in (
                ("POST (acked)", lag.post),
                ("GET by id", lag.get),
                ("POST -> visible", lag.post_to_visible),
            ):
                lag_table.add_row(
                    label,
                    _ms(latency.p50_ms),
                    _ms(latency.p95_ms),
                    _ms(latency.p99_ms),
                    _ms(latency.max_ms),
                )
            console.print(lag_table)
        rss = Table(title="RSS (MiB)")
        rss.add_column("process")
        rss.add_column("at the end", justify="right")
        rss.add_column("peak", justify="right")
        for name, mib in self.rss_mib.items():
            peak = self.rss_peak_mib.get(name)
            rss.add_row(
                name, "-" if mib is None else f"{mib:.0f}", "-" if peak is None else f"{peak:.0f}"
            )
        console.print(rss)
        if self.sustained is not None:
            self.sustained.print(console)
        if self.rebuild is not None:
            r = self.rebuild
            console.print(
                f"rebuild: {r.replayed:,} of {r.topic_records:,} records replayed in "
                f"{r.seconds:.1f} s ({r.records_per_second:,.0f}/s), {r.stopped}"
            )
        if self.store is not None:
            self.store.print(console)
        for problem in self.problems:
            console.print(f"[red]{problem}[/red]")


def _peer_table(peer: dict[str, Any], cells: list[CellResult]) -> Table:
    table = Table(
        title=f"Peer: Ralph {peer['version']} POST /xAPI/statements ({peer['backend']} backend)"
    )
    for column in ("batch", "conc", "requests", "stmts/s", "p50 ms", "p95 ms", "p99 ms"):
        table.add_column(column, justify="right")
    table.add_column("errors", justify="right")
    for cell in cells:
        table.add_row(*_cell_columns(cell))
    return table


def _cell_columns(cell: CellResult) -> list[str]:
    return [
        str(cell.batch),
        str(cell.concurrency),
        str(cell.requests),
        f"{cell.statements_per_second:,.0f}",
        _ms(cell.latency.p50_ms),
        _ms(cell.latency.p95_ms),
        _ms(cell.latency.p99_ms),
        str(cell.errors),
    ]


def now() -> datetime:
    return datetime.now(UTC)
