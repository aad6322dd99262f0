"""ETags and the If-Match / If-None-Match preconditions (RFC 9110 section 13.1)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from services.ingest.documents.model import StoredDocument
from services.ingest.errors import PreconditionFailed

ANY = "*"


def etag_of(body: bytes) -> str:
    """Hex SHA-1 of the contents, as xAPI 1.0.3 (Communication 3.1) asks."""
    return hashlib.sha1(body, usedforsecurity=False).hexdigest()


def quoted(etag: str) -> str:
    return f'"{etag}"'


def _entity_tags(header: str | None) -> frozenset[str] | None:
    """The tags of a header value, unquoted; None when the header is absent.

    Weak tags (W/"...") are kept with their prefix: they never equal a strong tag, which is
    what the strong comparison If-Match requires.
    """
    if header is None:
        return None
    tags = {tag.strip() for tag in header.split(",") if tag.strip()}
    return frozenset(
        tag[1:-1] if len(tag) >= 2 and tag[0] == tag[-1] == '"' else tag for tag in tags
    )


@dataclass(frozen=True)
class Preconditions:
    if_match: frozenset[str] | None = None
    if_none_match: frozenset[str] | None = None

    @classmethod
    def from_headers(cls, if_match: str | None, if_none_match: str | None) -> Preconditions:
        return cls(_entity_tags(if_match), _entity_tags(if_none_match))

    @property
    def given(self) -> bool:
        return self.if_match is not None or self.if_none_match is not None

    def check(self, current: StoredDocument | None) -> None:
        """Raise PreconditionFailed unless the request may act on ``current`` (None: absent)."""
        if self.if_match is not None:
            if current is None:
                raise PreconditionFailed("If-Match: there is no document to match")
            if ANY not in self.if_match and current.etag not in self.if_match:
                raise PreconditionFailed(
                    "If-Match: the document has changed; GET it again for its current ETag"
                )
        if self.if_none_match is not None and current is not None:
            if ANY in self.if_none_match:
                raise PreconditionFailed("If-None-Match: a document exists already")
            if current.etag in self.if_none_match:
                raise PreconditionFailed("If-None-Match: the document has that ETag")
