"""The xAPI API's answers to good and bad requests, with Kafka replaced by a fake."""

from __future__ import annotations

import httpx
import orjson
import pytest

from schemas.envelope import StatementEnvelope
from tests.statements import completion, learner_key_of
from tests.unit.fakes import FakePublisher, FakeStore


async def test_post_publishes_one_record_per_statement_keyed_by_learner(
    client: httpx.AsyncClient, publisher: FakePublisher
) -> None:
    first, second = completion("198503302010011002"), completion("199001012015031003")
    del second["id"]
    response = await client.post("/xapi/statements", json=[first, second])

    assert response.status_code == 200
    ids = response.json()
    assert ids[0] == first["id"] and len(ids) == 2 and ids[1] != first["id"]
    assert response.headers["X-Experience-API-Version"] == "1.0.3"
    keys = [key.decode() for key, _ in publisher.records]
    assert keys == [learner_key_of("198503302010011002"), learner_key_of("199001012015031003")]
    stored = [StatementEnvelope.from_bytes(value).statement for _, value in publisher.records]
    assert [s["id"] for s in stored] == ids
    assert stored[0]["authority"] == {
        "objectType": "Agent",
        "account": {"homePage": "https://lrs.palukota.go.id", "name": "dev"},
    }
    assert stored[0]["object"] == first["object"]


async def test_put_uses_the_statement_id_parameter(
    client: httpx.AsyncClient, publisher: FakePublisher
) -> None:
    statement = completion()
    statement_id = statement.pop("id")
    response = await client.put(
        "/xapi/statements", params={"statementId": statement_id}, json=statement
    )
    assert response.status_code == 204
    ((_, value),) = publisher.records
    assert StatementEnvelope.from_bytes(value).statement["id"] == statement_id

    other = completion()
    mismatch = await client.put(
        "/xapi/statements", params={"statementId": statement_id}, json=other
    )
    assert mismatch.status_code == 400


@pytest.mark.parametrize(
    ("body", "content_type", "status", "message"),
    [
        (b"{", "application/json", 400, "must be valid JSON"),
        (b"[]", "application/json", 400, "at least one statement"),
        (b'"text"', "application/json", 400, "statement object or an array"),
        (
            orjson.dumps({"verb": {"id": "x"}, "object": {}}),
            "application/json",
            400,
            "statement.actor",
        ),
        (
            orjson.dumps({**completion(), "id": "not-a-uuid"}),
            "application/json",
            400,
            "statement.id",
        ),
        (
            orjson.dumps({**completion(), "actor": {"mbox": "mailto:a@b.c", "openid": "http://x"}}),
            "application/json",
            400,
            "only one inverse functional identifier",
        ),
        (orjson.dumps([completion(), 3]), "application/json", 400, "statements[1]"),
        (b"x" * 5000, "application/json", 413, "larger than 4096"),
        (orjson.dumps(completion()), "text/plain", 415, "text/plain"),
        (b"", "application/json", 400, "no body"),
    ],
)
async def test_bad_bodies_are_refused_with_a_message_and_nothing_is_published(
    client: httpx.AsyncClient,
    publisher: FakePublisher,
    body: bytes,
    content_type: str,
    status: int,
    message: str,
) -> None:
    response = await client.post(
        "/xapi/statements", content=body, headers={"Content-Type": content_type}
    )
    assert response.status_code == status
    assert message in response.json()["error"]
    assert publisher.records == []


@pytest.mark.parametrize(
    ("version", "status"),
    [("1.0.3", 200), ("1.0.0", 200), ("2.0.0", 200), ("0.95", 400), ("3.0.0", 400), ("", 400)],
)
async def test_version_header_is_negotiated(
    client: httpx.AsyncClient, publisher: FakePublisher, version: str, status: int
) -> None:
    response = await client.post(
        "/xapi/statements", json=completion(), headers={"X-Experience-API-Version": version}
    )
    assert response.status_code == status
    if status == 200:
        stored = StatementEnvelope.from_bytes(publisher.records[-1][1]).statement
        assert stored["version"] == ("2.0.0" if version.startswith("2.") else "1.0.0")


async def test_wrong_or_missing_credentials_get_401(client: httpx.AsyncClient) -> None:
    wrong = await client.post("/xapi/statements", json=completion(), auth=("dev", "nope"))
    assert wrong.status_code == 401
    assert wrong.headers["WWW-Authenticate"].startswith("Basic")
    assert "nope" not in wrong.text


async def test_kafka_down_is_503_and_ready_says_so(
    client: httpx.AsyncClient, publisher: FakePublisher
) -> None:
    publisher.down = True
    response = await client.post("/xapi/statements", json=completion())
    assert response.status_code == 503
    assert "Kafka" in response.json()["error"]
    ready = await client.get("/ready")
    assert ready.status_code == 503
    assert ready.json()["checks"]["kafka"] is False


async def test_unknown_query_parameters_are_refused_clearly(client: httpx.AsyncClient) -> None:
    response = await client.get("/xapi/statements", params={"verbs": "http://x"})
    assert response.status_code == 400
    assert response.json()["error"].startswith("verbs:")
    assert "X-Experience-API-Consistent-Through" in response.headers


async def test_resending_a_stored_statement_is_a_no_op_and_other_content_a_conflict(
    client: httpx.AsyncClient, publisher: FakePublisher, store: FakeStore
) -> None:
    stored = completion()
    store.raw[stored["id"]] = orjson.dumps(
        {
            **stored,
            "stored": "2026-03-04T02:15:01.000Z",
            "version": "1.0.0",
            "authority": {"mbox": "mailto:other@x.org"},
            "timestamp": "2026-03-04T10:15:00+08:00",
        }
    ).decode()
    again = await client.post("/xapi/statements", json={**stored, "id": stored["id"].upper()})
    assert again.status_code == 200
    assert publisher.records == []

    changed = await client.put(
        "/xapi/statements",
        params={"statementId": stored["id"]},
        json={**stored, "verb": {"id": "http://adlnet.gov/expapi/verbs/failed"}},
    )
    assert changed.status_code == 409
    assert publisher.records == []


async def test_voiding_statement_is_keyed_by_its_target_learner(
    client: httpx.AsyncClient, publisher: FakePublisher, store: FakeStore
) -> None:
    target = completion("198503302010011002")
    store.learners[target["id"]] = learner_key_of("198503302010011002")
    voiding = completion(
        "199001012015031003",
        verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
        object={"objectType": "StatementRef", "id": target["id"]},
    )
    assert (await client.post("/xapi/statements", json=voiding)).status_code == 200
    assert publisher.records[0][0].decode() == learner_key_of("198503302010011002")

    not_a_ref = completion(verb={"id": "http://adlnet.gov/expapi/verbs/voided"})
    refused = await client.post("/xapi/statements", json=not_a_ref)
    assert refused.status_code == 400
    assert "StatementRef" in refused.json()["error"]


async def test_alternate_request_syntax_put_carries_headers_and_body_in_a_form(
    client: httpx.AsyncClient, publisher: FakePublisher
) -> None:
    statement = completion()
    form = {
        "statementId": statement["id"],
        "content": orjson.dumps(statement).decode(),
        "X-Experience-API-Version": "1.0.3",
        "Authorization": "Basic ZGV2OmRldi1zZWNyZXQ=",
    }
    # The form's Authorization and version win over the request's own (wrong) ones.
    response = await client.post(
        "/xapi/statements",
        params={"method": "PUT"},
        data=form,
        auth=("dev", "wrong"),
        headers={"X-Experience-API-Version": "9.9.9"},
    )
    assert response.status_code == 204, response.text
    assert StatementEnvelope.from_bytes(publisher.records[0][1]).statement["id"] == statement["id"]


@pytest.mark.parametrize(
    ("method", "params", "form", "message"),
    [
        ("PUT", {"method": "POST"}, {"content": "{}"}, "only accepted as a POST"),
        ("POST", {"method": "PUT", "statementId": "x"}, {"content": "{}"}, "only 'method'"),
        ("POST", {"method": "PUT"}, {"statementId": "x"}, "'content' form field"),
        ("POST", {"method": "PUT"}, {"content": "{}", "X-Experience-API-Version": "2.0.0"}, "2.0"),
    ],
)
async def test_alternate_request_syntax_refuses_what_the_spec_refuses(
    client: httpx.AsyncClient,
    publisher: FakePublisher,
    method: str,
    params: dict[str, str],
    form: dict[str, str],
    message: str,
) -> None:
    response = await client.request(method, "/xapi/statements", params=params, data=form)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert publisher.records == []


@pytest.mark.parametrize(("sent", "answered"), [("2.0.0", "2.0.0"), ("1.0.1", "1.0.3")])
async def test_response_version_follows_the_request(
    client: httpx.AsyncClient, sent: str, answered: str
) -> None:
    response = await client.post(
        "/xapi/statements", json=completion(), headers={"X-Experience-API-Version": sent}
    )
    assert response.headers["X-Experience-API-Version"] == answered


async def test_an_immediate_resend_is_judged_before_the_store_has_the_first_copy(
    client: httpx.AsyncClient, publisher: FakePublisher
) -> None:
    statement = completion()
    assert (await client.post("/xapi/statements", json=statement)).status_code == 200
    same = await client.post("/xapi/statements", json=statement)
    assert same.status_code == 200 and same.json() == [statement["id"]]
    other = {**statement, "verb": {"id": "http://adlnet.gov/expapi/verbs/failed"}}
    assert (await client.post("/xapi/statements", json=other)).status_code == 409
    assert len(publisher.records) == 1
