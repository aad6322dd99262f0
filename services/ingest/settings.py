"""Settings of the ingest service (environment variables, prefix ``LRS_``)."""

from __future__ import annotations

import os
from typing import Literal

from pydantic import Field

from services.common.settings import ApiCredentialSettings


class IngestSettings(ApiCredentialSettings):
    ingest_host: str = Field("127.0.0.1", description="Address the ingest service listens on.")
    ingest_port: int = Field(8080, description="Port of the ingest service (xAPI under /xapi).")
    publish_timeout_seconds: float = Field(
        10.0,
        gt=0,
        description="How long a POST waits for Kafka's acknowledgement before 503.",
    )
    consistency_wait_seconds: float = Field(
        5.0,
        ge=0,
        description="How long a GET waits for the aggregator to apply acknowledged statements.",
    )
    consistency_scope: Literal["topic", "replica"] = Field(
        "topic",
        description=(
            "What a GET waits for: everything written to the topic before it arrived"
            " (topic: read-your-writes across replicas), or only what this replica wrote."
        ),
    )
    ingest_workers: int = Field(
        default_factory=lambda: min(os.cpu_count() or 1, 4),
        ge=1,
        description="Ingest worker processes sharing the port (default: the cores, at most 4).",
    )
    max_body_bytes: int = Field(
        20 * 1024 * 1024, gt=0, description="Largest request body accepted (413 above)."
    )
    default_xapi_version: Literal["1.0.3", "2.0.0"] = Field(
        "1.0.3",
        description="X-Experience-API-Version answered to requests that name no version.",
    )
    recent_statements: int = Field(
        200_000,
        ge=0,
        description="Fingerprints of recently accepted statements kept for conflict checks.",
    )
    known_ids_capacity: int = Field(
        5_000_000,
        gt=0,
        description=(
            "Statement ids the known-id filter is sized for (about 1.2 MB per million);"
            " it grows to twice the records on the topic at start-up."
        ),
    )
    page_size: int = Field(
        100, gt=0, description="Most statements in one page of a statement query."
    )
    query_timeout_seconds: float = Field(
        10.0,
        gt=0,
        description="A statement query still running after this is stopped in the store (503).",
    )
    lrs_home_page: str = Field(
        "http://127.0.0.1:8080",
        description="Home page IRI of this LRS, used in the authority it assigns.",
    )
