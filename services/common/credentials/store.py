"""Where credentials are kept: a Protocol, MongoDB (``credentials``) and in memory."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from pymongo.asynchronous.database import AsyncDatabase

from services.common.credentials.hashing import hash_secret, new_key, new_secret
from services.common.credentials.model import Credential
from services.common.mongo import CREDENTIALS, Document


class CredentialStore(Protocol):
    async def get(self, key: str) -> Credential | None: ...

    async def add(self, credential: Credential) -> None: ...

    async def list_all(self) -> list[Credential]: ...

    async def revoke(self, key: str) -> bool:
        """Mark revoked; False when there is no such key."""
        ...


class MongoCredentialStore:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._collection = db[CREDENTIALS]

    async def get(self, key: str) -> Credential | None:
        found = await self._collection.find_one({"_id": key})
        return None if found is None else Credential.model_validate(found)

    async def add(self, credential: Credential) -> None:
        await self._collection.insert_one(credential.model_dump(by_alias=True))

    async def list_all(self) -> list[Credential]:
        found = await self._collection.find({}).to_list()
        credentials = [Credential.model_validate(doc) for doc in found]
        return sorted(credentials, key=lambda c: (c.created, c.key))

    async def revoke(self, key: str) -> bool:
        result = await self._collection.update_one({"_id": key}, {"$set": {"revoked": True}})
        return result.matched_count == 1


class MemoryCredentialStore:
    """For tests and tools: the same behaviour, in a dict."""

    def __init__(self) -> None:
        self.credentials: dict[str, Credential] = {}

    async def get(self, key: str) -> Credential | None:
        return self.credentials.get(key)

    async def add(self, credential: Credential) -> None:
        if credential.key in self.credentials:
            raise KeyError(credential.key)
        self.credentials[credential.key] = credential

    async def list_all(self) -> list[Credential]:
        return sorted(self.credentials.values(), key=lambda c: (c.created, c.key))

    async def revoke(self, key: str) -> bool:
        credential = self.credentials.get(key)
        if credential is None:
            return False
        self.credentials[key] = credential.model_copy(update={"revoked": True})
        return True


async def create_credential(
    store: CredentialStore, name: str, scopes: list[str], *, key: str | None = None
) -> tuple[Credential, str]:
    """Store a new credential; returns it and its secret (shown once, never stored)."""
    secret = new_secret()
    credential = Credential(
        key=key or new_key(),
        secret_hash=hash_secret(secret),
        name=name,
        scopes=scopes,
        created=datetime.now(UTC),
    )
    await store.add(credential)
    return credential, secret
