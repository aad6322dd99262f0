"""Competency rollups on the real store: roster imported with the CLI, statements applied by the
aggregator's writer and projection, reports read through the query API.

JP by hand (seed catalog, Palu time): the e-learning course counts its catalog 6 JP capped at
3 a day; a two-day seminar 2 x 4 JP; an unmapped activity that names technical training
(form 3) its claimed 10 JP. 3 + 8 + 10 = 21 JP, over the 20 JP target.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest
from pymongo.asynchronous.database import AsyncDatabase
from typer.testing import CliRunner, Result

from services.aggregator.competency_projection import CompetencyProjection
from services.aggregator.records import StatementRecord
from services.aggregator.reference_data import ReferenceData, read_catalog
from services.aggregator.writer import StatementWriter
from services.common.mongo import Document
from services.competency.catalog_loader import SEED_DIR
from services.competency.cli import app as cli
from services.competency.xapi_conventions import Extension
from services.competency_store.collections import (
    LEARNER_YEARS,
    ROSTER,
    UNIT_YEARS,
    UNMAPPED_EVENTS,
)
from services.competency_store.store import MongoCompetencyStore
from tests.competency_statements import E_LEARNING, SEMINAR, SITI, learning, records, voiding
from tests.fixtures.infrastructure import Endpoints, Names

UNITS = (
    "code,name,parent_code,valid_from,opd\n"
    "PEMKOT,Pemerintah Kota Palu,,2000-01-01,false\n"
    "DISKOMINFO,Dinas Komunikasi dan Informatika,PEMKOT,2000-01-01,true\n"
    "BID-DATA,Bidang Data,DISKOMINFO,2016-01-01,false\n"
)
ROSTER_CSV = (
    "nip,name,status,unit_code,position_category,email\n"
    f"{SITI},Siti Rahma,PNS,BID-DATA,fungsional,siti@palukota.go.id\n"
    "199001012015032001,Dewi,PNS,DISKOMINFO,pengawas,dewi@palukota.go.id\n"
    "199002302015032002,Salah,PNS,DISKOMINFO,pengawas,\n"  # 30 February: refused
)
ARCHIVES = "https://lms.untad.ac.id/course/tata-kelola-arsip"
STRANGER = "199101012016032003"
REPORTS = "/api/v1"


def run_cli(endpoints: Endpoints, names: Names, *args: str) -> Result:
    env = {"LRS_MONGODB_URL": endpoints.mongodb_url, "LRS_MONGODB_DATABASE": names.database}
    return CliRunner().invoke(cli, list(args), env=env)


@pytest.fixture
def endpoints_and_names(infrastructure: Endpoints, names: Names) -> tuple[Endpoints, Names]:
    return infrastructure, names


class Aggregator:
    """The aggregator's two write steps, as ``AggregatorLoop.apply`` calls them."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.writer = StatementWriter(db)
        store = MongoCompetencyStore(db)
        self.projection = CompetencyProjection(store, ReferenceData(store, read_catalog(SEED_DIR)))

    async def apply(self, batch: Sequence[StatementRecord]) -> None:
        result = await self.writer.apply(batch)
        assert result.conflicts == []
        await self.projection.apply(batch)


async def snapshot(db: AsyncDatabase[Document]) -> list[list[Document]]:
    return [
        [doc async for doc in db[name].find({}).sort("_id")]
        for name in (LEARNER_YEARS, UNIT_YEARS, UNMAPPED_EVENTS)
    ]


async def test_roster_statements_and_reports(
    endpoints_and_names: tuple[Endpoints, Names],
    database: AsyncDatabase[Document],
    query: httpx.AsyncClient,
    tmp_path: Path,
) -> None:
    endpoints, names = endpoints_and_names
    (tmp_path / "units.csv").write_text(UNITS)
    (tmp_path / "roster.csv").write_text(ROSTER_CSV)
    units = await asyncio.to_thread(run_cli, endpoints, names, "units", "import",
                                    str(tmp_path / "units.csv"))  # fmt: skip
    assert units.exit_code == 0, units.output
    roster = await asyncio.to_thread(run_cli, endpoints, names, "roster", "import",
                                     str(tmp_path / "roster.csv"))  # fmt: skip
    assert roster.exit_code == 1, roster.output
    assert "roster.csv:4: nip: NIP digits 1-8 (19900230) are not a birth date" in roster.output
    assert "imported 2 row(s); 1 error(s)" in roster.output
    assert await database[ROSTER].count_documents({}) == 2

    aggregator = Aggregator(database)
    await aggregator.projection.start()
    seminar = learning(
        "completed",
        SEMINAR,
        "2025-08-14T16:00",
        extensions={Extension.DAYS: 2, Extension.JP_CLAIMED: 16},
    )
    statements = [
        learning("completed", E_LEARNING, "2025-03-10T10:00", registration="r-1"),
        learning("passed", E_LEARNING, "2025-03-10T11:00", registration="r-1"),
        seminar,
        learning("completed", ARCHIVES, "2025-10-20T16:00",
                 actor={"mbox": "mailto:Siti@palukota.go.id"},  # through the crosswalk
                 extensions={Extension.FORM: 3, Extension.JP_CLAIMED: 10}),
        learning("completed", SEMINAR, "2025-08-14T16:00", nip=STRANGER),
    ]  # fmt: skip
    batch = records(*statements)
    await aggregator.apply(batch)

    year = await learner_year(query, SITI, 2025)
    assert (year["recognised_jp"], year["claimed_jp"], year["target_jp"]) == (21, 26, 20)
    assert (year["met"], year["shortfall"], year["credited_events"]) == (True, 0, 3)
    assert year["by_type"]["manajerial"] == 3 and year["by_type"]["sosial_kultural"] == 8
    assert year["untagged_jp"] == 10
    assert [(f["form"], f["jp"]) for f in year["by_form"]] == [(3, 10), (9, 8), (16, 3)]
    assert [e["recognised_jp"] for e in year["events"]] == [3, 0, 8, 10]

    # Redelivered: nothing changes, not even a revision.
    before = await snapshot(database)
    await aggregator.apply(batch)
    assert await snapshot(database) == before

    # Voiding the seminar removes its 8 JP everywhere.
    await aggregator.apply(records(voiding(seminar)))
    year = await learner_year(query, SITI, 2025)
    assert (year["recognised_jp"], year["met"], year["shortfall"]) == (13, False, 7)
    assert seminar["id"] not in [e["statement_id"] for e in year["events"]]

    report = await get(query, "/units/PEMKOT/compliance?year=2025")
    assert report["units"] == ["BID-DATA", "DISKOMINFO", "PEMKOT"]
    total = report["total"]
    assert (total["learners"], total["at_target"], total["under_target"]) == (2, 0, 2)
    assert total["distribution"]["10-15"] == 1 and total["distribution"]["0"] == 1
    assert report["by_unit"]["DISKOMINFO"]["learners"] == 2  # BID-DATA rolls up under it
    assert [(m["nip"], m["shortfall"]) for m in report["under_target"]] == [
        ("199001012015032001", 20),
        (SITI, 7),
    ]

    unmapped = await get(query, "/needs-mapping")
    assert unmapped["learners"] == [
        {"learner_key": f"account:https://siasn.bkn.go.id|{STRANGER}", "statements": 1}
    ]
    assert unmapped["activities"] == []

    # The roster learns the stranger: their kept statement counts from the next batch on.
    (tmp_path / "more.csv").write_text(
        f"nip,name,status,unit_code,position_category\n{STRANGER},Rudi,PNS,BID-DATA,pelaksana\n"
    )
    more = await asyncio.to_thread(run_cli, endpoints, names, "roster", "import",
                                   str(tmp_path / "more.csv"))  # fmt: skip
    assert more.exit_code == 0, more.output
    await aggregator.apply(records(learning("registered", SEMINAR, "2025-09-01T09:00")))
    assert (await learner_year(query, STRANGER, 2025))["recognised_jp"] == 4
    assert (await get(query, "/needs-mapping"))["learners"] == []
    report = await get(query, "/units/BID-DATA/compliance?year=2025")
    assert report["total"]["learners"] == 2


async def test_report_errors_are_problem_details(query: httpx.AsyncClient) -> None:
    missing = await query.get(f"{REPORTS}/learners/{STRANGER}/years/2025")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["title"] == "Not found"
    bad_year = await query.get(f"{REPORTS}/units/PEMKOT/compliance?year=twenty")
    assert (bad_year.status_code, bad_year.json()["status"]) == (400, 400)
    anonymous = await query.get(f"{REPORTS}/needs-mapping", auth=None)
    assert anonymous.status_code == 401


async def learner_year(http: httpx.AsyncClient, nip: str, year: int) -> dict[str, Any]:
    return await get(http, f"/learners/{nip}/years/{year}")


async def get(http: httpx.AsyncClient, path: str) -> dict[str, Any]:
    response = await http.get(f"{REPORTS}{path}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
