"""The value of a record on the ``xapi.statements`` topic.

Kafka is the log of record: replaying these envelopes from offset 0 rebuilds the
statement store. ``schemas/statement-envelope.schema.json`` is generated from this
model (``python -m schemas.export``) and a test keeps the two equal.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field

ENVELOPE_SCHEMA_VERSION: Literal[1] = 1


class StatementEnvelope(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1] = Field(
        ENVELOPE_SCHEMA_VERSION, description="Version of this envelope's layout."
    )
    statement: dict[str, Any] = Field(
        description="The statement as stored: id, stored, authority and version set by ingest."
    )
    received: datetime = Field(description="When ingest received the request (UTC).")
    client_id: str = Field(description="The credential that sent the statement.")

    @classmethod
    def from_bytes(cls, value: bytes) -> StatementEnvelope:
        return cls.model_validate_json(value)


def encode_envelope(statement: dict[str, Any], *, received: datetime, client_id: str) -> bytes:
    """The record value for a stored statement, serialised without a model round trip."""
    return orjson.dumps(
        {
            "schema_version": ENVELOPE_SCHEMA_VERSION,
            "statement": statement,
            "received": received,
            "client_id": client_id,
        }
    )
