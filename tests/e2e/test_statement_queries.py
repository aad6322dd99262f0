"""Statement queries through the real pipeline: every filter, paging, voiding, attachments."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import httpx
import orjson

from services.ingest.attachments.multipart import AttachmentPart, read_multipart, write_multipart
from tests.fixtures.pipeline import CREDENTIALS, XAPI_HEADERS, Pipeline
from tests.statements import completion

VOIDED = "http://adlnet.gov/expapi/verbs/voided"
ATTENDED = "http://adlnet.gov/expapi/verbs/attended"
COURSE = "https://lms.example.go.id/course/etika-pelayanan-publik"
PARENT = "https://lms.example.go.id/program/latsar-cpns"


async def _ids(http: httpx.AsyncClient, url: str, **params: str) -> list[str]:
    response = await http.get(url, params=params)
    assert response.status_code == 200, response.text
    return [s["id"] for s in response.json()["statements"]]


async def test_filters_paging_and_voiding(pipeline: Pipeline) -> None:
    registration = str(uuid.uuid4())
    siti, budi = "198503302010011002", "199001012015031003"
    a = completion(siti)
    b = completion(
        siti,
        verb={"id": ATTENDED, "display": {"en-US": "attended"}},
        context={"registration": registration, "contextActivities": {"parent": {"id": PARENT}}},
    )
    c = completion(budi, context={"instructor": {"mbox": "mailto:pelatih@palukota.go.id"}})
    url = f"{pipeline.ingest_url}/xapi/statements"
    agent = orjson.dumps(
        {"account": {"homePage": "https://siasn.bkn.go.id", "name": siti}}
    ).decode()
    instructor = orjson.dumps({"mbox": "mailto:pelatih@palukota.go.id"}).decode()
    async with httpx.AsyncClient(auth=CREDENTIALS, headers=XAPI_HEADERS, timeout=30) as http:
        for statement in (a, b, c):
            assert (await http.post(url, json=statement)).status_code == 200

        assert sorted(await _ids(http, url, agent=agent)) == sorted([a["id"], b["id"]])
        assert await _ids(http, url, verb=ATTENDED) == [b["id"]]
        assert await _ids(http, url, registration=registration.upper()) == [b["id"]]
        assert await _ids(http, url, activity=PARENT) == []
        assert await _ids(http, url, activity=PARENT, related_activities="true") == [b["id"]]
        assert await _ids(http, url, agent=instructor) == []
        assert await _ids(http, url, agent=instructor, related_agents="true") == [c["id"]]

        # Newest stored first; `more` pages resume after the last one, ascending too.
        everything = await _ids(http, url)
        assert everything == [c["id"], b["id"], a["id"]]
        first = (await http.get(url, params={"limit": "2"})).json()
        second = (await http.get(pipeline.ingest_url + first["more"])).json()
        assert [s["id"] for s in first["statements"] + second["statements"]] == everything
        assert second["more"] == ""
        assert await _ids(http, url, ascending="true") == everything[::-1]

        voiding = completion(
            siti, verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": a["id"]}
        )
        assert (await http.post(url, json=voiding)).status_code == 200
        assert (await http.get(url, params={"statementId": a["id"]})).status_code == 404
        voided = await http.get(url, params={"voidedStatementId": a["id"]})
        assert voided.status_code == 200 and voided.json()["id"] == a["id"]
        # The voiding statement matches the voided one's filters (StatementRef rule).
        assert await _ids(http, url, agent=agent) == [voiding["id"], b["id"]]


async def test_attachment_round_trip(pipeline: Pipeline) -> None:
    content = b"%PDF-1.4 sertifikat\r\n--not-a-boundary\x00\xff"
    sha2 = hashlib.sha256(content).hexdigest()
    statement: dict[str, Any] = completion()
    statement["attachments"] = [{
        "usageType": "http://id.tincanapi.com/attachment/certificate-of-completion",
        "display": {"id-ID": "Sertifikat"}, "contentType": "application/pdf",
        "length": len(content), "sha2": sha2,
    }]  # fmt: skip
    body, content_type = write_multipart(
        orjson.dumps(statement), [AttachmentPart(sha2, "application/pdf", content)]
    )
    url = f"{pipeline.ingest_url}/xapi/statements"
    async with httpx.AsyncClient(auth=CREDENTIALS, headers=XAPI_HEADERS, timeout=30) as http:
        without_part = await http.post(url, json=statement)
        assert without_part.status_code == 400
        posted = await http.post(url, content=body, headers={"Content-Type": content_type})
        assert posted.status_code == 200, posted.text
        got = await http.get(url, params={"statementId": statement["id"], "attachments": "true"})
    assert got.headers["content-type"].startswith("multipart/mixed")
    json_part, parts = read_multipart(got.content, got.headers["content-type"])
    assert orjson.loads(json_part)["id"] == statement["id"]
    assert parts == [AttachmentPart(sha2, "application/pdf", content)]
