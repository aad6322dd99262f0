from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

from services.ingest.stamping import format_timestamp, stamp

AUTHORITY = {"objectType": "Agent", "account": {"homePage": "https://lrs.example", "name": "lms"}}
STORED = datetime(2026, 3, 4, 10, 0, 0, 123456, tzinfo=UTC)


def test_stored_is_utc_with_milliseconds() -> None:
    wita = timezone(timedelta(hours=8))  # Palu's time zone
    assert format_timestamp(datetime(2026, 3, 4, 18, 0, tzinfo=wita)) == "2026-03-04T10:00:00.000Z"
    assert format_timestamp(STORED) == "2026-03-04T10:00:00.123Z"


def test_missing_id_and_timestamp_are_assigned() -> None:
    statement = {
        "actor": {"mbox": "mailto:a@b.c"},
        "verb": {"id": "http://v"},
        "object": {"id": "http://o"},
    }
    stamped = stamp(statement, stored=STORED, authority=AUTHORITY, version="1.0.0")
    assert uuid.UUID(stamped["id"]).version == 4
    assert stamped["timestamp"] == stamped["stored"] == "2026-03-04T10:00:00.123Z"
    assert "id" not in statement, "the client's statement is not modified"


def test_client_values_are_kept_but_authority_is_the_lrs_own() -> None:
    statement = {
        "id": "3b0a1d2c-3a3b-4c4d-8e8f-9a9b9c9d9e9f",
        "timestamp": "2026-01-01T00:00:00+08:00",
        "authority": {"mbox": "mailto:forged@example.org"},
        "version": "1.0.9",
    }
    stamped = stamp(statement, stored=STORED, authority=AUTHORITY, version="1.0.0")
    assert stamped["id"] == statement["id"]
    assert stamped["timestamp"] == "2026-01-01T00:00:00+08:00"
    assert stamped["authority"] == AUTHORITY
    assert stamped["version"] == "1.0.9"
    assert stamp({}, stored=STORED, authority=AUTHORITY, version="2.0.0")["version"] == "2.0.0"
