"""The State, Activity Profile, Agent Profile, Agents and About resources over HTTP.

Documents live in the in-memory store; Kafka and MongoDB are never reached.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from email.utils import parsedate_to_datetime

import httpx
import orjson
import pytest
from pymongo import AsyncMongoClient

from services.common.mongo import Document
from services.ingest.app import create_app
from services.ingest.routes.documents import get_document_store
from services.ingest.settings import IngestSettings
from tests.unit.fakes import CaughtUp, FakePublisher, FakeStore
from tests.unit.test_documents_memory_store import MemoryDocumentStore

AUTH = ("dev", "dev-secret")
V1 = {"X-Experience-API-Version": "1.0.3"}
V2 = {"X-Experience-API-Version": "2.0.0"}
AGENT = orjson.dumps({"objectType": "Agent", "name": "Rick", "mbox": "mailto:rick@x.org"})
STATE = {"activityId": "http://x.org/a", "agent": AGENT.decode(), "stateId": "s1"}
ACTIVITY_PROFILE = {"activityId": "http://x.org/a", "profileId": "p1"}
AGENT_PROFILE = {"agent": AGENT.decode(), "profileId": "p1"}


@pytest.fixture
async def transport() -> AsyncIterator[httpx.ASGITransport]:
    mongo: AsyncMongoClient[Document] = AsyncMongoClient(
        "mongodb://127.0.0.1:1/", connect=False, serverSelectionTimeoutMS=100
    )
    app = create_app(
        IngestSettings(max_body_bytes=4096),
        publisher=FakePublisher(),
        mongo=mongo,
        store=FakeStore(),
        applied=CaughtUp(),
    )
    documents = MemoryDocumentStore()
    app.dependency_overrides[get_document_store] = lambda: documents
    async with app.router.lifespan_context(app):
        yield httpx.ASGITransport(app=app)


@pytest.fixture
async def client(transport: httpx.ASGITransport) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=transport, base_url="http://lrs", auth=AUTH, headers=V1
    ) as http:
        yield http


async def test_a_document_comes_back_byte_for_byte_with_its_type_etag_and_date(
    client: httpx.AsyncClient,
) -> None:
    body = bytes(range(256))
    put = await client.put(
        "/xapi/activities/state",
        params=STATE,
        content=body,
        headers={"Content-Type": "application/octet-stream"},
    )
    got = await client.get("/xapi/activities/state", params=STATE)
    head = await client.head("/xapi/activities/state", params=STATE)

    assert put.status_code == 204
    assert got.status_code == 200
    assert got.content == body
    assert got.headers["Content-Type"] == "application/octet-stream"
    etag = got.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) == 42
    assert parsedate_to_datetime(got.headers["Last-Modified"]).tzinfo is not None
    assert head.status_code == 200
    assert head.headers["ETag"] == etag


async def test_text_types_are_served_as_stored(client: httpx.AsyncClient) -> None:
    await client.put(
        "/xapi/activities/state",
        params=STATE,
        content=b"hello",
        headers={"Content-Type": "text/plain"},
    )
    got = await client.get("/xapi/activities/state", params=STATE)
    assert got.headers["Content-Type"] == "text/plain"


async def test_post_merges_and_the_id_list_names_the_documents(
    client: httpx.AsyncClient,
) -> None:
    assert (await client.post("/xapi/activities/state", params=STATE, json={"a": 1})).is_success
    assert (await client.post("/xapi/activities/state", params=STATE, json={"b": 2})).is_success
    refused = await client.post(
        "/xapi/activities/state", params=STATE, content=b"abc", headers={"Content-Type": "x/y"}
    )

    got = await client.get("/xapi/activities/state", params=STATE)
    listing = {k: v for k, v in STATE.items() if k != "stateId"}
    ids = await client.get(
        "/xapi/activities/state", params={**listing, "since": "2000-01-01T00:00:00Z"}
    )
    later = await client.get(
        "/xapi/activities/state", params={**listing, "since": "2999-01-01T00:00:00Z"}
    )

    assert refused.status_code == 400
    assert got.json() == {"a": 1, "b": 2}
    assert ids.json() == ["s1"]
    assert "Last-Modified" in ids.headers
    assert later.json() == []


async def test_a_state_delete_without_an_id_empties_the_scope(client: httpx.AsyncClient) -> None:
    for state_id in ("s1", "s2"):
        await client.put("/xapi/activities/state", params={**STATE, "stateId": state_id}, json={})
    listing = {k: v for k, v in STATE.items() if k != "stateId"}

    deleted = await client.delete("/xapi/activities/state", params=listing)

    assert deleted.status_code == 204
    assert (await client.get("/xapi/activities/state", params=listing)).json() == []
    assert (await client.get("/xapi/activities/state", params=STATE)).status_code == 404


@pytest.mark.parametrize(
    ("path", "params"),
    [("/xapi/activities/profile", ACTIVITY_PROFILE), ("/xapi/agents/profile", AGENT_PROFILE)],
)
async def test_profiles_want_a_precondition_on_put(
    client: httpx.AsyncClient, path: str, params: dict[str, str]
) -> None:
    blind_new = await client.put(path, params=params, json={"v": 0})
    created = await client.put(path, params=params, json={"v": 1}, headers={"If-None-Match": "*"})
    blind_over = await client.put(path, params=params, json={"v": 2})
    again = await client.put(path, params=params, json={"v": 2}, headers={"If-None-Match": "*"})
    etag = (await client.get(path, params=params)).headers["ETag"]
    stale = await client.put(path, params=params, json={"v": 3}, headers={"If-Match": '"1234"'})
    current = await client.put(path, params=params, json={"v": 4}, headers={"If-Match": etag})

    assert blind_new.status_code == 400
    assert created.status_code == 204
    assert blind_over.status_code == 409
    assert "If-Match" in blind_over.json()["error"]
    assert (again.status_code, stale.status_code, current.status_code) == (412, 412, 204)
    assert (await client.get(path, params=params)).json() == {"v": 4}


async def test_state_puts_without_preconditions_overwrite_in_1_0_and_conflict_in_2_0(
    client: httpx.AsyncClient,
) -> None:
    first = await client.put("/xapi/activities/state", params=STATE, json={"v": 1})
    overwrite = await client.put("/xapi/activities/state", params=STATE, json={"v": 2})
    conflict = await client.put("/xapi/activities/state", params=STATE, json={"v": 3}, headers=V2)

    assert (first.status_code, overwrite.status_code, conflict.status_code) == (204, 204, 409)
    assert (await client.get("/xapi/activities/state", params=STATE)).json() == {"v": 2}


async def test_delete_with_a_stale_etag_keeps_the_document(client: httpx.AsyncClient) -> None:
    await client.post("/xapi/agents/profile", params=AGENT_PROFILE, json={"a": 1})
    stale = await client.delete(
        "/xapi/agents/profile", params=AGENT_PROFILE, headers={"If-Match": '"1234"'}
    )
    etag = (await client.get("/xapi/agents/profile", params=AGENT_PROFILE)).headers["ETag"]
    fresh = await client.delete(
        "/xapi/agents/profile", params=AGENT_PROFILE, headers={"If-Match": etag}
    )

    assert (stale.status_code, fresh.status_code) == (412, 204)
    assert (await client.get("/xapi/agents/profile", params=AGENT_PROFILE)).status_code == 404


@pytest.mark.parametrize(
    ("method", "params", "headers"),
    [
        ("GET", {**STATE, "agent": "not JSON"}, V1),
        ("GET", {"agent": AGENT.decode()}, V1),
        ("PUT", {**STATE, "registration": "true"}, V1),
        ("DELETE", {"activityId": "http://x.org/a"}, V1),
        ("GET", STATE, {"X-Experience-API-Version": "0.9"}),
    ],
)
async def test_bad_requests_get_400(
    client: httpx.AsyncClient, method: str, params: dict[str, str], headers: dict[str, str]
) -> None:
    path = "/xapi/activities/profile" if method == "DELETE" else "/xapi/activities/state"
    response = await client.request(method, path, params=params, headers=headers, json={})
    assert response.status_code == 400


async def test_documents_need_credentials(client: httpx.AsyncClient) -> None:
    response = await client.get("/xapi/activities/state", params=STATE, auth=("dev", "wrong"))
    assert response.status_code == 401


async def test_the_agents_resource_returns_the_person_of_the_agent(
    client: httpx.AsyncClient,
) -> None:
    person = await client.get("/xapi/agents", params={"agent": AGENT.decode()})
    group = await client.get(
        "/xapi/agents", params={"agent": '{"objectType": "Group", "mbox": "mailto:t@x.org"}'}
    )
    missing = await client.get("/xapi/agents")

    assert person.json() == {
        "objectType": "Person",
        "name": ["Rick"],
        "mbox": ["mailto:rick@x.org"],
    }
    assert (group.status_code, missing.status_code) == (400, 400)


async def test_about_needs_neither_credentials_nor_a_version(
    transport: httpx.ASGITransport,
) -> None:
    async with httpx.AsyncClient(transport=transport, base_url="http://lrs") as anonymous:
        response = await anonymous.get("/xapi/about")
        head = await anonymous.head("/xapi/about")

    assert response.json() == {"version": ["1.0.3", "2.0.0"], "extensions": {}}
    assert head.status_code == 200
