"""The issue's targets ("thousands of statements per second end to end") and their verdicts.

Each target is judged from what its phase measured. A phase that did not run gives "not run";
a figure that is missing, or a phase that failed or stopped short, gives "missed": a target is
never "met" without the figure that shows it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the phases import this module for its limits; only types come back
    from bench.open_loop import OpenLoopResult
    from bench.rebuild import RebuildResult
    from bench.report import CellResult, Report
    from bench.store import StoreResult
    from bench.sustained_report import SustainedResult

MET, MISSED, NOT_RUN = "met", "missed", "not run"

STORE_P95_MS = 50.0
SUSTAINED_RATE = 2000.0  # statements/s, batch 5, applied over the wall time to the drain
SUSTAINED_LAG_P99_S = 1.0
SINGLE_POST_RATE = 200.0  # requests/s offered on a fixed schedule
SINGLE_POST_P99_MS = 25.0
PEER_FACTOR = 10.0
PEER_BATCHES = (5, 100)
REBUILD_RATE = 3000.0  # records replayed per second
RSS_LIMITS_MIB = {"ingest": 150.0, "aggregator": 200.0}


@dataclass(frozen=True)
class TargetRow:
    target: str
    goal: str
    measured: str
    verdict: str
    beside: str = ""  # Ralph or the raw Kafka ceiling, where they compare


def at_most(value: float | None, limit: float) -> str:
    return MET if value is not None and not math.isnan(value) and value <= limit else MISSED


def at_least(value: float | None, floor: float) -> str:
    return MET if value is not None and not math.isnan(value) and value >= floor else MISSED


def _both(*verdicts: str) -> str:
    return MET if all(v == MET for v in verdicts) else MISSED


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} ms"


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}/s"


def store_rows(store: StoreResult | None) -> list[TargetRow]:
    goal = f"p95 ≤ {STORE_P95_MS:g} ms, 0 errors"
    if store is None:
        return [TargetRow("GET, every filter", goal, "store phase skipped", NOT_RUN)]
    fill = store.fill
    size = store.statements if store.statements is not None else fill.inserted
    short = fill.stopped != "done" or fill.inserted < fill.requested
    note = f" (store filled to {fill.inserted:,} of {fill.requested:,})" if short else ""
    if not store.queries:
        return [TargetRow("GET, every filter", goal, f"no query ran{note}", MISSED)]
    rows = []
    for query in store.queries:
        failed = query.errors + query.timeouts
        measured = f"p95 {_ms(query.latency.p95_ms)}, {failed} errors at {size:,}{note}"
        if query.timeouts:
            measured += f", timed out at {query.timeout_s:g} s"
        clean = MET if failed == 0 and not short else MISSED
        rows.append(
            TargetRow(
                f"GET {query.name}",
                goal,
                measured,
                _both(at_most(query.latency.p95_ms, STORE_P95_MS), clean),
            )
        )
    return rows


def sustained_rows(sustained: SustainedResult | None, ceiling: float | None) -> list[TargetRow]:
    rate_goal = f"≥ {SUSTAINED_RATE:,.0f} statements/s end to end, batch 5"
    lag_goal = f"lag p99 ≤ {SUSTAINED_LAG_P99_S:g} s"
    lost_goal = "nothing lost: 0 errors, all applied"
    if sustained is None:
        return [
            TargetRow("sustained", goal, "sustained phase skipped", NOT_RUN)
            for goal in (rate_goal, lag_goal, lost_goal)
        ]
    s = sustained
    duration = f" over {s.seconds:.0f} s"
    lag = s.end_to_end_p99_s
    lag_text = "-" if lag is None else "> 60 s" if math.isinf(lag) else f"≤ {lag:g} s (bucket)"
    lost = s.errors == 0 and s.drained and s.applied is not None and s.applied >= s.accepted
    applied = "-" if s.applied is None else f"{s.applied:,.0f}"
    return [
        TargetRow(
            "sustained",
            rate_goal,
            f"{_rate(s.end_to_end_per_second)}{duration} (offered {s.offered_rate:,.0f}/s)",
            at_least(s.end_to_end_per_second, SUSTAINED_RATE),
            f"raw Kafka {_rate(ceiling)}",
        ),
        TargetRow("sustained", lag_goal, lag_text, at_most(lag, SUSTAINED_LAG_P99_S)),
        TargetRow(
            "sustained",
            lost_goal,
            f"{s.errors} errors, {s.accepted:,} accepted, {applied} applied, "
            + ("drained" if s.drained else "NOT drained"),
            MET if lost else MISSED,
        ),
    ]


def single_post_row(open_loop: OpenLoopResult | None) -> TargetRow:
    goal = f"p99 ≤ {SINGLE_POST_P99_MS:g} ms at {SINGLE_POST_RATE:g} req/s offered"
    if open_loop is None:
        return TargetRow("POST batch 1, open loop", goal, "open-loop cell skipped", NOT_RUN)
    o = open_loop
    clean = MET if o.errors == 0 and o.completed == o.scheduled else MISSED
    return TargetRow(
        "POST batch 1, open loop",
        goal,
        f"p99 {_ms(o.latency.p99_ms)} at {o.achieved_rate:,.0f} req/s, {o.errors} errors, "
        f"starts late by ≤ {o.late_start_max_ms:.0f} ms"
        + ("" if o.stopped == "done" else f" ({o.stopped})"),
        _both(at_most(o.latency.p99_ms, SINGLE_POST_P99_MS), clean),
    )


def peer_rows(
    cells: list[CellResult], peer_cells: list[CellResult], peer_ran: bool
) -> list[TargetRow]:
    goal = f"≥ {PEER_FACTOR:g}x Ralph's statements/s"
    ours = [c for c in cells if c.batch in PEER_BATCHES]
    if not ours:
        return [TargetRow("POST vs Ralph", goal, "POST cells did not run", NOT_RUN)]
    theirs = {(c.batch, c.concurrency): c for c in peer_cells}
    rows = []
    for cell in ours:
        name = f"POST batch {cell.batch} x {cell.concurrency}"
        peer = theirs.get((cell.batch, cell.concurrency))
        if peer is None:
            note = "Ralph skipped" if not peer_ran else "Ralph's cell did not run"
            rows.append(
                TargetRow(name, goal, f"ours {_rate(cell.statements_per_second)}; {note}", NOT_RUN)
            )
            continue
        ratio = (
            cell.statements_per_second / peer.statements_per_second
            if peer.statements_per_second > 0
            else None
        )
        beside = f"Ralph {_rate(peer.statements_per_second)}"
        if cell.ratio_to_ceiling is not None:
            beside += f"; ours/ceiling {cell.ratio_to_ceiling:.0%}"
        rows.append(
            TargetRow(
                name,
                goal,
                ("-" if ratio is None else f"{ratio:.1f}x")
                + f" (ours {_rate(cell.statements_per_second)})",
                at_least(ratio, PEER_FACTOR),
                beside,
            )
        )
    return rows


def rebuild_row(rebuild: RebuildResult | None, ceiling: float | None) -> TargetRow:
    goal = f"≥ {REBUILD_RATE:,.0f} records/s replayed"
    if rebuild is None:
        return TargetRow("rebuild", goal, "rebuild phase skipped", NOT_RUN)
    r = rebuild
    measured = f"{_rate(r.records_per_second)}: {r.replayed:,} of {r.topic_records:,} records"
    if r.stopped != "done":
        measured += f" ({r.stopped})"
    failed = MISSED if r.replayed == 0 or r.stopped.startswith("error") else MET
    return TargetRow(
        "rebuild",
        goal,
        measured,
        _both(at_least(r.records_per_second, REBUILD_RATE), failed),
        f"raw Kafka {_rate(ceiling)}",
    )


def processes_of(kind: str, names: list[str]) -> list[str]:
    """The stack's processes of one kind: ``ingest``, or ``ingest-2`` when several run."""
    return [n for n in names if n == kind or n.startswith(f"{kind}-")]


def rss_rows(peak_mib: dict[str, float | None]) -> list[TargetRow]:
    rows = []
    for kind, limit in RSS_LIMITS_MIB.items():
        goal = f"peak RSS ≤ {limit:g} MiB, each process"
        names = processes_of(kind, list(peak_mib))
        if not names:
            rows.append(TargetRow(f"RSS {kind}", goal, "RSS phase skipped", NOT_RUN))
        for name in names:
            mib = peak_mib[name]
            measured = "not readable (process gone?)" if mib is None else f"{mib:.0f} MiB"
            rows.append(TargetRow(f"RSS {name}", goal, measured, at_most(mib, limit)))
    return rows


def evaluate(report: Report) -> list[TargetRow]:
    """Every target, in the issue's order, from the report of one run."""
    ceiling = None if report.ceiling is None else report.ceiling.statements_per_second
    return [
        *store_rows(report.store),
        *sustained_rows(report.sustained, ceiling),
        single_post_row(report.open_loop),
        *peer_rows(report.cells, report.peer_cells, report.peer is not None),
        rebuild_row(report.rebuild, ceiling),
        *rss_rows(report.rss_peak_mib),
    ]
