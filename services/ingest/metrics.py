"""Prometheus metrics of the ingest service (no statement ids or learners as labels)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

STATEMENTS_ACCEPTED = Counter(
    "lrs_ingest_statements_accepted_total", "Statements Kafka acknowledged."
)
REQUESTS_REJECTED = Counter(
    "lrs_ingest_requests_rejected_total",
    "xAPI requests refused, by status code.",
    ["status"],
)
PRODUCE_SECONDS = Histogram(
    "lrs_ingest_produce_duration_seconds",
    "Time from producing a request's records to Kafka's acknowledgement of all of them.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
PRODUCE_ERRORS = Counter(
    "lrs_ingest_produce_errors_total", "Requests whose records Kafka did not acknowledge."
)
BATCH_STATEMENTS = Histogram(
    "lrs_ingest_batch_statements",
    "Statements in one accepted request.",
    buckets=(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000),
)
ID_CHECKS = Counter(
    "lrs_ingest_statement_id_checks_total",
    "Statement ids checked on POST, by what answered: the known-id filter or a store read.",
    ["answered_by"],
)
UNREADABLE_RECORDS = Counter(
    "lrs_ingest_unreadable_records_total",
    "Records on the statements topic whose statement id could not be read.",
)
