"""Prometheus metrics of the aggregator (no statement ids or learners as labels)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

STATEMENTS_APPLIED = Counter(
    "lrs_aggregator_statements_applied_total", "Statements newly written to the store."
)
STATEMENTS_DUPLICATE = Counter(
    "lrs_aggregator_statements_duplicate_total",
    "Redelivered statements that were already stored (no effect).",
)
DEAD_LETTERS = Counter(
    "lrs_aggregator_dead_letters_total",
    "Records sent to the dead-letter topic.",
    ["reason"],
)
BATCH_RECORDS = Histogram(
    "lrs_aggregator_batch_records",
    "Records in one applied batch.",
    buckets=(1, 5, 10, 50, 100, 250, 500, 1000, 2500),
)
APPLY_SECONDS = Histogram("lrs_aggregator_apply_seconds", "Time to apply one batch.")
STORE_RETRIES = Counter(
    "lrs_aggregator_store_retries_total", "Batches retried after a MongoDB failure."
)
END_TO_END_SECONDS = Histogram(
    "lrs_aggregator_end_to_end_seconds",
    "From a statement's stored time (ingest) to its write by the aggregator.",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
CONSUMER_LAG = Gauge(
    "lrs_aggregator_consumer_lag_records",
    "Records in a partition not yet applied, after the last batch.",
    ["partition"],
)
