"""Prometheus metrics of the aggregator (no statement ids or learners as labels)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

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
