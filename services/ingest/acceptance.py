"""Accepting statements: stamp them, wrap them in envelopes, have Kafka acknowledge them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from schemas.envelope import encode_envelope
from services.common.learners import learner_key
from services.ingest.errors import BadRequest
from services.ingest.publisher import Publisher, Record
from services.ingest.stamping import stamp

SUPPORTED_VERSIONS = {"1.0": "1.0.0", "2.0": "2.0.0"}


def stored_version(header: str | None) -> str:
    """The ``version`` a statement is stored with, from the request's version header."""
    if header is None:
        raise BadRequest("the X-Experience-API-Version header is required")
    parts = header.strip().split(".")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        raise BadRequest(f"X-Experience-API-Version: {header!r} is not a version number")
    version = SUPPORTED_VERSIONS.get(".".join(parts[:2]))
    if version is None:
        raise BadRequest(
            f"X-Experience-API-Version: {header} is not supported (1.0.x and 2.0.x are)"
        )
    return version


def authority_of(client_id: str, home_page: str) -> dict[str, Any]:
    return {
        "objectType": "Agent",
        "account": {"homePage": home_page, "name": client_id},
    }


async def accept_statements(
    statements: list[dict[str, Any]],
    *,
    publisher: Publisher,
    client_id: str,
    home_page: str,
    version: str,
) -> list[str]:
    """Publish the statements; return their ids in order once Kafka acknowledged all."""
    received = datetime.now(UTC)
    authority = authority_of(client_id, home_page)
    stamped = [
        stamp(statement, stored=received, authority=authority, version=version)
        for statement in statements
    ]
    records: list[Record] = [
        (
            learner_key(statement["actor"]).encode(),
            encode_envelope(statement, received=received, client_id=client_id),
        )
        for statement in stamped
    ]
    await publisher.publish(records)
    return [str(statement["id"]) for statement in stamped]
