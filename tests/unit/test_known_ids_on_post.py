"""A POST reads the store only for ids the known-id filter may hold."""

from __future__ import annotations

import httpx
import orjson
import pytest

from services.ingest.known_ids import AskTheStore, KnownIds
from tests.statements import completion
from tests.unit.fakes import FakePublisher, FakeStore, IdSet

ALREADY_STORED = completion("198503302010011002")


@pytest.fixture
def known_ids() -> KnownIds:
    return IdSet([ALREADY_STORED["id"]])


@pytest.fixture
def store() -> FakeStore:
    store = FakeStore()
    store.raw[ALREADY_STORED["id"]] = orjson.dumps(ALREADY_STORED).decode()
    return store


async def test_new_ids_are_published_without_a_store_read(
    client: httpx.AsyncClient, publisher: FakePublisher, store: FakeStore
) -> None:
    fresh = [completion("199001012015031003"), completion("199212312020122004")]

    response = await client.post("/xapi/statements", json=fresh)

    assert response.status_code == 200
    assert store.id_reads == []
    assert len(publisher.records) == 2


async def test_an_id_the_filter_holds_is_checked_in_the_store(
    client: httpx.AsyncClient, publisher: FakePublisher, store: FakeStore
) -> None:
    fresh = completion("199001012015031003")
    changed = {**ALREADY_STORED, "verb": {"id": "http://adlnet.gov/expapi/verbs/failed"}}

    response = await client.post("/xapi/statements", json=[fresh, changed])

    assert response.status_code == 409
    assert store.id_reads == [[ALREADY_STORED["id"].lower()]]
    assert publisher.records == []


async def test_an_id_published_here_is_known_to_the_next_request(
    client: httpx.AsyncClient, known_ids: KnownIds, store: FakeStore
) -> None:
    fresh = completion("199001012015031003")

    assert (await client.post("/xapi/statements", json=fresh)).status_code == 200

    assert known_ids.may_be_known(fresh["id"])
    assert store.id_reads == []


def test_without_a_topic_to_follow_every_id_is_asked_of_the_store() -> None:
    assert AskTheStore().may_be_known(completion()["id"])
