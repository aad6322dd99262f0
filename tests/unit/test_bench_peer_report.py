"""The benchmark's report of the peer LRS: ratios ours/Ralph and how they are printed."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.console import Console

from bench.load import parse_args
from bench.report import CellResult, Latency, Report, rate_ratio


def _cell(batch: int, concurrency: int, rate: float) -> CellResult:
    return CellResult(
        name=f"batch {batch} x {concurrency}",
        batch=batch,
        concurrency=concurrency,
        seconds=1.0,
        requests=10,
        accepted_statements=int(rate),
        statements_per_second=rate,
        requests_per_second=10.0,
        latency=Latency.of([0.01, 0.02]),
        errors=0,
    )


def _report() -> Report:
    return Report(
        started=datetime(2026, 11, 28, tzinfo=UTC),
        options={},
        machine={
            "cpu_count": 2,
            "platform": "Linux",
            "python": "3.11",
            "kafka": "4",
            "ferretdb": "v1",
        },
        stack={},
    )


def test_the_ratio_is_ours_over_theirs_and_none_without_theirs() -> None:
    assert rate_ratio(300.0, 100.0) == 3.0
    assert rate_ratio(300.0, 0.0) is None


def test_each_cell_is_compared_with_the_peers_cell_of_the_same_batch_and_concurrency() -> None:
    report = _report()
    report.cells = [_cell(1, 1, 200.0), _cell(5, 8, 1000.0), _cell(100, 4, 5000.0)]
    report.peer_cells = [_cell(5, 8, 250.0), _cell(1, 1, 50.0), _cell(100, 4, 0.0)]

    report.link_peer()

    assert [cell.ratio_to_peer for cell in report.cells] == [4.0, 4.0, None]


def test_the_printed_report_names_ralph_its_backend_and_the_ratio_column() -> None:
    report = _report()
    report.cells = [_cell(5, 8, 1000.0)]
    report.peer_cells = [_cell(5, 8, 250.0)]
    report.peer = {"version": "5.1.0", "backend": "fs", "backend_reason": "FerretDB refuses dots"}
    report.link_peer()
    console = Console(record=True, width=200)

    report.print(console)

    text = console.export_text()
    assert "peer Ralph 5.1.0 (fs backend)" in text
    assert "ours/Ralph" in text and "4.00x" in text
    assert "Ralph's backend: fs - FerretDB refuses dots" in text


def test_the_peer_runs_unless_told_not_to() -> None:
    assert parse_args([]).peer is True
    assert parse_args(["--no-peer"]).peer is False
