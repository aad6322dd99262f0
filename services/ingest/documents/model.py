"""What a stored document is, and how a request names one or a set of them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypeAlias

import orjson

DocumentKind: TypeAlias = Literal["state", "activity_profile", "agent_profile"]

JSON_MEDIA_TYPE = "application/json"
# What a document without a Content-Type is served as: bytes of unknown kind.
DEFAULT_MEDIA_TYPE = "application/octet-stream"


@dataclass(frozen=True)
class Scope:
    """The documents of one Activity and/or Agent (and registration, for State).

    A field left None does not narrow the scope: a State request without a registration
    lists and deletes the documents of every registration (Communication 2.3).
    """

    kind: DocumentKind
    activity_id: str | None = None
    agent_key: str | None = None
    registration: str | None = None


@dataclass(frozen=True)
class DocumentKey:
    """One document: its scope and the id the client gave it (stateId or profileId)."""

    scope: Scope
    document_id: str

    @property
    def storage_id(self) -> str:
        # Deterministic, so "create unless it exists" is a single insert whose duplicate-key
        # error is the answer; no read-then-write race, no transaction. A missing registration
        # is its own value: the same stateId with and without one are two documents.
        parts = [
            self.scope.kind,
            self.scope.activity_id,
            self.scope.agent_key,
            self.scope.registration,
            self.document_id,
        ]
        return hashlib.sha256(orjson.dumps(parts)).hexdigest()


@dataclass(frozen=True)
class Content:
    body: bytes
    content_type: str

    @property
    def is_json(self) -> bool:
        return media_type(self.content_type) == JSON_MEDIA_TYPE


@dataclass(frozen=True)
class StoredDocument:
    content: Content
    etag: str
    updated: datetime


def media_type(content_type: str) -> str:
    """``type/subtype`` of a Content-Type header, lower case, without parameters."""
    return content_type.split(";", 1)[0].strip().lower()
