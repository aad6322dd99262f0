"""The JSON merge a POST performs on a stored document (Communication 2.2)."""

from __future__ import annotations

from typing import Any

import orjson

from services.ingest.documents.model import Content, StoredDocument
from services.ingest.errors import BadRequest


def posted_content(current: StoredDocument | None, posted: Content) -> Content:
    """What a POST leaves stored: the posted document, or the merge of both.

    Only top-level properties merge; a posted property replaces the stored one whole.
    """
    # A JSON body is checked even when nothing is stored: it is what the next POST merges into.
    update = _json_object(posted.body, "the posted document") if posted.is_json else None
    if current is None:
        return posted
    if update is None or not current.content.is_json:
        raise BadRequest(
            "POST merges JSON documents only: both the stored and the posted document must be "
            "application/json; use PUT to replace the document"
        )
    merged = _json_object(current.content.body, "the stored document")
    merged.update(update)
    return Content(orjson.dumps(merged), current.content.content_type)


def _json_object(body: bytes, what: str) -> dict[str, Any]:
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise BadRequest(f"{what} is not valid JSON: {error}") from error
    if not isinstance(value, dict):
        raise BadRequest(f"{what} must be a JSON object to be merged")
    return value
