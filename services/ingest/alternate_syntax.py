"""xAPI 1.0.3's Alternate Request Syntax (Communication 1.3), as an ASGI rewrite.

A client that cannot send arbitrary methods or headers POSTs ``?method=PUT`` (or GET,
DELETE...) with an ``application/x-www-form-urlencoded`` body. The form fields named like
headers become headers, ``content`` becomes the body, the rest become query parameters;
the rewritten request then goes through the ordinary routes.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER_FIELDS = frozenset(
    {"authorization", "x-experience-api-version", "content-type", "content-length",
     "if-match", "if-none-match"}
)  # fmt: skip
FORM = b"application/x-www-form-urlencoded"


class AlternateRequestSyntax:
    def __init__(self, app: ASGIApp, path_prefix: str, max_body_bytes: int) -> None:
        self.app = app
        self.path_prefix = path_prefix
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.path_prefix):
            await self.app(scope, receive, send)
            return
        query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        if not any(name == "method" for name, _ in query):
            await self.app(scope, receive, send)
            return
        problem = await self._rewrite(scope, receive, query)
        if isinstance(problem, str):
            await _bad_request(send, problem)
            return
        rewritten, body = problem

        async def receive_body() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(rewritten, receive_body, send)

    async def _rewrite(
        self, scope: Scope, receive: Receive, query: list[tuple[str, str]]
    ) -> tuple[Scope, bytes] | str:
        if scope["method"] != "POST":
            return "the alternate request syntax is only accepted as a POST"
        if len(query) != 1:
            return "with the alternate request syntax, the query string holds only 'method'"
        headers = dict(scope["headers"])
        if headers.get(b"content-type", b"").split(b";")[0].strip().lower() != FORM:
            return "the alternate request syntax needs an application/x-www-form-urlencoded body"
        raw = await _read(receive, self.max_body_bytes)
        if raw is None:
            return f"the body is larger than {self.max_body_bytes} bytes"
        try:
            fields = parse_qsl(raw.decode(), keep_blank_values=True, strict_parsing=bool(raw))
        except (ValueError, UnicodeDecodeError):
            return "the form body is not url-encoded"
        method = query[0][1].upper()
        new_headers = {
            k: v for k, v in headers.items() if k not in (b"content-type", b"content-length")
        }
        params, content = [], b""
        for name, value in fields:
            if name.lower() in HEADER_FIELDS:
                new_headers[name.lower().encode()] = value.encode()
            elif name == "content":
                content = value.encode()
            else:
                params.append((name, value))
        if method in ("PUT", "POST") and not content:
            return "the alternate request syntax sends the body in the 'content' form field"
        if new_headers.get(b"x-experience-api-version", b"").startswith(b"2."):
            return "xAPI 2.0 removed the alternate request syntax"
        new_headers.setdefault(b"content-type", b"application/json")
        new_headers[b"content-length"] = str(len(content)).encode()
        rewritten = {
            **scope,
            "method": method,
            "query_string": urlencode(params).encode(),
            "headers": list(new_headers.items()),
        }
        return rewritten, content


async def _read(receive: Receive, limit: int) -> bytes | None:
    chunks, size = [], 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _bad_request(send: Send, message: str) -> None:
    body = orjson.dumps({"error": message})
    await send(
        {
            "type": "http.response.start",
            "status": 400,
            "headers": [(b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode())],
        }
    )  # fmt: skip
    await send({"type": "http.response.body", "body": body})
