"""Checking HTTP Basic key/secret pairs, with a short in-memory cache of successes.

argon2 takes tens of milliseconds per check, so a success is remembered for
``CACHE_TTL_SECONDS`` as (SHA-256 of the secret, scopes, expiry). A revoked credential
therefore keeps working for at most that long in each running service.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from services.common.credentials.hashing import verify_secret
from services.common.credentials.model import Client
from services.common.credentials.scopes import Scope
from services.common.credentials.store import CredentialStore

CACHE_TTL_SECONDS = 60.0

DEV_SCOPES = frozenset(
    {Scope.ALL.value, Scope.QUERY_READ.value, Scope.REPORTS_READ.value, Scope.CATALOG_WRITE.value}
)


@dataclass(frozen=True)
class DevCredential:
    """The settings credential, accepted only in development and test."""

    key: str
    secret: str


@dataclass(frozen=True)
class _Cached:
    digest: bytes
    scopes: frozenset[str]
    expires: float


class CredentialVerifier:
    def __init__(
        self,
        store: CredentialStore,
        *,
        dev: DevCredential | None = None,
        ttl_seconds: float = CACHE_TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._dev = dev
        self._ttl = ttl_seconds
        self._clock = clock
        self._cache: dict[str, _Cached] = {}

    async def verify(self, key: str, secret: str) -> Client | None:
        """The client of a valid, unrevoked credential, or None."""
        digest = hashlib.sha256(secret.encode()).digest()
        dev = self._dev
        if dev is not None and secrets.compare_digest(key.encode(), dev.key.encode()):
            if secrets.compare_digest(secret.encode(), dev.secret.encode()):
                return Client(key, DEV_SCOPES)
            return None
        cached = self._cache.get(key)
        now = self._clock()
        if cached is not None:
            if cached.expires <= now:
                del self._cache[key]
            elif secrets.compare_digest(cached.digest, digest):
                return Client(key, cached.scopes)
        credential = await self._store.get(key)
        if credential is None or credential.revoked:
            self._cache.pop(key, None)
            return None
        if not await asyncio.to_thread(verify_secret, credential.secret_hash, secret):
            return None
        scopes = frozenset(credential.scopes)
        self._cache[key] = _Cached(digest, scopes, now + self._ttl)
        return Client(key, scopes)

    def forget(self, key: str) -> None:
        """Drop a cached success (e.g. after revoking in this process)."""
        self._cache.pop(key, None)
