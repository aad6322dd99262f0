"""A statement posted over HTTP comes back from the store and shows in the learner's timeline."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

import httpx

from tests.fixtures.pipeline import CREDENTIALS, XAPI_HEADERS, Pipeline
from tests.statements import completion, learner_key_of


async def test_post_then_get_and_timeline_through_kafka(pipeline: Pipeline) -> None:
    statement = completion()
    async with httpx.AsyncClient(auth=CREDENTIALS, headers=XAPI_HEADERS, timeout=30) as http:
        posted = await http.post(f"{pipeline.ingest_url}/xapi/statements", json=statement)
        assert posted.status_code == 200, posted.text
        assert posted.json() == [statement["id"]]
        assert posted.headers["X-Experience-API-Version"] == "1.0.3"

        # No polling: the GET itself waits until the aggregator applied what was acknowledged.
        got = await http.get(
            f"{pipeline.ingest_url}/xapi/statements", params={"statementId": statement["id"]}
        )
        assert got.status_code == 200, got.text
        stored = got.json()
        for key in ("id", "actor", "verb", "object", "result", "timestamp"):
            assert stored[key] == statement[key], key
        assert stored["authority"]["account"]["name"] == CREDENTIALS[0]
        assert stored["version"] == "1.0.0"
        consistent = datetime.fromisoformat(got.headers["X-Experience-API-Consistent-Through"])
        assert consistent >= datetime.fromisoformat(stored["stored"])

        learner = quote(learner_key_of(statement["actor"]["account"]["name"]), safe="")
        timeline = await http.get(f"{pipeline.query_url}/api/v1/learners/{learner}/timeline")
        assert timeline.status_code == 200, timeline.text
        events = timeline.json()["events"]
        assert [e["statement_id"] for e in events] == [statement["id"]]
        assert events[0]["verb"] == statement["verb"]["id"]
        assert events[0]["activity"] == statement["object"]["id"]


async def test_timeline_is_ordered_by_statement_timestamp_not_arrival(pipeline: Pipeline) -> None:
    nip = "199001012015031003"
    later = completion(nip, timestamp="2026-05-01T08:00:00Z")
    earlier = completion(nip, timestamp="2026-01-15T08:00:00Z")
    async with httpx.AsyncClient(auth=CREDENTIALS, headers=XAPI_HEADERS, timeout=30) as http:
        for statement in (later, earlier):
            response = await http.post(f"{pipeline.ingest_url}/xapi/statements", json=statement)
            assert response.status_code == 200, response.text
        await http.get(
            f"{pipeline.ingest_url}/xapi/statements", params={"statementId": earlier["id"]}
        )
        learner = quote(learner_key_of(nip), safe="")
        timeline = await http.get(f"{pipeline.query_url}/api/v1/learners/{learner}/timeline")
    assert [e["statement_id"] for e in timeline.json()["events"]] == [earlier["id"], later["id"]]
