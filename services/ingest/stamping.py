"""What the LRS adds to a statement before storing it: id, timestamp, stored, authority, version."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any


def format_timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with millisecond precision, as xAPI 2.0 asks of ``stored``."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def stamp(
    statement: dict[str, Any],
    *,
    stored: datetime,
    authority: dict[str, Any],
    version: str,
) -> dict[str, Any]:
    """Return the statement as stored, leaving the client's own properties as they were."""
    stamped = dict(statement)
    stamped["id"] = str(statement.get("id") or uuid.uuid4())
    stored_text = format_timestamp(stored)
    stamped.setdefault("timestamp", stored_text)
    stamped["stored"] = stored_text
    stamped["authority"] = authority
    # A statement keeps the version it was sent with; the request's version fills a gap.
    stamped.setdefault("version", version)
    return stamped
