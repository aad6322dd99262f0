"""Every scope against every (resource, method) of the xAPI, through the real ingest app.

Requests carry no parameters: an allowed one passes authorization and then gets an answer of
its own (200 or 400); a refused one gets 403, never 401.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import orjson
import pytest

from services.common.auth import resource_of
from services.common.credentials.scopes import (
    CATALOG,
    KNOWN_SCOPES,
    QUERY,
    REPORTS,
    Scope,
    allows,
)
from services.common.credentials.store import MemoryCredentialStore, create_credential
from services.ingest.acceptance import authority_of
from services.ingest.settings import IngestSettings
from services.ingest.statement_query import StatementQuery
from services.ingest.statement_store import StoredStatement
from tests.statements import completion
from tests.unit.credentials_support import http_client, ingest_app
from tests.unit.fakes import FakeStore

DOCUMENT_METHODS = ("GET", "HEAD", "PUT", "POST", "DELETE")
PAIRS: list[tuple[str, str]] = [
    *(("statements", m) for m in ("GET", "HEAD", "PUT", "POST")),
    *(("activities/state", m) for m in DOCUMENT_METHODS),
    *(("activities/profile", m) for m in DOCUMENT_METHODS),
    *(("agents/profile", m) for m in DOCUMENT_METHODS),
    ("activities", "GET"),
    ("activities", "HEAD"),
    ("agents", "GET"),
    ("agents", "HEAD"),
]
READ = {"GET", "HEAD"}


def expected(scope: str, resource: str, method: str) -> bool:
    """The spec's table, written out independently of the implementation's."""
    if scope == "all":
        return True
    if scope == "all/read":
        return method in READ
    if scope in ("statements/read", "statements/read/mine"):
        return resource == "statements" and method in READ
    if scope == "statements/write":
        return resource == "statements" and method in {"PUT", "POST"}
    if scope == "state":
        return resource == "activities/state"
    if scope == "profile":
        return resource in {"activities/profile", "agents/profile"}
    return False  # define, query/read, reports/read, catalog/write


@pytest.fixture(scope="module")
async def http_and_auth() -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, tuple[str, str]]]]:
    store = MemoryCredentialStore()
    auth: dict[str, tuple[str, str]] = {}
    for scope in sorted(KNOWN_SCOPES):
        credential, secret = await create_credential(store, f"only {scope}", [scope])
        auth[scope] = (credential.key, secret)
    async with http_client(ingest_app(IngestSettings(env="test"), store)) as http:
        yield http, auth


def test_the_table_matches_the_spec() -> None:
    for scope in KNOWN_SCOPES:
        for resource, method in PAIRS:
            assert allows({scope}, resource, method) == expected(scope, resource, method), (
                scope,
                resource,
                method,
            )
    assert allows({Scope.QUERY_READ.value}, QUERY, "GET")
    assert not allows({Scope.ALL.value, Scope.ALL_READ.value}, QUERY, "GET")
    assert allows({Scope.REPORTS_READ.value}, REPORTS, "GET")
    assert not allows({Scope.QUERY_READ.value, Scope.ALL.value}, REPORTS, "GET")
    assert not allows({Scope.REPORTS_READ.value}, QUERY, "GET")
    assert not allows({Scope.ALL.value}, "", "GET")
    assert allows({Scope.CATALOG_WRITE.value}, CATALOG, "PUT")
    assert allows({Scope.CATALOG_WRITE.value}, CATALOG, "GET")
    assert allows({Scope.REPORTS_READ.value}, CATALOG, "GET")
    assert not allows({Scope.REPORTS_READ.value, Scope.ALL.value}, CATALOG, "PUT")
    assert not allows({Scope.CATALOG_WRITE.value}, REPORTS, "GET")


def test_route_paths_map_to_resources() -> None:
    assert resource_of("/xapi/activities/state") == "activities/state"
    assert resource_of("/xapi/activities") == "activities"
    assert resource_of("/xapi/agents/profile") == "agents/profile"
    assert resource_of("/api/v1/learners/{learner:path}/timeline") == ""


async def test_every_scope_against_every_resource_and_method(
    http_and_auth: tuple[httpx.AsyncClient, dict[str, tuple[str, str]]],
) -> None:
    http, auth = http_and_auth
    wrong: list[tuple[str, str, str, int]] = []
    for scope in sorted(KNOWN_SCOPES):
        for resource, method in PAIRS:
            response = await http.request(method, f"/xapi/{resource}", auth=auth[scope])
            if expected(scope, resource, method):
                ok = response.status_code not in (401, 403) and response.status_code < 500
            else:
                ok = response.status_code == 403
            if not ok:
                wrong.append((scope, resource, method, response.status_code))
    assert wrong == []


async def test_a_403_names_no_secret_and_is_not_a_401(
    http_and_auth: tuple[httpx.AsyncClient, dict[str, tuple[str, str]]],
) -> None:
    http, auth = http_and_auth
    key, secret = auth["state"]
    response = await http.post("/xapi/statements", json={}, auth=(key, secret))
    assert response.status_code == 403
    assert "WWW-Authenticate" not in response.headers
    assert secret not in response.text
    assert "statements" in response.json()["error"]


async def test_the_about_resource_needs_no_credentials(
    http_and_auth: tuple[httpx.AsyncClient, dict[str, tuple[str, str]]],
) -> None:
    http, _ = http_and_auth
    assert (await http.get("/xapi/about")).status_code == 200


async def test_cors_is_off_by_default_and_answers_preflight_when_configured() -> None:
    store = MemoryCredentialStore()
    async with http_client(ingest_app(IngestSettings(env="test"), store)) as http:
        plain = await http.get("/xapi/about", headers={"Origin": "https://lms.example"})
        assert "access-control-allow-origin" not in plain.headers
    settings = IngestSettings(env="test", cors_origins="https://lms.example, https://b.example")
    async with http_client(ingest_app(settings, store)) as http:
        preflight = await http.options(
            "/xapi/statements",
            headers={
                "Origin": "https://lms.example",
                "Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": "Authorization, X-Experience-API-Version",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "https://lms.example"
        simple = await http.get("/xapi/about", headers={"Origin": "https://lms.example"})
        exposed = simple.headers["access-control-expose-headers"].lower()
        assert "etag" in exposed and "x-experience-api-consistent-through" in exposed
        unauthorized = await http.get("/xapi/statements", headers={"Origin": "https://lms.example"})
        assert unauthorized.status_code == 401
        assert unauthorized.headers["access-control-allow-origin"] == "https://lms.example"


class QueryableStore(FakeStore):
    async def query(self, query: StatementQuery) -> list[StoredStatement]:
        stored = datetime(2026, 1, 1, tzinfo=UTC)
        return [StoredStatement(i, raw, stored) for i, raw in sorted(self.raw.items())]


async def test_read_mine_sees_only_the_statements_it_stored() -> None:
    home = "https://lrs.example"
    credentials, statements = MemoryCredentialStore(), QueryableStore()
    mine, mine_secret = await create_credential(credentials, "LMS", ["statements/read/mine"])
    everyone, everyone_secret = await create_credential(credentials, "BI", ["statements/read"])
    own, other = str(uuid.uuid4()), str(uuid.uuid4())
    for statement_id, client_id in ((own, mine.key), (other, "someone-else")):
        statement = completion()
        statement.update(id=statement_id, authority=authority_of(client_id, home))
        statements.raw[statement_id] = orjson.dumps(statement).decode()
    settings = IngestSettings(env="test", lrs_home_page=home)
    async with http_client(ingest_app(settings, credentials, statements)) as http:
        auth = (mine.key, mine_secret)
        assert (
            await http.get("/xapi/statements", params={"statementId": own}, auth=auth)
        ).status_code == 200
        assert (
            await http.get("/xapi/statements", params={"statementId": other}, auth=auth)
        ).status_code == 404
        listed = (await http.get("/xapi/statements", auth=auth)).json()["statements"]
        assert [s["id"] for s in listed] == [own]
        wide = (await http.get("/xapi/statements", auth=(everyone.key, everyone_secret))).json()
        assert sorted(s["id"] for s in wide["statements"]) == sorted([own, other])
