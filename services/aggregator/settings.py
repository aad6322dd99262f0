"""Settings of the aggregator (environment variables, prefix ``LRS_``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from services.common.settings import CommonSettings
from services.competency.catalog_loader import SEED_DIR


class AggregatorSettings(CommonSettings):
    aggregator_host: str = Field("127.0.0.1", description="Address of /health, /ready, /metrics.")
    aggregator_port: int = Field(8082, description="Port of the aggregator's ops endpoints.")
    consumer_group: str = Field("lrs-aggregator", description="Kafka consumer group id.")
    batch_max_records: int = Field(1000, gt=0, description="Most records applied in one batch.")
    fetch_timeout_ms: int = Field(200, gt=0, description="Longest wait for a batch to fill.")
    retry_max_seconds: float = Field(
        5.0,
        gt=0,
        description="Longest pause between retries of a failed MongoDB write.",
    )
    catalog_dir: Path = Field(
        SEED_DIR,
        description="Folder of the competency catalog CSV files, loaded at start when the "
        "store has no catalog or the files changed since the last start (default: the seed "
        "catalog shipped in services/competency/seed/catalog).",
    )
    competency_projection: bool = Field(
        True,
        description="Project applied statements into competency learner-years and unit-years.",
    )
    rederive_chunk: int = Field(
        50, gt=0, description="Learner-years a re-derive recomputes between two batches."
    )
    rederive_poll_seconds: float = Field(
        2.0, gt=0, description="How often an idle aggregator looks for a re-derive request."
    )
