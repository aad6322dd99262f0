"""Unit reports and downloads on the real store: data built by the aggregator's writer and
projection, read through the query API.

Seed catalog, Palu time, by hand:

- Siti (PNS, BID-DATA): e-learning (lms-nasional, government; pelayanan-publik + integritas,
  managerial) 3 JP (6 capped at 3 a day), certificate CERT-1; a two-day seminar (lms-provinsi,
  government; perekat-bangsa, socio-cultural) 2 x 4 = 8 JP. 11 JP. In 2024 one more e-learning
  enrolment (3 JP).
- Dewi (PNS, DISKOMINFO): e-learning 3 JP; the webinar (universitas, university; komunikasi,
  managerial), 90 minutes at 45 a JP = 2 JP. 5 JP, last on 5 May.
- Budi (PPPK, DISKOMINFO): two unmapped technical trainings (form 3) at their claimed JP:
  archives 10 JP with provider mitra-swasta (private), statistics 4.5 JP with provider
  kampus-x (not in providers.csv: unknown). 14.5 JP.
- Rudi (PNS, BID-DATA): nothing.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import openpyxl
import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.aggregator.competency_projection import CompetencyProjection
from services.aggregator.reference_data import ReferenceData, read_catalog
from services.aggregator.writer import StatementWriter
from services.common.mongo import Document
from services.competency.catalog_loader import SEED_DIR
from services.competency.roster import import_roster
from services.competency.xapi_conventions import Extension
from services.competency_store.collections import LEARNER_YEARS, UNIT_YEAR_REVISIONS, UNIT_YEARS
from services.competency_store.reference import store_roster, store_units
from services.competency_store.store import MongoCompetencyStore
from services.query.downloads import XLSX_TYPE
from tests.competency_statements import E_LEARNING, SEMINAR, SITI, learning, records, voiding
from tests.statements import SIASN

WEBINAR = "https://seminar.example.go.id/2025/webinar-komunikasi-publik"
ARCHIVES = "https://lms.untad.ac.id/course/tata-kelola-arsip"
STATISTICS = "https://lms.kampus.example/course/statistik"
DEWI, RUDI, BUDI = "199001012015032001", "199101012016032003", "PPPK-2025-000123"
STRANGER_A, STRANGER_B = "199201012017032004", "199301012018032005"
UNITS = (
    "code,name,parent_code,valid_from,opd\n"
    "PEMKOT,Pemerintah Kota Palu,,2000-01-01,false\n"
    "DISKOMINFO,Dinas Komunikasi dan Informatika,PEMKOT,2000-01-01,true\n"
    "BID-DATA,Bidang Data,DISKOMINFO,2016-01-01,false\n"
)
ROSTER = (
    "nip,name,status,unit_code,position_category\n"
    f"{SITI},Siti Rahma,PNS,BID-DATA,fungsional\n"
    f"{DEWI},Dewi,PNS,DISKOMINFO,pengawas\n"
    f"{BUDI},Budi,PPPK,DISKOMINFO,pelaksana\n"
    f"{RUDI},Rudi,PNS,BID-DATA,pelaksana\n"
)
API = "/api/v1"
NS = "https://lrs.palukota.go.id/xapi/competencies"


@pytest.fixture
async def loaded(database: AsyncDatabase[Document]) -> None:
    await store_units(database, UNITS)
    imported = import_roster(ROSTER)
    assert not imported.errors, imported.errors
    await store_roster(database, [row.value for row in imported.entries])
    store = MongoCompetencyStore(database)
    projection = CompetencyProjection(store, ReferenceData(store, read_catalog(SEED_DIR)))
    await projection.start()
    archives = learning("completed", ARCHIVES, "2025-10-20T16:00", nip=BUDI,
                        extensions={Extension.FORM: 3, Extension.JP_CLAIMED: 10,
                                    Extension.PROVIDER: "mitra-swasta"})  # fmt: skip
    archives["object"]["definition"] = {"name": {"id-ID": "Tata Kelola Arsip"}}
    statements = [
        learning("completed", E_LEARNING, "2024-11-05T10:00", registration="r-0"),
        learning("completed", E_LEARNING, "2025-03-10T10:00", registration="r-1",
                 extensions={Extension.CERTIFICATE: "CERT-1"}),
        learning("completed", SEMINAR, "2025-08-14T16:00", extensions={Extension.DAYS: 2}),
        learning("completed", E_LEARNING, "2025-04-01T10:00", nip=DEWI),
        learning("completed", WEBINAR, "2025-05-05T10:00", nip=DEWI, duration="PT1H30M"),
        archives,
        learning("completed", STATISTICS, "2025-11-03T10:00", nip=BUDI,
                 extensions={Extension.FORM: 3, Extension.JP_CLAIMED: 4.5,
                             Extension.PROVIDER: "kampus-x"}),
        learning("completed", SEMINAR, "2025-08-14T16:00", nip=STRANGER_A),
        learning("attended", SEMINAR, "2025-08-15T16:00", nip=STRANGER_A),
        learning("completed", SEMINAR, "2025-08-14T16:00", nip=STRANGER_B),
    ]  # fmt: skip
    batch = records(*statements)
    result = await StatementWriter(database).apply(batch)
    assert result.conflicts == []
    await projection.apply(batch)


async def get(http: httpx.AsyncClient, path: str) -> dict[str, Any]:
    """``path`` under the API, or a ``next`` URL as the API gave it."""
    response = await http.get(path if path.startswith(API) else f"{API}{path}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.usefixtures("loaded")
async def test_coverage_and_providers(query: httpx.AsyncClient) -> None:
    coverage = await get(query, "/units/PEMKOT/coverage?year=2025")
    assert coverage["learners"] == 4
    # Managerial: Siti's e-learning (3), Dewi's e-learning (3) and webinar (2).
    assert [(t["type"], t["learners"], t["events"], t["jp"]) for t in coverage["by_type"]] == [
        ("manajerial", 2, 3, 8),
        ("sosial_kultural", 1, 1, 8),
    ]
    assert [(c["code"], c["type"], c["learners"], c["events"], c["jp"])
            for c in coverage["competencies"]] == [
        ("integritas", "manajerial", 2, 2, 6),
        ("komunikasi", "manajerial", 1, 1, 2),
        ("pelayanan-publik", "manajerial", 2, 2, 6),
        ("perekat-bangsa", "sosial_kultural", 1, 1, 8),
    ]  # fmt: skip

    providers = await get(query, "/units/PEMKOT/providers?year=2025")
    # Government: Siti 2 enrolments (3 + 8), Dewi 1 (3): 2 learners, 3 enrolments, 14 JP.
    assert [(t["type"], t["learners"], t["enrolments"], t["jp"])
            for t in providers["by_type"]] == [
        ("government", 2, 3, 14),
        ("private", 1, 1, 10),
        ("university", 1, 1, 2),
        ("unknown", 1, 1, 4.5),
    ]  # fmt: skip
    assert [(p["provider"], p["type"], p["learners"], p["enrolments"], p["jp"])
            for p in providers["providers"]] == [
        ("kampus-x", "unknown", 1, 1, 4.5),
        ("lms-nasional", "government", 2, 2, 6),
        ("lms-provinsi", "government", 1, 1, 8),
        ("mitra-swasta", "private", 1, 1, 10),
        ("universitas", "university", 1, 1, 2),
    ]  # fmt: skip
    # BID-DATA alone: Siti and Rudi.
    assert (await get(query, "/units/BID-DATA/providers?year=2025"))["by_type"] == [
        {"type": "government", "learners": 1, "enrolments": 2, "jp": 11}
    ]


@pytest.mark.usefixtures("loaded")
async def test_inactive_and_compliance_pages(query: httpx.AsyncClient) -> None:
    quiet = await get(query, "/units/PEMKOT/inactive?year=2025")
    assert [i["nip"] for i in quiet["inactive"]] == [RUDI]
    # Since June: Dewi (last 5 May) too; two pages of one.
    first = await get(query, "/units/PEMKOT/inactive?year=2025&since=2025-06-01&status=PNS&limit=1")
    assert (first["learners"], first["inactive_count"]) == (3, 2)
    assert [(i["nip"], i["last_credited"]) for i in first["inactive"]] == [(DEWI, "2025-05-05")]
    second = await get(query, first["next"])
    assert ([i["nip"] for i in second["inactive"]], second["next"]) == ([RUDI], None)

    # PNS only: Rudi 20 short, Dewi 15, Siti 9; furthest behind first, two per page.
    first = await get(query, "/units/PEMKOT/compliance?year=2025&status=PNS&limit=2")
    assert (first["total"]["learners"], first["status"]) == (3, "PNS")
    assert [(m["nip"], m["shortfall"]) for m in first["under_target"]] == [(RUDI, 20), (DEWI, 15)]
    second = await get(query, first["next"])
    assert ([(m["nip"], m["shortfall"]) for m in second["under_target"]], second["next"]) == (
        [(SITI, 9)],
        None,
    )
    # The download lists every PNS, by NIP, as a workbook.
    sheet = await query.get(f"{API}/units/PEMKOT/compliance?year=2025&status=PNS",
                            headers={"Accept": XLSX_TYPE})  # fmt: skip
    assert sheet.status_code == 200, sheet.text
    assert 'filename="compliance-PEMKOT-2025-PNS.xlsx"' in sheet.headers["content-disposition"]
    worksheet = openpyxl.load_workbook(io.BytesIO(sheet.content)).active
    assert worksheet is not None
    rows = list(worksheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("nip", "name", "unit")
    assert [(r[0], r[3], r[5], r[7]) for r in rows[1:]] == [
        (SITI, "DISKOMINFO", 11, False),  # BID-DATA reports under DISKOMINFO
        (DEWI, "DISKOMINFO", 5, False),
        (RUDI, "DISKOMINFO", 0, False),
    ]

    mapping = await get(query, "/needs-mapping?limit=1")
    assert mapping["learners"][0]["statements"] == 2  # stranger A first: the most
    following = await get(query, mapping["next"])
    assert [item["statements"] for item in following["learners"]] == [1]
    assert following["next"] is None


@pytest.mark.usefixtures("loaded")
async def test_siasn_export_as_json_and_csv(query: httpx.AsyncClient) -> None:
    export = await get(query, "/units/PEMKOT/siasn-export?year=2025")
    assert [(r["nip"], r["jenisDiklatId"], r["namaKursus"], r["institusiPenyelenggara"],
             r["jumlahJam"], r["tanggalKursus"], r["tanggalSelesaiKursus"], r["tahunKursus"],
             r["nomorSertipikat"]) for r in export["records"]] == [
        (SITI, 16, "Etika Pelayanan Publik (example)", "LMS nasional (contoh)", 3,
         "10-03-2025", "10-03-2025", 2025, "CERT-1"),
        (SITI, 9, "Seminar Wawasan Kebangsaan (example)", "LMS BPSDM provinsi (contoh)", 8,
         "13-08-2025", "14-08-2025", 2025, None),
        (DEWI, 16, "Etika Pelayanan Publik (example)", "LMS nasional (contoh)", 3,
         "01-04-2025", "01-04-2025", 2025, None),
        (DEWI, 9, "Webinar Komunikasi Publik (example)", "Universitas (contoh)", 2,
         "05-05-2025", "05-05-2025", 2025, None),
        # 4.5 JP, half up: 5 hours; the statement's own name for an unmapped activity.
        (BUDI, 3, "Tata Kelola Arsip", "Mitra pelatihan swasta (contoh)", 10,
         "20-10-2025", "20-10-2025", 2025, None),
        (BUDI, 3, STATISTICS, "kampus-x", 5, "03-11-2025", "03-11-2025", 2025, None),
    ]  # fmt: skip

    response = await query.get(f"{API}/units/PEMKOT/siasn-export?year=2025&format=csv")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="siasn-kursus-PEMKOT-2025.csv"' in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == ["nip", "jenisDiklatId", "namaKursus", "institusiPenyelenggara",
                       "jumlahJam", "tanggalKursus", "tanggalSelesaiKursus", "tahunKursus",
                       "nomorSertipikat"]  # fmt: skip
    assert rows[1] == [SITI, "16", "Etika Pelayanan Publik (example)", "LMS nasional (contoh)",
                       "3", "10-03-2025", "10-03-2025", "2025", "CERT-1"]  # fmt: skip
    assert len(rows) == 7


@pytest.mark.usefixtures("loaded")
async def test_learner_filters_and_timeline(query: httpx.AsyncClient) -> None:
    year = await get(query, f"/learners/{SITI}/years/2025?from=2025-08-01")
    assert [e["activity"] for e in year["events"]] == [SEMINAR]
    assert year["recognised_jp"] == 11  # the totals stay the year's
    managerial = await get(query, f"/learners/{SITI}/years/2025?type=manajerial")
    assert [(e["activity"], e["provider"]) for e in managerial["events"]] == [
        (E_LEARNING, "lms-nasional")
    ]

    path = f"/learners/{SITI}/competency-timeline?from=2024-01-01&to=2025-12-31&limit=2"
    first = await get(query, path)
    assert (first["from"], first["to"], first["years"]) == ("2024-01-01", "2025-12-31",
                                                            [2024, 2025])  # fmt: skip
    assert [e["local_date"] for e in first["events"]] == ["2024-11-05", "2025-03-10"]
    second = await get(query, first["next"])
    assert ([e["local_date"] for e in second["events"]], second["next"]) == (["2025-08-14"], None)
    social = await get(query, f"/learners/{SITI}/competency-timeline?from=2024-01-01"
                              "&to=2025-12-31&type=sosial_kultural")  # fmt: skip
    assert [e["local_date"] for e in social["events"]] == ["2025-08-14"]


async def test_report_parameter_errors_are_problem_details(query: httpx.AsyncClient) -> None:
    for path, status in [
        (f"/learners/{SITI}/competency-timeline?from=2010-01-01&to=2025-12-31", 400),
        (f"/learners/{SITI}/years/2025?from=2025-09-01&to=2025-08-01", 400),
        ("/units/PEMKOT/inactive?year=2025&cursor=bm90LWEtY3Vyc29y", 400),
        ("/units/PEMKOT/coverage?year=2025&format=pdf", 400),
        ("/units/NOWHERE/providers?year=2025", 404),
    ]:
        response = await query.get(f"{API}{path}")
        assert response.status_code == status, (path, response.text)
        assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.usefixtures("loaded")
async def test_reports_follow_the_rollups_they_keep_between_requests(
    query: httpx.AsyncClient, database: AsyncDatabase[Document]
) -> None:
    """The query API keeps unit-years between reports and reads one again only when the
    aggregator changed it: a new event and a void show in the very next report."""
    before = await get(query, "/units/PEMKOT/compliance?year=2025&limit=10")
    assert jp_by_nip(before) == {RUDI: 0, DEWI: 5, SITI: 11, BUDI: 14.5}
    exported = await get(query, "/units/PEMKOT/siasn-export?year=2025")
    assert len(exported["records"]) == 6

    store = MongoCompetencyStore(database)
    projection = CompetencyProjection(store, ReferenceData(store, read_catalog(SEED_DIR)))
    await projection.start()
    siti = database["statements"].find({"learner": f"account:{SIASN}|{SITI}"})
    (siti_seminar,) = [doc async for doc in siti if SEMINAR in str(doc["raw"])]
    # Rudi's first event: a two-day seminar, 2 x 4 = 8 JP; Siti's seminar (8 JP) voided.
    batch = records(
        learning("completed", SEMINAR, "2025-09-18T16:00", nip=RUDI,
                 extensions={Extension.DAYS: 2}),
        voiding({"id": siti_seminar["_id"]}),
    )  # fmt: skip
    assert (await StatementWriter(database).apply(batch)).conflicts == []
    await projection.apply(batch)

    after = await get(query, "/units/PEMKOT/compliance?year=2025&limit=10")
    assert jp_by_nip(after) == {RUDI: 8, DEWI: 5, SITI: 3, BUDI: 14.5}
    assert after["total"]["recognised_jp"] == 30.5  # 30.5 - 8 + 8
    rows = (await get(query, "/units/PEMKOT/siasn-export?year=2025"))["records"]
    seminars = sorted((r["nip"], r["jumlahJam"]) for r in rows if r["jenisDiklatId"] == 9)
    assert seminars == sorted([(RUDI, 8), (DEWI, 2)])  # Dewi's webinar is form 9 too

    # A year written before the rollups kept SIASN records is exported from its learner-year.
    await database[LEARNER_YEARS].update_many({}, {"$unset": {"kursus": ""}})
    async for doc in database[UNIT_YEARS].find({}):
        members = dict(doc["members"])  # type: ignore[call-overload]
        for member in members.values():
            member.pop("kursus", None)
        await database[UNIT_YEARS].update_one({"_id": doc["_id"]}, {"$set": {"members": members}})
    bump = {"$inc": {"units.BID-DATA": 1, "units.DISKOMINFO": 1}}
    await database[UNIT_YEAR_REVISIONS].update_many({}, bump)
    assert (await get(query, "/units/PEMKOT/siasn-export?year=2025"))["records"] == rows


def jp_by_nip(report: dict[str, Any]) -> dict[str, float]:
    return {m["nip"]: m["recognised_jp"] for m in report["under_target"]}
