"""Verdicts of the benchmark's targets: met only with the figure, "not run" when skipped."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime

from bench.load import build_parser, parse_args
from bench.open_loop import OpenLoopResult
from bench.quick import QUICK_DEFAULTS
from bench.rebuild import RebuildResult
from bench.report import CellResult, Latency, Report
from bench.store import StoreResult
from bench.store_fill import FillResult
from bench.store_queries import QueryResult
from bench.sustained_report import SustainedResult
from bench.targets import (
    MET,
    MISSED,
    NOT_RUN,
    evaluate,
    peer_rows,
    processes_of,
    rebuild_row,
    rss_rows,
    single_post_row,
    store_rows,
    sustained_rows,
)


def _latency(p95_ms: float | None = None, p99_ms: float | None = None) -> Latency:
    return Latency(p50_ms=1.0, p95_ms=p95_ms, p99_ms=p99_ms, max_ms=p99_ms, samples=20)


def _store(*queries: QueryResult, inserted: int = 1000, stopped: str = "done") -> StoreResult:
    fill = FillResult(1000, inserted, 1.0, 1000.0, None, 1.0, 1000.0, 100, 10, 5, stopped)
    return StoreResult("db", inserted, fill, list(queries))


def _query(name: str, p95_ms: float | None, errors: int = 0, timeouts: int = 0) -> QueryResult:
    return QueryResult(name, {}, 20, _latency(p95_ms=p95_ms), timeouts, 10.0, errors)


def _sustained(**changes: object) -> SustainedResult:
    result = SustainedResult(
        target_rate=2000.0,
        offered_rate=2200.0,
        batch=5,
        concurrency=64,
        seconds=60.0,
        planned_requests=26_400,
        requests=26_400,
        accepted=132_000,
        accepted_per_second=2200.0,
        errors=0,
        error_kinds={},
        latency=_latency(p99_ms=20.0),
        behind_max_s=0.0,
        backlog_at_start=0.0,
        applied=132_000.0,
        drained=True,
        drain_seconds=2.0,
        end_to_end_per_second=2129.0,
        end_to_end_p99_s=1.0,
    )
    return replace(result, **changes)  # type: ignore[arg-type]


def _cell(batch: int, concurrency: int, rate: float) -> CellResult:
    return CellResult(
        f"batch {batch} x {concurrency}", batch, concurrency, 1.0, 10, int(rate), rate, 10.0,
        _latency(), 0,
    )  # fmt: skip


def _open_loop(p99_ms: float, errors: int = 0) -> OpenLoopResult:
    return OpenLoopResult(200.0, 5.0, 1000, 1000 - errors, 199.0, _latency(p99_ms=p99_ms), 3.0,
                          errors)  # fmt: skip


def _rebuild(rate: float, replayed: int = 9000, stopped: str = "done") -> RebuildResult:
    return RebuildResult("db", 9000, replayed, replayed / rate, rate, 0, stopped)


def test_every_target_of_a_run_that_skipped_every_phase_is_not_run() -> None:
    report = Report(started=datetime(2026, 1, 1, tzinfo=UTC), options={}, machine={}, stack={})

    rows = evaluate(report)

    assert rows
    assert {row.verdict for row in rows} == {NOT_RUN}


def test_each_get_kind_meets_its_target_only_fast_and_without_errors() -> None:
    store = _store(
        _query("agent", 50.0),
        _query("verb", 50.1),
        _query("activity", 10.0, errors=1),
        _query("window", 10.0, timeouts=1),
        _query("page 2", None),
    )

    verdicts = [row.verdict for row in store_rows(store)]

    assert verdicts == [MET, MISSED, MISSED, MISSED, MISSED]


def test_a_fast_get_on_a_store_filled_short_is_missed() -> None:
    rows = store_rows(_store(_query("agent", 5.0), inserted=400, stopped="time bound of 1 s"))

    assert [row.verdict for row in rows] == [MISSED]
    assert "400 of 1,000" in rows[0].measured


def test_a_store_that_got_no_query_is_missed_not_met() -> None:
    assert [row.verdict for row in store_rows(_store(inserted=0))] == [MISSED]


def test_sustained_rate_lag_and_losses_are_judged_apart() -> None:
    assert [r.verdict for r in sustained_rows(_sustained(), 50_000.0)] == [MET, MET, MET]
    slow = _sustained(end_to_end_per_second=1999.0, end_to_end_p99_s=2.5)
    assert [r.verdict for r in sustained_rows(slow, None)] == [MISSED, MISSED, MET]
    beyond = _sustained(end_to_end_p99_s=math.inf)
    assert sustained_rows(beyond, None)[1].verdict == MISSED
    assert sustained_rows(_sustained(end_to_end_p99_s=None), None)[1].verdict == MISSED


def test_an_error_or_an_undrained_backlog_counts_as_lost() -> None:
    for lossy in (
        _sustained(errors=1),
        _sustained(drained=False),
        _sustained(applied=131_999.0),
        _sustained(applied=None),
    ):
        assert sustained_rows(lossy, None)[2].verdict == MISSED


def test_the_open_loop_single_post_meets_25_ms_at_p99_without_errors() -> None:
    assert single_post_row(_open_loop(25.0)).verdict == MET
    assert single_post_row(_open_loop(25.1)).verdict == MISSED
    assert single_post_row(_open_loop(5.0, errors=1)).verdict == MISSED
    assert single_post_row(None).verdict == NOT_RUN


def test_ten_times_ralph_is_asked_of_the_batch_5_and_100_cells_only() -> None:
    ours = [_cell(1, 8, 100.0), _cell(5, 8, 1000.0), _cell(100, 4, 990.0)]
    theirs = [_cell(1, 8, 100.0), _cell(5, 8, 100.0), _cell(100, 4, 100.0)]

    rows = peer_rows(ours, theirs, peer_ran=True)

    assert [(row.target, row.verdict) for row in rows] == [
        ("POST batch 5 x 8", MET),
        ("POST batch 100 x 4", MISSED),
    ]
    assert "Ralph 100/s" in rows[0].beside


def test_without_ralph_the_ratio_is_not_run_and_a_ralph_at_zero_is_missed() -> None:
    ours = [_cell(5, 1, 1000.0)]

    assert peer_rows(ours, [], peer_ran=False)[0].verdict == NOT_RUN
    assert peer_rows(ours, [_cell(5, 1, 0.0)], peer_ran=True)[0].verdict == MISSED
    assert peer_rows([], [], peer_ran=True)[0].verdict == NOT_RUN


def test_the_rebuild_is_judged_on_the_rate_of_what_it_replayed() -> None:
    assert rebuild_row(_rebuild(3000.0), None).verdict == MET
    assert rebuild_row(_rebuild(2999.0), None).verdict == MISSED
    bounded = rebuild_row(
        _rebuild(3500.0, replayed=4000, stopped="stopped at the 45 s bound"), None
    )
    assert bounded.verdict == MET and "45 s bound" in bounded.measured
    assert rebuild_row(_rebuild(3500.0, stopped="error: KafkaError"), None).verdict == MISSED
    assert rebuild_row(RebuildResult("db", 0, 0, 1.0, 0.0, None, "done"), None).verdict == MISSED


def test_each_ingest_and_aggregator_process_has_its_own_rss_limit() -> None:
    peaks: dict[str, float | None] = {
        "ingest": 150.0,
        "ingest-2": 151.0,
        "aggregator": 199.0,
        "store-ingest": 900.0,
        "kafka": 600.0,
    }

    rows = rss_rows(peaks)

    assert [(row.target, row.verdict) for row in rows] == [
        ("RSS ingest", MET),
        ("RSS ingest-2", MISSED),
        ("RSS aggregator", MET),
    ]
    assert [row.verdict for row in rss_rows({"ingest": None})] == [MISSED, NOT_RUN]
    assert processes_of("ingest", ["ingestor", "ingest-3", "ingest"]) == ["ingest-3", "ingest"]


def test_quick_sets_only_known_options_and_a_given_flag_still_wins() -> None:
    full = parse_args([])
    quick = parse_args(["--quick", "--store-size", "5000"])

    assert quick.quick and quick.preset == "quick" and full.preset == "full"
    assert quick.store.size == 5000
    assert quick.seconds == QUICK_DEFAULTS["seconds"] < full.seconds
    assert quick.sustained.seconds < full.sustained.seconds
    assert quick.rebuild_seconds < full.rebuild_seconds
    assert quick.open_loop_seconds < full.open_loop_seconds
    known = {action.dest for action in build_parser()._actions}
    assert set(QUICK_DEFAULTS) <= known
