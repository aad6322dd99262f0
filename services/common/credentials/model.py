"""A stored credential and the authenticated client a request acts as."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class Credential(BaseModel):
    """One platform's credential as stored (``_id`` is the key; only the secret's hash)."""

    model_config = ConfigDict(populate_by_name=True, frozen=True)

    key: str = Field(alias="_id")
    secret_hash: str
    name: str
    scopes: list[str]
    created: datetime
    revoked: bool = False


@dataclass(frozen=True)
class Client:
    """Who a request is authenticated as, and what it may do."""

    id: str
    scopes: frozenset[str]
