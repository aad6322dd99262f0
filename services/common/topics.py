"""Creating the topics of the Kafka contract (statements and dead letters)."""

from __future__ import annotations

import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

log = logging.getLogger(__name__)


async def ensure_topics(bootstrap_servers: str, topics: dict[str, int]) -> None:
    """Create each topic with its partition count unless it exists.

    An existing topic keeps its partition count: changing it would move keys, and so
    one learner's statements, to other partitions.
    """
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, client_id="lrs-admin")
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(name, num_partitions=partitions, replication_factor=1)
            for name, partitions in topics.items()
            if name not in existing
        ]
        if missing:
            try:
                await admin.create_topics(missing)
            except TopicAlreadyExistsError:
                log.info("topics were created concurrently", extra={"topics": list(topics)})
    finally:
        await admin.close()


async def topic_partitions(bootstrap_servers: str, topic: str) -> list[int]:
    """The topic's partition numbers (none if it does not exist)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, client_id="lrs-admin")
    await admin.start()
    try:
        described = await admin.describe_topics([topic])
    finally:
        await admin.close()
    return sorted(
        int(p["partition"])
        for t in described
        if t["topic"] == topic and not t.get("error_code")
        for p in t["partitions"]
    )
