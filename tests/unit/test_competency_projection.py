"""The aggregator's competency projection over an in-memory store, JP worked out by hand.

Times are local to Palu (WITA, UTC+8). The seed catalog maps the e-learning course (form 16,
6 programme JP, capped at 3 JP a day) and the national-unity seminar (form 9, 4 JP a day).
"""

from __future__ import annotations

from decimal import Decimal
from decimal import Decimal as D
from typing import Any

import pytest

from services.aggregator import competency_projection
from services.aggregator.competency_projection import CompetencyProjection
from services.aggregator.reference_data import ReferenceData
from services.common.mongo import Document
from services.competency.catalog import Catalog
from services.competency.catalog_loader import replace_file
from services.competency.roster import RosterEntry, import_roster
from services.competency.statement_facts import StatementFacts
from services.competency.statement_facts import facts_of as read_facts
from services.competency.xapi_conventions import Extension
from services.competency_store.documents import outcomes_of
from services.competency_store.store import YearUpdate
from tests.competency_statements import (
    E_LEARNING,
    SEMINAR,
    SITI,
    learning,
    records,
    voiding,
)
from tests.unit.competency.memory_store import MemoryCompetencyStore
from tests.unit.competency.support import seed_catalog

HEADER = "nip,name,status,unit_code,position_category,email\n"
ROSTER = (
    HEADER + f"{SITI},Siti Rahma,PNS,DISKOMINFO,fungsional,siti@palukota.go.id\n"
    "PPPK-2025-000123,Budi,PPPK,BAPPEDA,pelaksana,budi@palukota.go.id\n"
)
ARCHIVES = "https://lms.untad.ac.id/course/tata-kelola-arsip"  # not in the catalog
ARCHIVES_COMPETENCY = "https://lms.example.go.id/competency/tata-kelola-arsip"
REGISTRATION = "9f1c6a56-1d7e-4a53-9a55-0d7a2f4f0c11"
SITI_2025 = f"{SITI}:2025"


def roster() -> list[RosterEntry]:
    imported = import_roster(ROSTER)
    assert not imported.errors, imported.errors
    return [row.value for row in imported.entries]


@pytest.fixture
async def store() -> MemoryCompetencyStore:
    memory = MemoryCompetencyStore()
    memory.import_roster(roster())
    return memory


async def projection_on(store: MemoryCompetencyStore) -> CompetencyProjection:
    projection = CompetencyProjection(store, ReferenceData(store, seed_catalog()))
    await projection.start()
    return projection


def the_year() -> list[dict[str, Any]]:
    return [
        # E-learning: the catalog's 6 JP, capped at 3 that day.
        learning("completed", E_LEARNING, "2025-03-10T10:00", registration=REGISTRATION),
        # The same enrolment passed: its completion counted already.
        learning("passed", E_LEARNING, "2025-03-10T11:00", registration=REGISTRATION),
        # A two-day seminar: 2 x 4 JP, whatever the 16 claimed.
        learning("completed", SEMINAR, "2025-08-14T16:00",
                 extensions={Extension.DAYS: 2, Extension.JP_CLAIMED: 16}),
        # An activity the catalog does not map, but the statement names its form (technical
        # training, programme JP): the claimed 10 JP, for a competency the catalog lacks.
        learning("completed", ARCHIVES, "2025-10-20T16:00",
                 extensions={Extension.FORM: 3, Extension.JP_CLAIMED: 10,
                             Extension.COMPETENCIES: ARCHIVES_COMPETENCY}),
        # Timeline only.
        learning("registered", SEMINAR, "2025-08-01T09:00"),
    ]  # fmt: skip


def jp_of(doc: dict[str, Any]) -> dict[str, Decimal]:
    return {o["statement_id"]: D(o["recognised_jp"]) for o in outcomes_of(doc)}


def jp(doc: dict[str, Any], name: str = "recognised_jp") -> Decimal:
    return D(doc[name])


async def test_a_year_is_summed_by_type_and_form_against_the_target(
    store: MemoryCompetencyStore,
) -> None:
    projection = await projection_on(store)
    statements = the_year()
    await projection.apply(records(*statements))

    year = store.years[SITI_2025]
    assert (jp(year), jp(year, "claimed_jp")) == (D(21), D(26))  # 3 + 8 + 10; 16 + 10 claimed
    assert (jp(year, "target_jp"), year["met"], jp(year, "shortfall")) == (D(20), True, D(0))
    assert year["credited_events"] == 3
    assert {kind: D(value) for kind, value in year["by_type"].items()} == {
        "teknis": 0,
        "manajerial": 3,  # the e-learning develops two managerial ones: counted once
        "sosial_kultural": 8,
        "pemerintahan": 0,
    }
    assert jp(year, "untagged_jp") == 10
    assert [(f["form"], D(f["jp"])) for f in year["by_form"]] == [(3, D(10)), (9, D(8)), (16, D(3))]
    completed, passed, seminar, archives, registered = (s["id"] for s in statements)
    assert jp_of(year) == {completed: 3, passed: 0, registered: 0, seminar: 8, archives: 10}
    outcome = {o["statement_id"]: o for o in outcomes_of(year)}
    assert outcome[completed]["capped_by"] == ["day"]
    assert outcome[passed]["not_credited"] == "enrolment_already_credited"
    assert outcome[registered]["not_credited"] == "timeline_only"
    assert jp(store.units["DISKOMINFO:2025"][SITI]) == 21
    assert store.unmapped == {}


async def test_the_same_batch_twice_changes_nothing(store: MemoryCompetencyStore) -> None:
    projection = await projection_on(store)
    batch = records(*the_year())
    await projection.apply(batch)
    before, writes = store.snapshot(), store.year_writes
    await projection.apply(batch)
    await projection.apply(list(reversed(batch)))  # a replay in other batches and order
    assert store.snapshot() == before
    assert store.year_writes == writes  # not even the revision moved


async def test_events_arriving_out_of_order_give_the_same_year(
    store: MemoryCompetencyStore,
) -> None:
    statements = the_year()
    at_once = MemoryCompetencyStore()
    at_once.import_roster(roster())
    await (await projection_on(at_once)).apply(records(*statements))
    projection = await projection_on(store)
    for statement in reversed(statements):
        await projection.apply(records(statement))
    assert store.years[SITI_2025]["outcomes"] == at_once.years[SITI_2025]["outcomes"]
    assert jp(store.years[SITI_2025]) == 21


async def test_voiding_removes_the_contribution_and_frees_the_day(
    store: MemoryCompetencyStore,
) -> None:
    projection = await projection_on(store)
    first = learning(
        "completed",
        ARCHIVES,
        "2025-05-05T09:00",
        extensions={Extension.FORM: 16, Extension.JP_CLAIMED: 2},
    )
    second = learning("completed", f"{ARCHIVES}/2", "2025-05-05T14:00",
                      extensions={Extension.FORM: 16, Extension.JP_CLAIMED: 2})  # fmt: skip
    await projection.apply(records(first, second))
    assert jp_of(store.years[SITI_2025]) == {first["id"]: 2, second["id"]: 1}  # 3 JP a day
    store.keep_statements([first, second])

    await projection.apply(records(voiding(first)))

    year = store.years[SITI_2025]
    assert jp_of(year)[second["id"]] == 2  # the room of the voided one is free again
    assert jp(year) == 2
    assert [o["voided"] for o in outcomes_of(year)] == [True, False]
    assert jp(store.units["DISKOMINFO:2025"][SITI]) == 2


async def test_a_voiding_statement_may_arrive_before_its_target(
    store: MemoryCompetencyStore,
) -> None:
    projection = await projection_on(store)
    target = learning("completed", SEMINAR, "2025-08-14T16:00")
    await projection.apply(records(voiding(target)))
    assert set(store.pending) == {target["id"]}

    await projection.apply(records(target))

    year = store.years[SITI_2025]
    assert jp(year) == 0
    assert [o["voided"] for o in outcomes_of(year)] == [True]
    assert store.pending == {}


async def test_a_target_and_its_void_in_one_batch(store: MemoryCompetencyStore) -> None:
    projection = await projection_on(store)
    target = learning("completed", SEMINAR, "2025-08-14T16:00")
    await projection.apply(records(target, voiding(target)))
    assert jp(store.years[SITI_2025]) == 0
    assert store.pending == {}


async def test_unknown_learners_and_activities_are_kept_and_not_counted(
    store: MemoryCompetencyStore,
) -> None:
    projection = await projection_on(store)
    stranger = learning("completed", SEMINAR, "2025-08-14T16:00", nip="199001012015032001")
    unmapped = learning("completed", ARCHIVES, "2025-09-01T10:00")  # no form: cannot count
    await projection.apply(records(stranger, unmapped))

    assert store.unmapped[stranger["id"]]["gaps"] == ["learner"]
    assert store.unmapped[unmapped["id"]]["gaps"] == ["activity"]
    assert set(store.years) == {SITI_2025}
    year = store.years[SITI_2025]
    assert jp(year) == 0
    assert outcomes_of(year)[0]["not_credited"] == "needs_mapping"


async def test_an_e_mail_resolves_through_the_crosswalk(store: MemoryCompetencyStore) -> None:
    projection = await projection_on(store)
    by_mail = learning("attended", SEMINAR, "2025-08-14T16:00",
                       actor={"mbox": "mailto:Budi@palukota.go.id"})  # fmt: skip
    await projection.apply(records(by_mail))
    year = store.years["PPPK-2025-000123:2025"]
    assert (jp(year), jp(year, "target_jp")) == (D(4), D(20))  # one seminar day
    assert year["unit"] == "BAPPEDA"


async def test_a_late_statement_lands_in_its_own_year(store: MemoryCompetencyStore) -> None:
    projection = await projection_on(store)
    # 31 December 2024, 23:30 in Palu: 15:30 UTC.
    late = learning("completed", SEMINAR, "2024-12-31T15:30:00+00:00")
    await projection.apply(records(learning("completed", SEMINAR, "2025-02-01T10:00"), late))
    assert jp(store.years[f"{SITI}:2024"]) == 4
    assert jp(store.years[SITI_2025]) == 4
    assert jp(store.units["DISKOMINFO:2024"][SITI]) == 4


async def test_a_january_course_shares_the_december_days_it_spans(
    store: MemoryCompetencyStore,
) -> None:
    projection = await projection_on(store)
    december = learning(
        "completed",
        ARCHIVES,
        "2024-12-31T10:00",
        extensions={Extension.FORM: 16, Extension.JP_CLAIMED: 3},
    )
    course = learning("completed", f"{ARCHIVES}/course", "2025-01-02T17:00",
                      extensions={Extension.FORM: 16, Extension.JP_CLAIMED: 9,
                                  Extension.DAYS: 3})  # fmt: skip
    await projection.apply(records(december))
    await projection.apply(records(course))
    # 31 Dec is used up by the module: the course gets 1 and 2 January, 3 JP each.
    assert jp(store.years[SITI_2025]) == 6
    assert store.years[SITI_2025]["reaches_back_to"] == "2024-12-31"

    store.keep_statements([december])
    await projection.apply(records(voiding(december)))
    # Voiding the December module frees that day for the course: 9 JP.
    assert jp(store.years[f"{SITI}:2024"]) == 0
    assert jp(store.years[SITI_2025]) == 9


async def test_events_added_by_a_rival_meanwhile_are_counted(
    store: MemoryCompetencyStore,
) -> None:
    projection = await projection_on(store)
    await projection.apply(records(learning("completed", SEMINAR, "2025-08-14T16:00")))
    rival = learning("attended", f"{SEMINAR}/2", "2025-09-01T10:00",
                     extensions={Extension.FORM: 9})  # fmt: skip
    update = store.update_learner_year

    async def rival_first(change: YearUpdate) -> Document:
        # Another aggregator (the learner's e-mail partition) writes the year first.
        store.update_learner_year = update  # type: ignore[method-assign]
        await (await projection_on(store)).apply(records(rival))
        return await update(change)

    store.update_learner_year = rival_first  # type: ignore[method-assign, assignment]
    mine = learning("completed", SEMINAR, "2025-10-01T16:00", registration=REGISTRATION)
    await projection.apply(records(mine))

    year = store.years[SITI_2025]
    assert jp(year) == 12  # three seminar days, none lost
    assert year["computed_from"] == len(year["events"]) == 3


async def test_statements_of_an_unknown_learner_count_once_the_roster_learns_them(
    store: MemoryCompetencyStore,
) -> None:
    projection = await projection_on(store)
    newcomer = "199001012015032001"
    seminar = learning("completed", SEMINAR, "2025-08-14T16:00", nip=newcomer)
    await projection.apply(records(seminar))
    store.keep_statements([seminar])
    assert store.unmapped[seminar["id"]]["gaps"] == ["learner"]

    more = import_roster(f"{HEADER}{newcomer},Dewi,PNS,DISKOMINFO,pengawas,\n")
    store.import_roster([*roster(), *(row.value for row in more.entries)])
    # The next batch, whatever it holds, brings the kept statement in.
    await projection.apply(records(learning("registered", SEMINAR, "2025-09-01T09:00")))

    assert jp(store.years[f"{newcomer}:2025"]) == 4
    assert store.unmapped == {}
    assert store.marker == {"roster_version": 2, "catalog": seed_catalog().version.digest}


async def test_activities_count_once_the_catalog_maps_them(store: MemoryCompetencyStore) -> None:
    projection = await projection_on(store)
    course = learning("completed", ARCHIVES, "2025-09-01T10:00")
    await projection.apply(records(course))
    store.keep_statements([course])
    assert store.unmapped[course["id"]]["gaps"] == ["activity"]
    assert jp(store.years[SITI_2025]) == 0

    # The aggregator restarts with a catalog that maps the course: technical training, 12 JP.
    mapped = replace_file(
        seed_catalog(),
        "activities.csv",
        seed_catalog().sources["activities.csv"]
        + f"{ARCHIVES},Tata Kelola Arsip,3,Universitas Tadulako,integritas,12,,false\n",
    )
    assert isinstance(mapped, Catalog)
    restarted = CompetencyProjection(store, ReferenceData(store, mapped))
    await restarted.start()
    await restarted.apply(records(learning("registered", SEMINAR, "2025-09-02T09:00")))

    assert jp(store.years[SITI_2025]) == 12
    assert store.unmapped == {}


async def test_a_restart_does_not_recheck_unmapped_events(store: MemoryCompetencyStore) -> None:
    projection = await projection_on(store)
    await projection.apply(records(learning("completed", SEMINAR, "2025-08-14T16:00", nip="1")))
    checked = store.unmapped_events
    calls = []

    async def counting() -> list[dict[str, Any]]:
        calls.append(1)
        return await checked()

    store.unmapped_events = counting  # type: ignore[method-assign]
    await (await projection_on(store)).apply(
        records(learning("registered", SEMINAR, "2025-09-01T09:00"))
    )
    assert calls == []


async def test_a_statement_whose_facts_cannot_be_read_is_skipped_not_retried(
    store: MemoryCompetencyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    projection = await projection_on(store)
    broken = learning("completed", SEMINAR, "2025-08-14T16:00")
    fine = learning("completed", SEMINAR, "2025-09-14T16:00", registration=REGISTRATION)

    def facts_of(statement: dict[str, Any]) -> StatementFacts | None:
        if statement["id"] == broken["id"]:
            raise ValueError("a bug in reading the conventions")
        return read_facts(statement)

    monkeypatch.setattr(competency_projection, "facts_of", facts_of)
    await projection.apply(records(broken, fine))
    assert jp(store.years[SITI_2025]) == 4  # the other statement of the batch counted
