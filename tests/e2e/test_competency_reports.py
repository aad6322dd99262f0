"""Statements posted over HTTP count in the learner's year; voiding one takes it back out.

JP by hand (seed catalog, Palu time): the e-learning course 3 JP (its 6, capped at 3 a day),
the two-day seminar 2 x 4 = 8 JP: 11 JP of the 20 JP target.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
from typer.testing import CliRunner

from services.competency.cli import app as cli
from services.competency.xapi_conventions import Extension
from tests.competency_statements import E_LEARNING, SEMINAR, SITI, learning, voiding
from tests.fixtures.infrastructure import Endpoints, Names
from tests.fixtures.pipeline import CREDENTIALS, XAPI_HEADERS, Pipeline


async def test_posted_statements_count_in_the_learners_year(
    pipeline: Pipeline, infrastructure: Endpoints, names: Names, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(f"nip,name,status,unit_code,position_category\n{SITI},Siti,PNS,DKI,jpt\n")
    imported = await asyncio.to_thread(
        CliRunner().invoke, cli, ["roster", "import", str(roster)], env=names.env(infrastructure)
    )
    assert imported.exit_code == 0, imported.output
    seminar = learning("completed", SEMINAR, "2025-08-14T16:00", extensions={Extension.DAYS: 2})
    course = learning("completed", E_LEARNING, "2025-03-10T10:00")
    async with httpx.AsyncClient(auth=CREDENTIALS, headers=XAPI_HEADERS, timeout=30) as http:
        year = await post_then_read(http, pipeline, [course, seminar])
        assert (year["recognised_jp"], year["target_jp"], year["met"]) == (11, 20, False)
        assert [e["recognised_jp"] for e in year["events"]] == [3, 8]

        year = await post_then_read(http, pipeline, [voiding(seminar)])
        assert (year["recognised_jp"], year["shortfall"]) == (3, 17)

        report = await http.get(f"{pipeline.query_url}/api/v1/units/DKI/compliance?year=2025")
        assert report.status_code == 200, report.text
        assert report.json()["total"]["under_target"] == 1


async def post_then_read(
    http: httpx.AsyncClient, pipeline: Pipeline, statements: list[dict[str, Any]]
) -> dict[str, Any]:
    posted = await http.post(f"{pipeline.ingest_url}/xapi/statements", json=statements)
    assert posted.status_code == 200, posted.text
    # The GET waits until the aggregator applied (and projected) what was acknowledged.
    got = await http.get(
        f"{pipeline.ingest_url}/xapi/statements", params={"statementId": statements[-1]["id"]}
    )
    assert got.status_code == 200, got.text
    year = await http.get(f"{pipeline.query_url}/api/v1/learners/{SITI}/years/2025")
    assert year.status_code == 200, year.text
    body: dict[str, Any] = year.json()
    return body
