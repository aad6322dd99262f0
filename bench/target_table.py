"""The targets as the console shows them: one row per target, its figure and its verdict."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from bench.targets import MET, MISSED, TargetRow

STYLES = {MET: "green", MISSED: "bold red"}


def print_targets(console: Console, rows: list[TargetRow], preset: str) -> None:
    title = "Targets (issue: thousands of statements per second end to end)"
    if preset == "quick":
        title += " - QUICK PRESET: smaller store, shorter phases than the full run"
    table = Table(title=title)
    for column in ("target", "goal", "measured", "verdict", "beside it"):
        table.add_column(column)
    for row in rows:
        verdict = (
            f"[{STYLES[row.verdict]}]{row.verdict}[/]" if row.verdict in STYLES else row.verdict
        )
        table.add_row(row.target, row.goal, row.measured, verdict, row.beside)
    console.print(table)
    counts = {v: sum(r.verdict == v for r in rows) for v in (MET, MISSED)}
    console.print(
        f"targets: {counts[MET]} met, {counts[MISSED]} missed, "
        f"{len(rows) - counts[MET] - counts[MISSED]} not run"
        + (" (quick preset)" if preset == "quick" else "")
    )
