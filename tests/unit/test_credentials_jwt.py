"""Bearer JWTs against a JWKS file (a generated RSA key, no network), and the query API."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from pymongo import AsyncMongoClient

from services.common.credentials.bearer import InvalidToken, JwtVerifier, client_of
from services.common.credentials.store import MemoryCredentialStore, create_credential
from services.common.mongo import Document
from services.ingest.settings import IngestSettings
from services.query.app import create_app as create_query_app
from services.query.routes.timelines import get_reader
from services.query.settings import QuerySettings
from services.query.timelines import Timeline
from tests.unit.credentials_support import http_client, ingest_app

ISSUER = "https://idp.example"
AUDIENCE = "https://lrs.example"


@pytest.fixture(scope="module")
def private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def jwks_file(tmp_path: Path, private_key: rsa.RSAPrivateKey) -> Path:
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private_key.public_key()))
    jwk.update(kid="k1", alg="RS256", use="sig")
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [jwk]}))
    return path


def token(private_key: rsa.RSAPrivateKey, kid: str = "k1", **claims: Any) -> str:
    body: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "lms-palu",
        "exp": int(time.time()) + 300,
        "scope": "statements/write statements/read",
    }
    body.update(claims)
    return jwt.encode(body, private_key, algorithm="RS256", headers={"kid": kid})


def verifier(jwks_file: Path) -> JwtVerifier:
    return JwtVerifier(jwks_file=jwks_file, audience=AUDIENCE, issuer=ISSUER)


async def test_a_valid_token_gives_its_subject_and_scopes(
    jwks_file: Path, private_key: rsa.RSAPrivateKey
) -> None:
    client = await verifier(jwks_file).verify(token(private_key))
    assert client.id == "lms-palu"
    assert client.scopes == {"statements/write", "statements/read"}


def test_scopes_from_scp_and_id_from_client_id() -> None:
    client = client_of({"client_id": "c1", "scp": ["state", "profile"]})
    assert client.id == "c1" and client.scopes == {"state", "profile"}
    with pytest.raises(InvalidToken):
        client_of({"scope": "all"})


@pytest.mark.parametrize(
    "claims",
    [
        {"aud": "https://other.example"},
        {"iss": "https://other-idp.example"},
        {"exp": int(time.time()) - 10},
        {"kid": "unknown"},
    ],
)
async def test_wrong_tokens_are_refused(
    jwks_file: Path, private_key: rsa.RSAPrivateKey, claims: dict[str, Any]
) -> None:
    kid = claims.pop("kid", "k1")
    with pytest.raises(InvalidToken):
        await verifier(jwks_file).verify(token(private_key, kid=kid, **claims))


async def test_a_token_signed_by_another_key_is_refused(jwks_file: Path) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(InvalidToken):
        await verifier(jwks_file).verify(token(other))
    with pytest.raises(InvalidToken):
        await verifier(jwks_file).verify("not.a.jwt")


async def test_bearer_through_the_ingest_app(
    jwks_file: Path, private_key: rsa.RSAPrivateKey
) -> None:
    settings = IngestSettings(
        env="test", jwks_file=jwks_file, jwt_audience=AUDIENCE, jwt_issuer=ISSUER
    )
    async with http_client(ingest_app(settings, MemoryCredentialStore())) as http:
        reader = {"Authorization": f"Bearer {token(private_key, scope='statements/read')}"}
        assert (await http.get("/xapi/statements", headers=reader)).status_code == 200
        assert (await http.get("/xapi/activities/state", headers=reader)).status_code == 403
        expired = token(private_key, exp=int(time.time()) - 10)
        response = await http.get(
            "/xapi/statements", headers={"Authorization": f"Bearer {expired}"}
        )
        assert response.status_code == 401 and expired not in response.text


async def test_bearer_is_refused_without_a_jwks(private_key: rsa.RSAPrivateKey) -> None:
    async with http_client(ingest_app(IngestSettings(env="test"), MemoryCredentialStore())) as http:
        response = await http.get(
            "/xapi/statements", headers={"Authorization": f"Bearer {token(private_key)}"}
        )
        assert response.status_code == 401


class FakeReader:
    async def timeline(self, learner: str, limit: int) -> Timeline:
        return Timeline(learner=learner, events=[])


@pytest.fixture
async def query_http() -> AsyncIterator[tuple[httpx.AsyncClient, MemoryCredentialStore]]:
    mongo: AsyncMongoClient[Document] = AsyncMongoClient(
        "mongodb://127.0.0.1:1/", connect=False, serverSelectionTimeoutMS=100
    )
    app = create_query_app(QuerySettings(env="test"), mongo=mongo)
    store = MemoryCredentialStore()
    app.state.credentials = store
    app.dependency_overrides[get_reader] = FakeReader
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://q") as http:
            yield http, store


async def test_the_query_api_needs_query_read(
    query_http: tuple[httpx.AsyncClient, MemoryCredentialStore],
) -> None:
    http, store = query_http
    path = "/api/v1/learners/account:x|1/timeline"
    xapi_only, xapi_secret = await create_credential(store, "LMS", ["all"])
    reader, reader_secret = await create_credential(store, "Dashboard", ["query/read"])
    assert (await http.get(path)).status_code == 401
    assert (await http.get(path, auth=(xapi_only.key, xapi_secret))).status_code == 403
    assert (await http.get(path, auth=(reader.key, reader_secret))).status_code == 200
    assert (await http.get(path, auth=("dev", "dev-secret"))).status_code == 200
