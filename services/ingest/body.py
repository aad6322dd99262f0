"""Reading a request body within the configured limit."""

from __future__ import annotations

from fastapi import Request

from services.ingest.errors import BadRequest, PayloadTooLarge


async def read_body(request: Request, max_bytes: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise PayloadTooLarge(f"the body is larger than {max_bytes} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise PayloadTooLarge(f"the body is larger than {max_bytes} bytes")
        chunks.append(chunk)
    body = b"".join(chunks)
    if not body:
        raise BadRequest("the request has no body")
    return body
