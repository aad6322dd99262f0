"""The demo generator: deterministic, valid xAPI, valid NIPs, the distribution it promises."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from schemas.xapi import check_statement
from services.competency.employment import EmployeeStatus
from services.competency.nip import nip_problems
from services.competency.statement_facts import facts_of
from services.competency.xapi_conventions import Extension
from services.demo.dataset import DemoOptions, generate
from services.demo.learning_year import TARGET_JP, Profile
from services.demo.schedule import ZONE
from tests.unit.demo_support import YEAR, small_demo


def test_the_same_seed_gives_the_same_demo_and_another_seed_another() -> None:
    options = DemoOptions(seed=3, year=YEAR, learners=40, statements_per_learner=10)
    first, again = generate(options), generate(options)
    assert first.statements() == again.statements()
    assert (first.roster_csv(), first.late_roster_csv()) == (
        again.roster_csv(),
        again.late_roster_csv(),
    )
    assert first.expected() == again.expected()
    other = generate(DemoOptions(seed=4, year=YEAR, learners=40, statements_per_learner=10))
    assert other.roster_csv() != first.roster_csv()


def test_every_nip_has_the_nip_shape_and_pppk_numbers_have_their_own() -> None:
    people = small_demo().people
    assert len(people) == 400
    assert len({p.nip for p in people}) == 400
    assert len({p.email for p in people}) == 400
    for person in people:
        problems = nip_problems(person.nip)
        if person.status is EmployeeStatus.PPPK:
            # Their layout puts "21" where a NIP has the appointment month.
            assert len(person.nip) == 18 and person.nip[12:14] == "21"
        else:
            assert problems == [], person
            assert person.nip[14] in "12"
    statuses = Counter(p.status for p in people)
    assert (
        statuses[EmployeeStatus.PNS]
        > statuses[EmployeeStatus.PPPK]
        > statuses[EmployeeStatus.CPNS]
        > 0
    )


def test_every_statement_passes_the_ingests_validation() -> None:
    for statement in small_demo().statements():
        assert check_statement(statement, version="1.0.0")["id"] == statement["id"]


def test_learning_happens_on_working_days_of_the_year_in_palu_time() -> None:
    for statement in small_demo().statements():
        facts = facts_of(statement)
        if facts is None or facts.kind == "registered":
            continue
        local = facts.timestamp.astimezone(ZONE)
        assert local.year == YEAR and local.weekday() < 5, statement["timestamp"]
        assert 8 <= local.hour < 17


def test_most_reach_the_target_a_share_stays_under_and_some_learn_nothing() -> None:
    demo = small_demo()
    planned = demo.planned_jp
    under = sum(1 for jp in planned.values() if jp < TARGET_JP) / len(planned)
    nothing = [nip for nip, p in demo.profiles.items() if p is Profile.NOTHING]
    assert 0.12 <= under <= 0.3
    assert 0 < len(nothing) <= 0.1 * len(planned)
    assert all(planned[nip] == 0 for nip in nothing)
    actors = {s["actor"].get("account", {}).get("name") for s in demo.statements()}
    assert not actors & set(nothing)
    for nip, profile in demo.profiles.items():
        assert (planned[nip] >= TARGET_JP) == (profile is Profile.AT_TARGET), nip


def test_statements_use_the_conventions_and_hit_the_e_learning_cap() -> None:
    statements = small_demo().statements()
    providers = Counter(
        s["context"]["extensions"].get(str(Extension.PROVIDER))
        for s in statements
        if "context" in s
    )
    assert set(providers) == {"lms-nasional", "lms-provinsi", "universitas", "mitra-swasta"}
    by_email = [
        s for s in statements if "mbox" in s["actor"] and s["verb"]["id"].endswith("completed")
    ]
    assert by_email
    over_cap = [
        s
        for s in statements
        if s["verb"]["id"].endswith("/completed")
        and s["context"]["extensions"].get(str(Extension.FORM)) == 16
        and s["context"]["extensions"].get(str(Extension.JP_CLAIMED), 0)
        > 3 * s["context"]["extensions"][str(Extension.DAYS)]
    ]
    assert over_cap
    completions = [s for s in statements if s["verb"]["id"].endswith("/completed")]
    assert all("registration" in s["context"] for s in completions)
    certified = [s for s in completions if str(Extension.CERTIFICATE) in s["context"]["extensions"]]
    assert len(certified) > len(completions) / 2


def test_the_main_statements_are_sent_in_time_order() -> None:
    main = [s for s in small_demo().main if not s["verb"]["id"].endswith("voided")]
    moments = [datetime.fromisoformat(s["timestamp"]) for s in main]
    assert moments == sorted(moments)
