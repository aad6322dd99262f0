"""The aggregator's progress as its Prometheus ``/metrics`` tells it: applied, lag, end to end.

Read between two moments, the counters give rates and the histogram's bucket deltas give
percentiles of that interval (as an upper bound: the ``le`` of the bucket they fall in).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx
from prometheus_client.parser import text_string_to_metric_families

APPLIED = "lrs_aggregator_statements_applied_total"
LAG = "lrs_aggregator_consumer_lag_records"
END_TO_END = "lrs_aggregator_end_to_end_seconds"
SCRAPE_TIMEOUT = 5.0


@dataclass(frozen=True)
class AggregatorProgress:
    """One scrape: statements applied so far, records not applied, end-to-end histogram."""

    applied: float
    lag: float
    end_to_end: Mapping[float, float] = field(default_factory=dict)  # le -> cumulative count

    @classmethod
    def parse(cls, text: str) -> AggregatorProgress:
        applied = 0.0
        lag = 0.0
        buckets: dict[float, float] = {}
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if sample.name == APPLIED:
                    applied = sample.value
                elif sample.name == LAG:
                    lag += sample.value
                elif sample.name == f"{END_TO_END}_bucket":
                    buckets[float(sample.labels["le"])] = sample.value
        return cls(applied, lag, buckets)


def bucket_quantile(
    before: Mapping[float, float], after: Mapping[float, float], q: float
) -> float | None:
    """Upper bound (a bucket's ``le``) of the q-quantile (0..1) of what was observed between.

    ``math.inf`` when it lies beyond the largest finite bucket; None when nothing was observed.
    """
    bounds = sorted(after)
    counts = [after[b] - before.get(b, 0.0) for b in bounds]
    if not counts or counts[-1] <= 0:
        return None
    wanted = q * counts[-1]
    for bound, count in zip(bounds, counts, strict=True):
        if count >= wanted:
            return bound
    return math.inf


async def scrape(client: httpx.AsyncClient, url: str) -> AggregatorProgress | None:
    """The aggregator's progress now, or None when it does not answer."""
    try:
        response = await client.get(url, timeout=SCRAPE_TIMEOUT)
        response.raise_for_status()
    except httpx.HTTPError:
        return None
    return AggregatorProgress.parse(response.text)
