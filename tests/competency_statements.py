"""xAPI statements that follow the project's competency conventions, for the tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from schemas.envelope import encode_envelope
from services.aggregator.records import Source, StatementRecord, decode_record
from services.competency.xapi_conventions import ADL, Extension
from services.ingest.stamping import stamp
from tests.statements import SIASN

E_LEARNING = "https://lms.example.go.id/course/etika-pelayanan-publik"  # seed: form 16, 6 JP
SEMINAR = "https://seminar.example.go.id/2025/wawasan-kebangsaan"  # seed: form 9, 4 JP a day
SITI = "198503302010011002"
NS = "https://lrs.palukota.go.id/xapi/competencies"
PUBLIC_SERVICE, INTEGRITY = f"{NS}/manajerial/pelayanan-publik", f"{NS}/manajerial/integritas"
NATION = f"{NS}/sosial-kultural/perekat-bangsa"
STORED = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


def learning(
    verb: str,
    activity: str,
    at: str,
    *,
    nip: str = SITI,
    actor: dict[str, Any] | None = None,
    registration: str | None = None,
    extensions: dict[Extension, Any] | None = None,
    duration: str | None = None,
) -> dict[str, Any]:
    """A statement at local Palu time ``at`` (``+08:00`` unless ``at`` has an offset)."""
    context: dict[str, Any] = {}
    if registration is not None:
        context["registration"] = registration
    if extensions:
        context["extensions"] = {str(key): value for key, value in extensions.items()}
    statement: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": actor or {"objectType": "Agent", "account": {"homePage": SIASN, "name": nip}},
        "verb": {"id": f"{ADL}{verb}"},
        "object": {"objectType": "Activity", "id": activity},
        "timestamp": at if "+" in at or at.endswith("Z") else f"{at}:00+08:00",
    }
    if context:
        statement["context"] = context
    if duration is not None:
        statement["result"] = {"duration": duration}
    return statement


def voiding(target: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "actor": {"mbox": "mailto:admin@lms.example.go.id"},
        "verb": {"id": f"{ADL}voided"},
        "object": {"objectType": "StatementRef", "id": target["id"]},
    }


def record(statement: dict[str, Any], offset: int = 0, partition: int = 0) -> StatementRecord:
    """The record the aggregator decodes from Kafka for this statement."""
    stamped = stamp(
        statement, stored=STORED, authority={"mbox": "mailto:lrs@x.org"}, version="1.0.0"
    )
    decoded = decode_record(
        Source("xapi.statements", partition, offset),
        b"k",
        encode_envelope(stamped, received=STORED, client_id="lms"),
    )
    assert isinstance(decoded, StatementRecord), decoded
    return decoded


def records(*statements: dict[str, Any]) -> list[StatementRecord]:
    return [record(statement, offset) for offset, statement in enumerate(statements)]
