"""The figures of the sustained phase: 10 s windows, the rows of its table, its verdict.

A window holds what the requests that ended in it did (``Tally``) between two scrapes of
the aggregator's metrics (``Snapshot``); a row of the table groups consecutive windows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from rich.console import Console
from rich.table import Table

from bench.aggregator_metrics import AggregatorProgress, bucket_quantile
from bench.report import Latency, percentile
from bench.tally import Tally as RequestTally
from bench.targets import SUSTAINED_RATE

TARGET_RATE = SUSTAINED_RATE
MINIMUM_SECONDS = 600.0  # the "sustained for 10 minutes"


@dataclass
class Tally(RequestTally):
    """What the requests that ended in one window did (kept in memory, not in the JSON)."""

    behind: float = 0.0  # how late (s) the latest request of the window left, by the schedule


@dataclass(frozen=True)
class Snapshot:
    at: float  # seconds since the phase started
    progress: AggregatorProgress | None


@dataclass
class Window:
    start_s: float
    end_s: float
    requests: int
    accepted: int
    accepted_per_second: float
    errors: int
    p99_ms: float | None
    behind_s: float
    applied_per_second: float | None
    lag: float | None
    end_to_end_p99_s: float | None


def summarize(tallies: list[Tally], before: Snapshot, after: Snapshot) -> Window:
    """One row of the table: the tallies of consecutive windows and the scrapes around them."""
    seconds = max(after.at - before.at, 1e-9)
    latencies = [s for t in tallies for s in t.latencies]
    accepted = sum(t.accepted for t in tallies)
    applied_rate = end_to_end = lag = None
    if before.progress is not None and after.progress is not None:
        applied_rate = (after.progress.applied - before.progress.applied) / seconds
        end_to_end = bucket_quantile(before.progress.end_to_end, after.progress.end_to_end, 0.99)
    if after.progress is not None:
        lag = after.progress.lag
    p99 = percentile(latencies, 99)
    return Window(
        start_s=before.at,
        end_s=after.at,
        requests=sum(t.requests for t in tallies),
        accepted=accepted,
        accepted_per_second=accepted / seconds,
        errors=sum(sum(t.errors.values()) for t in tallies),
        p99_ms=None if p99 is None else p99 * 1000,
        behind_s=max((t.behind for t in tallies), default=0.0),
        applied_per_second=applied_rate,
        lag=lag,
        end_to_end_p99_s=end_to_end,
    )


def rows_of(tallies: list[Tally], snapshots: list[Snapshot], per_row: int) -> list[Window]:
    """Group windows ``per_row`` at a time (snapshots[i] opens window i, snapshots[i+1] ends it)."""
    return [
        summarize(tallies[i : i + per_row], snapshots[i], snapshots[min(i + per_row, len(tallies))])
        for i in range(0, len(tallies), per_row)
    ]


@dataclass
class SustainedResult:
    target_rate: float
    offered_rate: float
    batch: int
    concurrency: int
    seconds: float
    planned_requests: int
    requests: int
    accepted: int
    accepted_per_second: float
    errors: int
    error_kinds: dict[str, int]
    latency: Latency
    behind_max_s: float
    backlog_at_start: float | None
    applied: float | None
    drained: bool
    drain_seconds: float
    end_to_end_per_second: float | None
    end_to_end_p99_s: float | None
    windows: list[Window] = field(default_factory=list)
    rows: list[Window] = field(default_factory=list)

    def verdict(self) -> str:
        rate = self.end_to_end_per_second
        short = self.seconds < MINIMUM_SECONDS
        reached = rate is not None and rate >= self.target_rate and self.drained
        return f"{'meets' if reached else 'BELOW'} the {self.target_rate:,.0f}/s target" + (
            f" (a {self.seconds:.0f} s run, the target asks for 600 s)" if short else ""
        )

    def print(self, console: Console) -> None:
        table = Table(
            title=f"Sustained POST, batch {self.batch}, offered {self.offered_rate:,.0f} "
            f"statements/s, at most {self.concurrency} in flight"
        )
        # accepted/s, errors, p99 and lateness of the POSTs; then the aggregator's side.
        for column in ("t s", "acc/s", "err", "p99 ms", "late s", "appl/s", "lag", "e2e p99 s"):
            table.add_column(column, justify="right", no_wrap=True)
        for row in self.rows:
            table.add_row(
                f"{row.start_s:.0f}-{row.end_s:.0f}",
                f"{row.accepted_per_second:,.0f}",
                str(row.errors),
                _number(row.p99_ms, ".0f"),
                f"{row.behind_s:.1f}",
                _number(row.applied_per_second, ",.0f"),
                _number(row.lag, ",.0f"),
                _bound(row.end_to_end_p99_s),
            )
        console.print(table)
        console.print(
            f"sustained: {self.accepted:,} statements accepted in {self.seconds:.0f} s "
            f"({self.accepted_per_second:,.0f}/s, p99 {_number(self.latency.p99_ms, '.0f')} ms, "
            f"{self.errors} errors); applied {_number(self.applied, ',.0f')}, "
            f"{'drained' if self.drained else 'NOT drained'} {self.drain_seconds:.0f} s after the "
            f"load; end to end {_number(self.end_to_end_per_second, ',.0f')} statements/s: "
            f"[bold]{self.verdict()}[/bold]"
        )
        if self.backlog_at_start:
            console.print(
                f"[yellow]the aggregator had {self.backlog_at_start:,.0f} records of earlier "
                "phases to apply when the load began[/yellow]"
            )


def _number(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def _bound(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return "> 60" if math.isinf(seconds) else f"<= {seconds:g}"
