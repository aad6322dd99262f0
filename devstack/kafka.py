"""A single-node Apache Kafka broker in KRaft mode, run from the jars in .local/kafka/libs."""

from __future__ import annotations

import base64
import subprocess
import uuid
from pathlib import Path

from devstack.probes import tcp_open
from devstack.processes import ManagedProcess, ProcessFailed

REPO = Path(__file__).resolve().parent.parent
LOG4J_CONFIG = REPO / "deploy" / "kafka" / "log4j2.properties"
JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djava.awt.headless=true",
)


def server_properties(port: int, controller_port: int, data_dir: Path, partitions: int) -> str:
    return f"""\
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:{controller_port}
listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:{port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs={data_dir}
num.partitions={partitions}
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=3
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
"""


def kafka_process(
    *,
    libs: Path,
    state_dir: Path,
    port: int,
    controller_port: int,
    partitions: int,
    heap: str,
) -> ManagedProcess:
    """Write the broker's configuration, format its storage once, and describe its process."""
    if not any(libs.glob("kafka_2.13-*.jar")):
        raise ProcessFailed(f"no Kafka jars in {libs}: run 'make install' first")
    data_dir = state_dir / "kafka-data"
    config = state_dir / "kafka.properties"
    state_dir.mkdir(parents=True, exist_ok=True)
    config.write_text(server_properties(port, controller_port, data_dir, partitions))
    java_base = [
        "java",
        f"-Dlog4j2.configurationFile={LOG4J_CONFIG}",
        "-cp",
        f"{libs}/*",
    ]
    if not (data_dir / "meta.properties").exists():
        _format_storage(java_base, config)
    return ManagedProcess(
        name="kafka",
        command=[
            *java_base[:1],
            f"-Xmx{heap}",
            f"-Xms{heap}",
            *JVM_OPTIONS,
            *java_base[1:],
            "kafka.Kafka",
            str(config),
        ],
        run_dir=state_dir / "run",
        log_dir=state_dir / "log",
        ready=lambda: tcp_open(port),
    )


def _format_storage(java_base: list[str], config: Path) -> None:
    cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
    result = subprocess.run(  # noqa: S603 - fixed command line
        [
            *java_base,
            "kafka.tools.StorageTool",
            "format",
            "--config",
            str(config),
            # One argument: a base64 id may start with "-", which would read as an option.
            f"--cluster-id={cluster_id}",
            "--ignore-formatted",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise ProcessFailed(f"formatting Kafka storage failed:\n{result.stdout}{result.stderr}")
