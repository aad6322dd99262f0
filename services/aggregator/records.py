"""What the aggregator makes of one Kafka record: an applicable statement or a dead letter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from pydantic import ValidationError

from schemas.envelope import StatementEnvelope
from services.common.learners import NoLearnerIdentifier, learner_key
from services.common.statement_index import index_fields, statement_ref, voided_target


@dataclass(frozen=True, slots=True)
class Source:
    topic: str
    partition: int
    offset: int


@dataclass(frozen=True, slots=True)
class StatementRecord:
    source: Source
    statement_id: str
    learner: str
    raw: str
    statement: dict[str, Any]
    stored: datetime
    timestamp: datetime
    fields: dict[str, list[str]]
    ref: str | None
    voids: str | None


@dataclass(frozen=True, slots=True)
class DeadLetter:
    source: Source
    key: bytes | None
    value: bytes
    reason: str

    def to_bytes(self) -> bytes:
        return orjson.dumps(
            {
                "reason": self.reason,
                "topic": self.source.topic,
                "partition": self.source.partition,
                "offset": self.source.offset,
                "key": None if self.key is None else self.key.decode(errors="replace"),
                "value": self.value.decode(errors="replace"),
            }
        )


def decode_record(
    source: Source, key: bytes | None, value: bytes | None
) -> StatementRecord | DeadLetter:
    """Decode and derive everything the writer needs; any failure makes a dead letter.

    Deriving is pure, so a record that breaks it would break it on every retry and stop
    its partition for good: it is bad data, not a transient fault.
    """
    if value is None:
        return DeadLetter(source, key, b"", "record has no value")
    try:
        statement = StatementEnvelope.from_bytes(value).statement
        return StatementRecord(
            source=source,
            statement_id=str(statement["id"]).lower(),
            learner=learner_key(statement["actor"]),
            raw=orjson.dumps(statement).decode(),
            statement=statement,
            stored=datetime.fromisoformat(statement["stored"]),
            timestamp=datetime.fromisoformat(statement["timestamp"]),
            fields=index_fields(statement),
            ref=statement_ref(statement),
            voids=voided_target(statement),
        )
    except (ValidationError, KeyError, ValueError, TypeError, NoLearnerIdentifier) as error:
        return DeadLetter(source, key, value, f"not a statement envelope: {error}")
    except Exception as error:  # noqa: BLE001 - see the docstring
        return DeadLetter(source, key, value, f"not applicable: {type(error).__name__}: {error}")
