"""A strict reader and writer of ``multipart/mixed`` bodies as xAPI uses them (Communication 1.5.2).

The first part holds the statements (``application/json``); every other part is one
attachment's raw content, named by its ``X-Experience-API-Hash`` and sent with
``Content-Transfer-Encoding: binary``. Anything else is a 400.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from services.ingest.errors import BadRequest

CRLF = b"\r\n"


@dataclass(frozen=True, slots=True)
class Part:
    headers: dict[str, str]
    content: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass(frozen=True, slots=True)
class AttachmentPart:
    sha2: str
    content_type: str
    content: bytes


def boundary_of(content_type: str) -> str:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.strip().partition("=")
        if name.strip().lower() == "boundary" and value.strip():
            return value.strip().strip('"')
    raise BadRequest("Content-Type: multipart/mixed needs a boundary parameter")


def read_multipart(body: bytes, content_type: str) -> tuple[bytes, list[AttachmentPart]]:
    """The statements part and the attachment parts of a multipart/mixed request body."""
    parts = _split(body, boundary_of(content_type).encode())
    if not parts:
        raise BadRequest("multipart/mixed: the body has no parts")
    first, *rest = parts
    if first.content_type != "application/json":
        raise BadRequest("multipart/mixed: the first part must be application/json statements")
    attachments = []
    for position, part in enumerate(rest, start=2):
        sha2 = part.headers.get("x-experience-api-hash")
        if not sha2:
            raise BadRequest(f"multipart/mixed: part {position} has no X-Experience-API-Hash")
        if part.headers.get("content-transfer-encoding", "").lower() != "binary":
            raise BadRequest(
                f"multipart/mixed: part {position} needs Content-Transfer-Encoding: binary"
            )
        attachments.append(AttachmentPart(sha2.strip().lower(), part.content_type, part.content))
    return first.content, attachments


def _split(body: bytes, boundary: bytes) -> list[Part]:
    marker = b"--" + boundary
    start = body.find(marker)
    if start < 0:
        raise BadRequest("multipart/mixed: the boundary does not occur in the body")
    position = start + len(marker)
    parts = []
    while not body.startswith(b"--", position):
        if not body.startswith(CRLF, position):
            raise BadRequest("multipart/mixed: a boundary must be followed by CRLF")
        position += len(CRLF)
        end = body.find(CRLF + marker, position)
        if end < 0:
            raise BadRequest("multipart/mixed: a part is not closed by the boundary")
        parts.append(_part(body[position:end]))
        position = end + len(CRLF) + len(marker)
    return parts


def _part(raw: bytes) -> Part:
    if raw.startswith(CRLF):
        return Part({}, raw[len(CRLF) :])
    head, separator, content = raw.partition(CRLF + CRLF)
    if not separator:
        raise BadRequest("multipart/mixed: a part has no blank line after its headers")
    headers = {}
    for line in head.split(CRLF):
        name, colon, value = line.decode("latin-1").partition(":")
        if not colon:
            raise BadRequest(f"multipart/mixed: malformed part header {line[:60]!r}")
        headers[name.strip().lower()] = value.strip()
    return Part(headers, content)


def write_multipart(json_body: bytes, attachments: Iterable[AttachmentPart]) -> tuple[bytes, str]:
    """A multipart/mixed response body and its Content-Type."""
    boundary = f"xapi-{uuid.uuid4().hex}".encode()
    marker = b"--" + boundary
    chunks = [marker, CRLF, b"Content-Type: application/json", CRLF, CRLF, json_body, CRLF]
    for attachment in attachments:
        chunks += [
            marker, CRLF,
            f"Content-Type: {attachment.content_type}".encode(), CRLF,
            b"Content-Transfer-Encoding: binary", CRLF,
            f"X-Experience-API-Hash: {attachment.sha2}".encode(), CRLF, CRLF,
            attachment.content, CRLF,
        ]  # fmt: skip
    chunks += [marker, b"--", CRLF]
    return b"".join(chunks), f"multipart/mixed; boundary={boundary.decode()}"
