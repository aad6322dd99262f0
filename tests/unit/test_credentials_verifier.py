"""Hashing, verification, the cache of successes, revocation and the development credential."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from services.common.credentials.hashing import hash_secret, verify_secret
from services.common.credentials.model import Credential
from services.common.credentials.store import MemoryCredentialStore, create_credential
from services.common.credentials.verifier import DEV_SCOPES, CredentialVerifier, DevCredential
from services.ingest.settings import IngestSettings
from tests.unit.credentials_support import http_client, ingest_app


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class CountingStore(MemoryCredentialStore):
    def __init__(self) -> None:
        super().__init__()
        self.gets = 0

    async def get(self, key: str) -> Credential | None:
        self.gets += 1
        return await super().get(key)


def test_a_hash_verifies_its_secret_only() -> None:
    hashed = hash_secret("s3cret")
    assert hashed.startswith("$argon2") and "s3cret" not in hashed
    assert verify_secret(hashed, "s3cret")
    assert not verify_secret(hashed, "s3cret ")
    assert not verify_secret("not a hash", "s3cret")


async def test_a_stored_credential_verifies_with_its_scopes() -> None:
    store = MemoryCredentialStore()
    credential, secret = await create_credential(store, "LMS", ["statements/write", "state"])
    assert secret not in credential.model_dump_json()
    verifier = CredentialVerifier(store)

    client = await verifier.verify(credential.key, secret)
    assert client is not None
    assert client.id == credential.key
    assert client.scopes == {"statements/write", "state"}
    assert await verifier.verify(credential.key, secret + "x") is None
    assert await verifier.verify("unknown", secret) is None


async def test_successes_are_cached_until_the_ttl_and_revocation_then_applies() -> None:
    store, clock = CountingStore(), Clock()
    credential, secret = await create_credential(store, "LMS", ["all"])
    verifier = CredentialVerifier(store, ttl_seconds=60, clock=clock)

    assert await verifier.verify(credential.key, secret) is not None
    assert await verifier.verify(credential.key, secret) is not None
    assert store.gets == 1  # the second one came from the cache

    # A wrong secret is never answered from the cache.
    assert await verifier.verify(credential.key, "wrong") is None

    assert await store.revoke(credential.key)
    clock.now += 59
    assert await verifier.verify(credential.key, secret) is not None  # still cached
    clock.now += 2
    assert await verifier.verify(credential.key, secret) is None  # expired: revoked seen


async def test_forget_drops_a_cached_success() -> None:
    store = MemoryCredentialStore()
    credential, secret = await create_credential(store, "LMS", ["all"])
    verifier = CredentialVerifier(store)
    assert await verifier.verify(credential.key, secret) is not None
    await store.revoke(credential.key)
    verifier.forget(credential.key)
    assert await verifier.verify(credential.key, secret) is None


async def test_the_development_credential_needs_no_store() -> None:
    verifier = CredentialVerifier(MemoryCredentialStore(), dev=DevCredential("dev", "dev-secret"))
    client = await verifier.verify("dev", "dev-secret")
    assert client is not None and client.scopes == DEV_SCOPES
    assert await verifier.verify("dev", "nope") is None


async def test_production_refuses_the_settings_credential_unless_stored() -> None:
    settings = IngestSettings(env="production", api_key="dev", api_secret=SecretStr("real-one"))
    store = MemoryCredentialStore()
    async with http_client(ingest_app(settings, store)) as http:
        refused = await http.get("/xapi/statements", auth=("dev", "real-one"))
        assert refused.status_code == 401
        credential, secret = await create_credential(store, "LMS", ["all/read"])
        accepted = await http.get("/xapi/statements", auth=(credential.key, secret))
        assert accepted.status_code == 200


@pytest.mark.parametrize("env", ["development", "test"])
async def test_development_and_test_accept_the_settings_credential(env: str) -> None:
    settings = IngestSettings(env=env)
    async with http_client(ingest_app(settings, MemoryCredentialStore())) as http:
        response = await http.get("/xapi/statements", auth=("dev", "dev-secret"))
        assert response.status_code == 200


async def test_401s_carry_www_authenticate_and_never_the_secret() -> None:
    settings = IngestSettings(env="test")
    store = MemoryCredentialStore()
    credential, secret = await create_credential(store, "LMS", ["all"])
    async with http_client(ingest_app(settings, store)) as http:
        missing = await http.get("/xapi/statements")
        wrong = await http.get("/xapi/statements", auth=(credential.key, "guess-" + secret))
        bearer = await http.get("/xapi/statements", headers={"Authorization": "Bearer abc"})
    for response in (missing, wrong, bearer):
        assert response.status_code == 401
        assert "WWW-Authenticate" in response.headers
        assert secret not in response.text and "guess-" not in response.text
