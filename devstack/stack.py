"""The local stack: PostgreSQL, FerretDB and Kafka, then the three services, in order."""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from devstack.ferretdb import ferretdb_process
from devstack.kafka import kafka_process
from devstack.postgres import PostgresAddress, postgres_process
from devstack.probes import http_ok
from devstack.processes import ManagedProcess
from devstack.settings import StackSettings
from services.common.topics import ensure_topics

INFRASTRUCTURE_TIMEOUT = 90.0
SERVICE_TIMEOUT = 30.0


@dataclass(frozen=True)
class Infrastructure:
    """Kafka, FerretDB and (unless FerretDB is on SQLite) PostgreSQL of one state folder."""

    kafka: ManagedProcess
    ferretdb: ManagedProcess
    postgres: ManagedProcess | None
    bootstrap_servers: str
    mongodb_url: str

    @classmethod
    def local(cls, settings: StackSettings) -> Infrastructure:
        state = settings.state_dir
        postgres, postgresql_url = None, None
        if settings.store_backend == "postgresql":
            home = settings.postgres_dir or state / "postgres"
            address = PostgresAddress.in_cluster(home, settings.postgres_port)
            postgres = postgres_process(home=home, address=address, state_dir=state)
            postgresql_url = address.url()
        return cls(
            kafka=kafka_process(
                libs=settings.install_dir / "kafka" / "libs",
                state_dir=state,
                port=settings.kafka_port,
                controller_port=settings.kafka_controller_port,
                partitions=settings.kafka_partitions,
                heap=settings.kafka_heap,
            ),
            ferretdb=ferretdb_process(
                binary=settings.install_dir / "bin" / "ferretdb",
                state_dir=state,
                port=settings.mongodb_port,
                postgresql_url=postgresql_url,
            ),
            postgres=postgres,
            bootstrap_servers=f"127.0.0.1:{settings.kafka_port}",
            mongodb_url=f"mongodb://127.0.0.1:{settings.mongodb_port}/",
        )

    def start(self, topics: dict[str, int]) -> None:
        self.start_servers()
        asyncio.run(ensure_topics(self.bootstrap_servers, topics))

    def start_servers(self) -> None:
        for process in self.servers():
            process.start(INFRASTRUCTURE_TIMEOUT)

    def stop(self) -> None:
        for process in reversed(self.servers()):
            process.stop()

    def servers(self) -> tuple[ManagedProcess, ...]:
        """In start order: FerretDB needs its PostgreSQL."""
        database = () if self.postgres is None else (self.postgres,)
        return (*database, self.ferretdb, self.kafka)


def service_process(
    name: str, module: str, port: int, env: dict[str, str], run_dir: Path, log_dir: Path
) -> ManagedProcess:
    return ManagedProcess(
        name=name,
        command=[sys.executable, "-m", module],
        run_dir=run_dir,
        log_dir=log_dir,
        ready=lambda: http_ok(f"http://127.0.0.1:{port}/health"),
        env=env,
    )


@dataclass(frozen=True)
class LocalStack:
    settings: StackSettings
    infrastructure: Infrastructure
    services: tuple[ManagedProcess, ...]

    @classmethod
    def from_settings(cls, settings: StackSettings) -> LocalStack:
        infrastructure = Infrastructure.local(settings)
        env = {
            "LRS_KAFKA_BOOTSTRAP_SERVERS": infrastructure.bootstrap_servers,
            "LRS_MONGODB_URL": infrastructure.mongodb_url,
            "LRS_INGEST_PORT": str(settings.ingest_port),
            "LRS_QUERY_PORT": str(settings.query_port),
            "LRS_AGGREGATOR_PORT": str(settings.aggregator_port),
            "LRS_LRS_HOME_PAGE": os.environ.get(
                "LRS_LRS_HOME_PAGE", f"http://127.0.0.1:{settings.ingest_port}"
            ),
        }
        run_dir, log_dir = settings.state_dir / "run", settings.state_dir / "log"
        # One consumer group: Kafka shares the partitions among the aggregators.
        aggregators = tuple(
            service_process(
                "aggregator" if i == 0 else f"aggregator-{i + 1}",
                "services.aggregator",
                settings.aggregator_port + i,
                {**env, "LRS_AGGREGATOR_PORT": str(settings.aggregator_port + i)},
                run_dir,
                log_dir,
            )
            for i in range(settings.aggregators)
        )
        services = (
            *aggregators,
            service_process(
                "ingest", "services.ingest", settings.ingest_port, env, run_dir, log_dir
            ),
            service_process("query", "services.query", settings.query_port, env, run_dir, log_dir),
        )
        return cls(settings, infrastructure, services)

    def up(self) -> None:
        self.infrastructure.start(
            {
                self.settings.statements_topic: self.settings.kafka_partitions,
                self.settings.dlq_topic: 1,
            }
        )
        for service in self.services:
            service.start(SERVICE_TIMEOUT)

    def down(self) -> None:
        for service in reversed(self.services):
            service.stop()
        self.infrastructure.stop()

    def processes(self) -> tuple[ManagedProcess, ...]:
        return (*self.infrastructure.servers(), *self.services)
