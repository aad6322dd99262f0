"""JSON responses rendered with orjson (FastAPI deprecated its own ORJSONResponse)."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response


class JSONBytesResponse(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


class ProblemResponse(JSONBytesResponse):
    """RFC 9457 problem details, for the APIs that are not xAPI."""

    media_type = "application/problem+json"

    def __init__(self, status: int, title: str, detail: str | None = None) -> None:
        body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
        if detail is not None:
            body["detail"] = detail
        super().__init__(body, status_code=status)
