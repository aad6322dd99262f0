"""Arithmetic of the benchmark's sustained and store phases: windows, rates, percentiles."""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from prometheus_client import CollectorRegistry, Gauge, Histogram, generate_latest
from prometheus_client import Counter as PromCounter

from bench.aggregator_metrics import AggregatorProgress, bucket_quantile
from bench.store_queries import is_idle, measure_kind, query_kinds
from bench.store_statements import DAY, YEAR, QuerySamples, day_window, delay, stored_at
from bench.sustained import SustainedOptions
from bench.sustained_report import Snapshot, Tally, rows_of, summarize

START = datetime(2025, 11, 28, tzinfo=UTC)


def _progress(applied: float, lag: float, buckets: dict[float, float]) -> AggregatorProgress:
    return AggregatorProgress(applied, lag, buckets)


def test_the_aggregators_metrics_are_read_as_it_exposes_them() -> None:
    registry = CollectorRegistry()
    applied = PromCounter("lrs_aggregator_statements_applied_total", "applied", registry=registry)
    lag = Gauge("lrs_aggregator_consumer_lag_records", "lag", ["partition"], registry=registry)
    end_to_end = Histogram(
        "lrs_aggregator_end_to_end_seconds", "e2e", buckets=(0.1, 1, 10), registry=registry
    )
    applied.inc(1234)
    lag.labels("0").set(5)
    lag.labels("2").set(7)
    for seconds in (0.05, 0.5, 0.5, 20):
        end_to_end.observe(seconds)

    progress = AggregatorProgress.parse(generate_latest(registry).decode())

    assert progress.applied == 1234
    assert progress.lag == 12
    assert progress.end_to_end == {0.1: 1, 1.0: 3, 10.0: 3, math.inf: 4}


def test_bucket_quantile_reads_only_what_was_observed_in_between() -> None:
    before = {0.1: 100.0, 1.0: 100.0, math.inf: 100.0}
    after = {0.1: 190.0, 1.0: 199.0, math.inf: 200.0}  # 90 fast, 9 slower, 1 beyond

    assert bucket_quantile(before, after, 0.5) == 0.1
    assert bucket_quantile(before, after, 0.95) == 1.0
    assert bucket_quantile(before, after, 0.999) == math.inf
    assert bucket_quantile(after, after, 0.99) is None
    assert bucket_quantile({}, {}, 0.99) is None


def test_a_window_gives_rates_per_second_and_the_p99_of_its_requests() -> None:
    tally = Tally(latencies=[0.01] * 99 + [0.5], requests=101, accepted=500)
    tally.errors["HTTP 503"] += 1
    tally.behind = 0.25
    before = Snapshot(10.0, _progress(1000, 0, {1.0: 0, math.inf: 0}))
    after = Snapshot(20.0, _progress(1400, 80, {1.0: 400, math.inf: 400}))

    window = summarize([tally], before, after)

    assert (window.start_s, window.end_s) == (10.0, 20.0)
    assert window.accepted_per_second == 50
    assert window.applied_per_second == 40
    assert window.lag == 80
    assert window.errors == 1
    assert window.p99_ms == pytest.approx(10.0)
    assert window.behind_s == 0.25
    assert window.end_to_end_p99_s == 1.0


def test_a_window_without_the_aggregators_metrics_still_counts_requests() -> None:
    window = summarize([Tally(accepted=30)], Snapshot(0, None), Snapshot(10, None))
    assert window.accepted_per_second == 3
    assert window.applied_per_second is None and window.lag is None
    assert window.p99_ms is None


def test_rows_group_windows_between_their_snapshots() -> None:
    tallies = [Tally(accepted=600, latencies=[0.001 * (i + 1)]) for i in range(13)]
    snapshots = [Snapshot(10.0 * i, _progress(500.0 * i, 0, {})) for i in range(14)]
    snapshots[-1] = Snapshot(125.0, _progress(6250, 0, {}))  # the last window ended early

    rows = rows_of(tallies, snapshots, 6)

    assert [(r.start_s, r.end_s) for r in rows] == [(0, 60), (60, 120), (120, 125)]
    assert [r.accepted for r in rows] == [3600, 3600, 600]
    assert rows[0].applied_per_second == 50
    assert rows[2].applied_per_second == 50
    assert rows[1].p99_ms == pytest.approx(12.0)


def test_the_planned_requests_bound_the_sustained_load() -> None:
    assert SustainedOptions(seconds=600, rate=3000).planned_requests == 360_000
    assert SustainedOptions(seconds=1.5, rate=7, batch=5).planned_requests == 2


def test_stored_times_spread_evenly_over_the_span_in_order() -> None:
    times = [stored_at(i, 4, START, YEAR) for i in range(4)]
    assert times == sorted(times)
    assert times[0] - START == YEAR / 8
    assert START + YEAR - times[-1] == YEAR / 8
    assert len({b - a for a, b in itertools.pairwise(times)}) == 1


def test_delays_are_mostly_short_never_negative_and_at_most_a_month() -> None:
    rng = random.Random(1)  # noqa: S311 - test data
    delays = [delay(rng) for _ in range(10_000)]
    assert min(delays) >= timedelta(0) and max(delays) <= timedelta(days=30)
    short = Counter(d <= timedelta(minutes=2) for d in delays)
    assert 0.8 < short[True] / len(delays) < 0.9


def test_a_day_window_lies_inside_the_store() -> None:
    rng = random.Random(3)  # noqa: S311 - test data
    end = START + YEAR
    for _ in range(1000):
        since, until = day_window(rng, START, end)
        assert until - since == DAY
        assert since >= START and until <= end


def test_a_server_is_idle_below_a_sixth_of_a_core() -> None:
    assert is_idle(10.0, 10.2, 2.0)
    assert not is_idle(10.0, 11.0, 2.0)


async def test_the_second_page_follows_the_more_link_with_its_query() -> None:
    samples = QuerySamples(agents=['{"mbox":"mailto:a@example.org"}'])
    seen: list[httpx.URL] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        if "from" in request.url.params:
            return httpx.Response(200, json={"statements": [{}] * 10, "more": ""})
        more = "/xapi/statements?agent=x&limit=10&from=abc"
        return httpx.Response(200, json={"statements": [{}] * 10, "more": more})

    kinds = dict(query_kinds(samples))
    rng = random.Random(1)  # noqa: S311 - test data
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(answer), base_url="http://lrs"
    ) as client:
        result = await measure_kind(client, "more", kinds["agent page 2 (more)"], 2, 60, 5, rng)

    assert (result.requests, result.timeouts, result.errors) == (2, 0, 0)
    assert result.statements_returned_mean == 10
    assert [url.params.get("from") for url in seen] == [None, "abc", None, "abc"]
    assert seen[1].params["limit"] == "10"


async def test_a_store_without_second_pages_stops_the_kind_without_errors() -> None:
    samples = QuerySamples(agents=['{"mbox":"mailto:a@example.org"}'])
    answers = httpx.MockTransport(
        lambda request: httpx.Response(200, json={"statements": [{}], "more": ""})
    )
    kinds = dict(query_kinds(samples))
    rng = random.Random(1)  # noqa: S311 - test data
    async with httpx.AsyncClient(transport=answers, base_url="http://lrs") as client:
        result = await measure_kind(client, "more", kinds["agent page 2 (more)"], 5, 60, 5, rng)

    assert (result.requests, result.errors) == (0, 0)
    assert result.stopped.startswith("no more link")
