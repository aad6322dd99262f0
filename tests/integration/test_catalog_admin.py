"""The catalog edited through the admin API and the CLI on the real store, and the re-derive
that brings the learner-years in line with it.

JP by hand (Palu time): the archives course, once the catalog maps it to technical training
(form 3, programme basis) with 12 programme JP, counts 12 JP; the two-day seminar counts
2 x 4 JP under the seed's seminar rule and 2 x 5 JP under a rule version valid from 2025.
"""

from __future__ import annotations

import asyncio
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pymongo.asynchronous.database import AsyncDatabase
from typer.testing import CliRunner, Result

from services.aggregator.app import create_app as create_aggregator
from services.aggregator.competency_projection import CompetencyProjection
from services.aggregator.rederive import Rederiver
from services.aggregator.reference_data import ReferenceData
from services.aggregator.settings import AggregatorSettings
from services.aggregator.writer import StatementWriter
from services.common.mongo import Document
from services.competency.catalog_in_force import CatalogFiles
from services.competency.catalog_loader import SEED_DIR
from services.competency.cli import app as cli
from services.competency.xapi_conventions import Extension
from services.competency_store.collections import LEARNER_YEARS, UNIT_YEARS
from services.competency_store.rederive_requests import (
    RederiveStatus,
    read_rederive,
    request_rederive,
)
from services.competency_store.store import MongoCompetencyStore
from tests.competency_statements import SEMINAR, SITI, learning, records
from tests.fixtures.infrastructure import Endpoints, Names

CATALOG = "/api/v1/catalog"
UNITS = "code,name,parent_code,valid_from,opd\nPEMKOT,Pemerintah Kota Palu,,2000-01-01,true\n"
ROSTER = f"nip,name,status,unit_code,position_category\n{SITI},Siti Rahma,PNS,PEMKOT,fungsional\n"
ARCHIVES = "https://lms.untad.ac.id/course/tata-kelola-arsip"
ARCHIVES_ROW = f"{ARCHIVES},Tata Kelola Arsip,3,universitas,integritas,12,,false\n"
SEMINAR_2025 = '9,,2025-01-01,per_day,5,7,,,,unconfirmed,"test: 5 JP a day from 2025"\n'


def run_cli(endpoints: Endpoints, names: Names, *args: str) -> Result:
    env = {"LRS_MONGODB_URL": endpoints.mongodb_url, "LRS_MONGODB_DATABASE": names.database}
    return CliRunner().invoke(cli, list(args), env=env)


class Aggregator:
    """The aggregator's writer, projection and re-derive, driven step by step."""

    def __init__(self, db: AsyncDatabase[Document], catalog_dir: Path = SEED_DIR) -> None:
        self.db = db
        self.writer = StatementWriter(db)
        store = MongoCompetencyStore(db)
        reference = ReferenceData(store, CatalogFiles.read(catalog_dir))
        self.projection = CompetencyProjection(store, reference)

    async def apply(self, *statements: dict[str, Any]) -> None:
        batch = records(*statements)
        await self.writer.apply(batch)
        await self.projection.apply(batch)

    async def rederive(self) -> RederiveStatus:
        """Run the re-derive to its end, two learner-years a chunk."""
        rederiver = Rederiver(self.db, self.projection, chunk=2, poll_seconds=0.1)
        while await rederiver.step():
            pass
        status = await read_rederive(self.db)
        assert status is not None and not status.running and not status.pending
        return status


@pytest.fixture
async def aggregator(
    infrastructure: Endpoints, names: Names, database: AsyncDatabase[Document], tmp_path: Path
) -> Aggregator:
    (tmp_path / "units.csv").write_text(UNITS)
    (tmp_path / "roster.csv").write_text(ROSTER)
    for kind in ("units", "roster"):
        result = await asyncio.to_thread(
            run_cli, infrastructure, names, kind, "import", str(tmp_path / f"{kind}.csv")
        )
        assert result.exit_code == 0, result.output
    started = Aggregator(database)
    await started.projection.start()
    return started


async def test_a_bad_file_is_refused_with_its_lines_and_nothing_changes(
    aggregator: Aggregator, query: httpx.AsyncClient
) -> None:
    before = await query.get(CATALOG)
    assert before.status_code == 200, before.text
    version, tag = before.json()["version"], before.headers["etag"]
    assert tag == f'"{version}"'
    assert "activities.csv" in [f["name"] for f in before.json()["files"]]
    activities = await query.get(f"{CATALOG}/files/activities.csv")
    assert activities.headers["content-type"].startswith("text/csv")

    bad = (
        activities.text
        + f"{ARCHIVES},Tata Kelola Arsip,99,universitas,integritas,12,,false\n"
        + f"{ARCHIVES}/2,Arsip 2,3,universitas,nope,12,,false\n"
        + f"{ARCHIVES}/3,Arsip 3,3,universitas,integritas,-1,,false\n"
    )
    line = activities.text.count("\n") + 1
    answer = await put_file(query, "activities.csv", bad, tag)

    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["errors"] == [
        f"activities.csv:{line}: form: unknown form 99",
        f"activities.csv:{line + 1}: competencies: unknown competency code(s): nope",
        f"activities.csv:{line + 2}: jp: Input should be greater than or equal to 0",
    ]
    after = await query.get(CATALOG)
    assert (after.json()["version"], after.headers["etag"]) == (version, tag)
    assert (await query.get(f"{CATALOG}/files/activities.csv")).text == activities.text

    unnamed = await put_file(query, "nope.csv", "a,b\n1,2\n", tag)
    assert (unnamed.status_code, unnamed.json()["errors"]) == (
        422,
        ["nope.csv: not a catalog file"],
    )
    assert (await put_file(query, "activities.csv", activities.text, None)).status_code == 428
    stale = await put_file(query, "activities.csv", activities.text, f'"{"0" * 64}"')
    assert (stale.status_code, stale.headers["etag"]) == (412, tag)
    assert (await query.get(f"{CATALOG}/files/nope.csv")).status_code == 404
    names = [f["name"] for f in before.json()["files"]]
    texts = {n: (await query.get(f"{CATALOG}/files/{n}")).text for n in names}
    partial = {n: t for n, t in texts.items() if n != "targets.csv"}
    whole = await query.put(CATALOG, json=partial, headers={"If-Match": tag})
    assert (whole.status_code, whole.json()["errors"]) == (422, ["targets.csv: missing"])
    same = await query.put(CATALOG, json=texts, headers={"If-Match": "*"})
    assert (same.status_code, same.json()["version"]) == (200, version)
    history = (await query.get(f"{CATALOG}/history")).json()["changes"]
    assert [(c["version"], c["source"]) for c in history] == [(version, "files")]


async def test_mapping_an_activity_counts_its_kept_events_after_rederive(
    aggregator: Aggregator, query: httpx.AsyncClient
) -> None:
    course = learning("completed", ARCHIVES, "2025-09-01T10:00")
    await aggregator.apply(course, learning("completed", SEMINAR, "2025-08-14T16:00"))
    assert await recognised(query, 2025) == 4
    needs = (await query.get("/api/v1/needs-mapping")).json()["activities"]
    assert [a["activity"] for a in needs] == [ARCHIVES]

    before = await query.get(CATALOG)
    text = (await query.get(f"{CATALOG}/files/activities.csv")).text
    edited = await put_file(query, "activities.csv", text + ARCHIVES_ROW, before.headers["etag"])
    assert edited.status_code == 200, edited.text
    assert edited.headers["etag"] == f'"{edited.json()["version"]}"' != before.headers["etag"]
    assert (edited.json()["source"], edited.json()["changed_by"]) == ("api", "dev")
    status = await read_rederive(aggregator.db)
    assert status is not None and status.pending  # the edit asked for it

    done = await aggregator.rederive()

    assert await recognised(query, 2025) == 4 + 12
    assert (await query.get("/api/v1/needs-mapping")).json()["activities"] == []
    assert done.processed == 1
    history = (await query.get(f"{CATALOG}/history")).json()["changes"]
    assert [c["source"] for c in history] == ["api", "files"]
    assert history[0]["previous"] == before.json()["version"]


async def test_a_jp_rule_change_through_the_cli_recomputes_a_counted_year(
    infrastructure: Endpoints,
    names: Names,
    aggregator: Aggregator,
    query: httpx.AsyncClient,
    tmp_path: Path,
) -> None:
    seminar = learning("completed", SEMINAR, "2025-08-14T16:00", extensions={Extension.DAYS: 2})
    await aggregator.apply(seminar, learning("completed", SEMINAR, "2024-08-14T16:00"))
    await aggregator.rederive()  # the one the first start asked for: nothing to change
    assert (await recognised(query, 2025), await recognised(query, 2024)) == (8, 4)
    version = (await query.get(CATALOG)).json()["version"]

    exported = await asyncio.to_thread(run_cli, infrastructure, names, "catalog", "export",
                                       str(tmp_path / "catalog"))  # fmt: skip
    assert exported.exit_code == 0, exported.output
    rules = tmp_path / "catalog" / "jp_rules.csv"
    broken = tmp_path / "broken"
    shutil.copytree(tmp_path / "catalog", broken)
    (broken / "jp_rules.csv").write_text(rules.read_text() + "9,,2025-13-01,per_day,5\n")
    refused = await asyncio.to_thread(run_cli, infrastructure, names, "catalog", "load",
                                      str(broken))  # fmt: skip
    assert refused.exit_code == 1
    assert "jp_rules.csv:" in refused.output and "rejected: " in refused.output
    assert (await query.get(CATALOG)).json()["version"] == version

    rules.write_text(rules.read_text() + SEMINAR_2025)
    loaded = await asyncio.to_thread(run_cli, infrastructure, names, "catalog", "load",
                                     str(tmp_path / "catalog"))  # fmt: skip
    assert loaded.exit_code == 0, loaded.output
    assert "re-derive requested" in loaded.output
    assert await recognised(query, 2025) == 8  # counted under the old rule until re-derived

    done = await aggregator.rederive()

    assert (await recognised(query, 2025), await recognised(query, 2024)) == (10, 4)
    # Both years now name the catalog they were computed with; 2024 kept its JP.
    assert (done.processed, done.changed) == (2, 2)
    unit = await aggregator.db[UNIT_YEARS].find_one({"_id": "PEMKOT:2025"})
    assert unit is not None and unit["members"][SITI]["recognised_jp"] == "10.00"  # type: ignore[index]

    # Asked again (and waited for): the same years, nothing left to write.
    waiting = asyncio.create_task(asyncio.to_thread(
        run_cli, infrastructure, names, "rederive", "--year", "2025", "--wait"
    ))  # fmt: skip
    for _ in range(400):
        status = await read_rederive(aggregator.db)
        if status is not None and status.pending:
            break
        await asyncio.sleep(0.05)
    again = await aggregator.rederive()
    result = await waiting
    assert result.exit_code == 0, result.output
    assert (again.run_year, again.processed, again.changed) == (2025, 1, 0)
    assert "1 learner-year(s) recomputed, 0 written" in result.output


async def test_a_rederive_cut_off_midway_is_taken_over_from_its_cursor(
    aggregator: Aggregator,
) -> None:
    await aggregator.apply(
        *(learning("completed", SEMINAR, f"{year}-08-14T16:00") for year in (2023, 2024, 2025))
    )
    await aggregator.rederive()
    await request_rederive(aggregator.db, None, "test")
    lease = timedelta(milliseconds=300)
    first = Rederiver(aggregator.db, aggregator.projection, chunk=1, poll_seconds=0.1, lease=lease)
    assert await first.step()  # claimed
    assert await first.step()  # one learner-year done, then the process dies
    status = await read_rederive(aggregator.db)
    assert status is not None and status.running
    assert (status.cursor, status.processed) == (f"{SITI}:2023", 1)

    second = Rederiver(aggregator.db, aggregator.projection, chunk=1, poll_seconds=0.1, lease=lease)
    assert not await second.step()  # the lease still holds
    await asyncio.sleep(0.4)
    while await second.step():
        pass

    done = await read_rederive(aggregator.db)
    assert done is not None and not done.running
    assert (done.run, done.processed, done.total) == (status.run, 3, 3)
    assert not await first.step()  # the first owner finds the run is no longer its own


async def test_a_restart_with_unchanged_files_keeps_the_api_edit(
    infrastructure: Endpoints,
    names: Names,
    database: AsyncDatabase[Document],
    query: httpx.AsyncClient,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = tmp_path / "catalog"
    shutil.copytree(SEED_DIR, files)
    for key, value in names.env(infrastructure).items():
        monkeypatch.setenv(key, value)
    settings = AggregatorSettings(catalog_dir=files, consumer_group=f"g-{names.database}")

    async def restart() -> str:
        app = create_aggregator(settings)
        async with app.router.lifespan_context(app):
            pass
        return str((await query.get(CATALOG)).json()["version"])

    seed = await restart()
    targets = (await query.get(f"{CATALOG}/files/targets.csv")).text
    raised = targets.replace("\nPNS,2017,20,", "\nPNS,2017,24,")
    edited = await put_file(query, "targets.csv", raised, f'"{seed}"')
    assert edited.status_code == 200, edited.text

    assert await restart() == edited.json()["version"]  # same files: the edit stays

    (files / "targets.csv").write_text(targets.replace("\nPNS,2017,20,", "\nPNS,2017,22,"))
    from_files = await restart()
    assert from_files not in (seed, edited.json()["version"])
    history = (await query.get(f"{CATALOG}/history")).json()["changes"]
    assert [c["source"] for c in history] == ["files", "api", "files"]
    assert (await query.get(f"{CATALOG}/files/targets.csv")).text.count("\nPNS,2017,22,") == 1


async def put_file(
    http: httpx.AsyncClient, name: str, text: str, if_match: str | None
) -> httpx.Response:
    headers = {"Content-Type": "text/csv"}
    if if_match is not None:
        headers["If-Match"] = if_match
    return await http.put(f"{CATALOG}/files/{name}", content=text, headers=headers)


async def recognised(http: httpx.AsyncClient, year: int) -> float:
    response = await http.get(f"/api/v1/learners/{SITI}/years/{year}")
    assert response.status_code == 200, response.text
    return float(response.json()["recognised_jp"])


async def test_a_roster_import_that_moves_a_learner_rederives_her_years(
    aggregator: Aggregator, infrastructure: Endpoints, names: Names, tmp_path: Path
) -> None:
    """Siti's one-day seminar (4 JP) counted in PEMKOT; she moves to DISKOMINFO: after the
    re-derive the import requested, her year and its 4 JP are DISKOMINFO's, not PEMKOT's."""
    await aggregator.apply(learning("completed", SEMINAR, "2025-08-14T16:00"))
    db = aggregator.db
    before = await db[UNIT_YEARS].find_one({"_id": "PEMKOT:2025"})
    assert before is not None and len(before["members"]) == 1  # type: ignore[arg-type]
    served = await read_rederive(db)

    (tmp_path / "units.csv").write_text(
        UNITS + "DISKOMINFO,Dinas Komunikasi dan Informatika,PEMKOT,2000-01-01,true\n"
    )
    (tmp_path / "moved.csv").write_text(
        f"nip,name,status,unit_code,position_category\n{SITI},Siti Rahma,PNS,DISKOMINFO,"
        "fungsional\n"
    )
    for kind, name in (("units", "units.csv"), ("roster", "moved.csv")):
        result = await asyncio.to_thread(
            run_cli, infrastructure, names, kind, "import", str(tmp_path / name)
        )
        assert result.exit_code == 0, result.output
    assert "1 learner(s) changed unit or status: re-derive requested" in result.output
    requested = await read_rederive(db)
    assert requested is not None and requested.pending
    assert served is None or requested.requested == served.requested + 1

    done = await aggregator.rederive()
    year = await db[LEARNER_YEARS].find_one({"_id": f"{SITI}:2025"})
    assert year is not None and (year["unit"], year["recognised_jp"]) == ("DISKOMINFO", "4.00")
    moved_to = await db[UNIT_YEARS].find_one({"_id": "DISKOMINFO:2025"})
    assert moved_to is not None
    assert [m["recognised_jp"] for m in moved_to["members"].values()] == ["4.00"]  # type: ignore[attr-defined]
    left = await db[UNIT_YEARS].find_one({"_id": "PEMKOT:2025"})
    assert left is None or not left.get("members")

    # Importing the same rows again moves nobody and asks for nothing.
    again = await asyncio.to_thread(
        run_cli, infrastructure, names, "roster", "import", str(tmp_path / "moved.csv")
    )
    assert "re-derive requested" not in again.output
    after = await read_rederive(db)
    assert after is not None and after.requested == done.requested and not after.pending
