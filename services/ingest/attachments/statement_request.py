"""The body of a statement POST or PUT: JSON, or multipart/mixed with attachment parts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from services.ingest.attachments.multipart import AttachmentPart, read_multipart
from services.ingest.attachments.signatures import SIGNATURE_USAGE, check_signature
from services.ingest.body import read_body
from services.ingest.errors import BadRequest, UnsupportedMediaType
from services.ingest.validation import parse_statements


@dataclass(frozen=True)
class StatementRequest:
    statements: list[dict[str, Any]]
    attachments: list[AttachmentPart]


async def read_statement_request(
    request: Request, max_bytes: int, version: str
) -> StatementRequest:
    content_type = request.headers.get("content-type", "")
    media_type = content_type.split(";")[0].strip().lower()
    if media_type == "application/json":
        statements = parse_statements(await read_body(request, max_bytes), version)
        _match_parts(statements, [])
        return StatementRequest(statements, [])
    if media_type == "multipart/mixed":
        json_part, parts = read_multipart(await read_body(request, max_bytes), content_type)
        statements = parse_statements(json_part, version)
        _match_parts(statements, parts)
        _check_signatures(statements, parts)
        return StatementRequest(statements, parts)
    if media_type.startswith("multipart/"):
        # A statement request carrying attachments in another encoding (Data 2.4.11).
        raise BadRequest(f"Content-Type {media_type}: attachments are sent as multipart/mixed")
    raise UnsupportedMediaType(
        f"Content-Type {media_type or '(none)'} is not accepted; "
        "use application/json or multipart/mixed"
    )


def _match_parts(statements: list[dict[str, Any]], parts: list[AttachmentPart]) -> None:
    """Every attachment without a fileUrl has its part, and every part is some attachment's."""
    attachments = [a for s in statements for a in s.get("attachments") or []]
    declared = {str(a["sha2"]).lower() for a in attachments}
    required = {str(a["sha2"]).lower() for a in attachments if "fileUrl" not in a}
    sent = {part.sha2 for part in parts}
    missing = required - sent
    if missing:
        raise BadRequest(
            f"attachments: no part carries the attachment with sha2 {sorted(missing)[0]} "
            "(an attachment without fileUrl is sent as a multipart/mixed part)"
        )
    extra = sent - declared
    if extra:
        raise BadRequest(f"multipart/mixed: part {sorted(extra)[0]} is no statement's attachment")


def _check_signatures(statements: list[dict[str, Any]], parts: list[AttachmentPart]) -> None:
    by_hash = {part.sha2: part for part in parts}
    for position, statement in enumerate(statements):
        for index, attachment in enumerate(statement.get("attachments") or []):
            if attachment.get("usageType") != SIGNATURE_USAGE:
                continue
            path = f"statements[{position}].attachments[{index}]"
            if attachment.get("contentType") != "application/octet-stream":
                raise BadRequest(f"{path}.contentType: a signature is application/octet-stream")
            part = by_hash.get(str(attachment.get("sha2", "")).lower())
            if part is None:
                raise BadRequest(f"{path}: the signature is not attached")
            check_signature(statement, part.content, path)
