"""The demo's faults: voids of existing statements (some first), late statements and roster
rows, duplicates, unmapped activities."""

from __future__ import annotations

from services.competency.catalog import Catalog
from services.competency.catalog_loader import load_catalog, read_catalog_dir
from services.demo.loading import readable_id
from tests.unit.demo_support import small_demo

VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def test_voids_reference_statements_of_the_demo_and_a_few_come_first() -> None:
    demo = small_demo()
    statements = demo.statements()
    by_id = {s["id"]: s for s in statements}
    voids = [s for s in statements if s["verb"]["id"] == VOIDED]
    assert voids and demo.counts["voided"] == len(voids)
    for void in voids:
        target = by_id[void["object"]["id"]]
        assert target["verb"]["id"] != VOIDED
    assert demo.first and all(s["verb"]["id"] == VOIDED for s in demo.first)
    main_ids = {s["id"] for s in demo.main}
    assert {s["object"]["id"] for s in demo.first} <= main_ids
    assert any(s["verb"]["id"] == VOIDED for s in demo.late)


def test_duplicates_are_resent_unchanged_and_late_statements_are_months_old() -> None:
    demo = small_demo()
    main = {s["id"]: s for s in demo.main}
    again = [s for s in demo.late if s["id"] in main]
    assert len(again) == demo.counts["duplicates"] > 0
    assert all(main[s["id"]] == s for s in again)
    late = [s for s in demo.late if s["id"] not in main and s["verb"]["id"] != VOIDED]
    assert len(late) == demo.counts["late_statements"] > 0
    assert all(s["timestamp"][5:7] <= "09" for s in late)


def test_late_joiners_have_statements_before_their_roster_rows() -> None:
    demo = small_demo()
    late_nips = {p.nip for p in demo.late_roster}
    assert late_nips and not late_nips & {p.nip for p in demo.roster}
    sent_first = {s["actor"].get("account", {}).get("name") for s in demo.first + demo.main}
    sent_first |= {s["actor"].get("mbox") for s in demo.first + demo.main}
    for person in demo.late_roster:
        assert person.nip in sent_first or f"mailto:{person.email}" in sent_first


def test_some_activities_are_mapped_nowhere() -> None:
    catalog = load_catalog(read_catalog_dir())
    assert isinstance(catalog, Catalog)
    form = "https://lrs.palukota.go.id/xapi/extensions/development-form"
    unmapped = {
        s["object"]["id"]
        for s in small_demo().statements()
        if "context" in s
        and form not in s["context"]["extensions"]
        and s["object"]["id"] not in catalog.activities
    }
    assert unmapped


def test_the_probe_after_loading_is_a_statement_no_void_takes_back() -> None:
    demo = small_demo()
    voided = {s["object"]["id"] for s in demo.statements() if s["verb"]["id"] == VOIDED}
    assert readable_id(demo.statements()) not in voided
