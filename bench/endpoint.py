"""Where an LRS under load answers POST /statements: ours (``bench.load.Target``) or the peer's."""

from __future__ import annotations

from typing import Protocol


class StatementsEndpoint(Protocol):
    """The statements URL of an LRS and the HTTP Basic credential the load uses on it."""

    @property
    def statements_url(self) -> str: ...

    @property
    def api_key(self) -> str: ...

    @property
    def api_secret(self) -> str: ...

    def headers(self) -> dict[str, str]: ...
