"""multipart/mixed statement requests: what is accepted, what is a 400, and the round trip."""

from __future__ import annotations

import hashlib

import pytest

from services.ingest.attachments.multipart import AttachmentPart, read_multipart, write_multipart
from services.ingest.errors import BadRequest

CT = "multipart/mixed; boundary=abc123"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00binary\r\n--not-a-boundary"
SHA = hashlib.sha256(PNG).hexdigest()


def _body(*parts: bytes, preamble: bytes = b"") -> bytes:
    return preamble + b"".join(b"--abc123\r\n" + p + b"\r\n" for p in parts) + b"--abc123--\r\n"


STATEMENTS = b'Content-Type: application/json\r\n\r\n[{"id": 1}]'
ATTACHMENT = (
    b"Content-Type: image/png\r\nContent-Transfer-Encoding: binary\r\n"
    b"X-Experience-API-Hash: " + SHA.upper().encode() + b"\r\n\r\n" + PNG
)


def test_parts_are_split_exactly_even_with_crlf_and_dashes_in_binary_content() -> None:
    statements, parts = read_multipart(_body(STATEMENTS, ATTACHMENT, preamble=b"\r\n"), CT)
    assert statements == b'[{"id": 1}]'
    assert parts == [AttachmentPart(SHA, "image/png", PNG)]


def test_what_we_write_we_read_back() -> None:
    body, content_type = write_multipart(
        b'{"statements":[]}', [AttachmentPart(SHA, "image/png", PNG)]
    )
    statements, parts = read_multipart(body, content_type)
    assert statements == b'{"statements":[]}'
    assert parts[0].content == PNG


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (_body(STATEMENTS), "multipart/mixed", "boundary"),
        (b"no boundary here", CT, "does not occur"),
        (_body(b"Content-Type: text/plain\r\n\r\nhi"), CT, "first part"),
        (
            _body(STATEMENTS, ATTACHMENT.replace(b"X-Experience-API-Hash", b"X-Hash")),
            CT,
            "X-Experience-API-Hash",
        ),
        (
            _body(STATEMENTS, ATTACHMENT.replace(b"binary", b"base64", 1)),
            CT,
            "Content-Transfer-Encoding",
        ),
        (b"--abc123\r\n" + STATEMENTS, CT, "not closed"),
    ],
)
def test_malformed_bodies_are_400(body: bytes, content_type: str, message: str) -> None:
    with pytest.raises(BadRequest, match=message):
        read_multipart(body, content_type)
