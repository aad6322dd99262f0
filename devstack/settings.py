"""Ports and folders of the local stack (environment variables, prefix ``LRS_``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field

from services.common.settings import ApiCredentialSettings

REPO = Path(__file__).resolve().parent.parent


class StackSettings(ApiCredentialSettings):
    install_dir: Path = Field(
        REPO / ".local", description="Where 'make install' put Kafka's jars and FerretDB."
    )
    state_dir: Path = Field(
        REPO / ".local" / "state", description="Data, logs and PID files of the local stack."
    )
    kafka_port: int = Field(9092, description="Kafka broker port of the local stack.")
    kafka_controller_port: int = Field(9093, description="Kafka KRaft controller port.")
    kafka_heap: str = Field("512m", description="Heap of the local Kafka broker (-Xmx).")
    mongodb_port: int = Field(27017, description="FerretDB port of the local stack.")
    store_backend: Literal["postgresql", "sqlite"] = Field(
        "postgresql",
        description="What FerretDB stores in: a PostgreSQL cluster of the stack's own, or "
        "SQLite files.",
    )
    postgres_dir: Path | None = Field(
        None,
        description="Folder of the local PostgreSQL cluster (unset: `postgres` in the state "
        "folder); as root it must be reachable by the postgres user.",
    )
    postgres_port: int = Field(
        5433,
        description="Port of the local PostgreSQL: names its unix socket, or is its "
        "127.0.0.1 port when the socket's path would exceed 107 bytes.",
    )
    ingest_port: int = 8080
    query_port: int = 8081
    aggregator_port: int = Field(
        8082, description="Port of the first aggregator; the n-th listens n - 1 above it."
    )
    aggregators: int = Field(
        default_factory=lambda: max(1, (os.cpu_count() or 1) // 2),
        ge=1,
        description="Aggregator processes in the consumer group (default: half the cores).",
    )
