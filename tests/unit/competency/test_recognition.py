"""Recognised JP with the shipped rule table, worked out by hand.

Times are local to Palu (WITA, UTC+8) unless they carry another offset.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from services.competency.catalog_settings import CatalogSettings
from services.competency.events import ActivityEvent, Cap, JpSource, RecognisedEvent
from services.competency.recognition import recognise
from tests.unit.competency.support import WITA, event, jp, rules, seed_catalog

E_LEARNING, SEMINAR, DIKLAT_TEKNIS, WORKSHOP, COACHING, GUIDANCE = 16, 9, 3, 4, 14, 24


def run(*events: ActivityEvent, settings: CatalogSettings = WITA) -> list[RecognisedEvent]:
    return recognise(events, seed_catalog().rules, settings)


def granted(results: list[RecognisedEvent]) -> dict[str, Decimal]:
    return {r.event.statement_id: r.recognised_jp for r in results}


def test_e_learning_counts_at_most_3_jp_a_day() -> None:
    (only,) = run(event("a", "2025-03-10T10:00", E_LEARNING, claimed_jp=5))
    assert only.rule_jp == jp("5")  # the claim, before caps
    assert only.recognised_jp == jp("3")  # capped at 3 JP that day
    assert only.capped_by == (Cap.DAY,)
    assert only.event.claimed_jp == jp("5")  # the claim stays beside the recognised JP


def test_two_e_learning_modules_share_the_day_in_timestamp_order() -> None:
    first = event("a", "2025-03-10T09:00", E_LEARNING, claimed_jp=2)
    second = event("b", "2025-03-10T14:00", E_LEARNING, claimed_jp=2)
    # 2 JP fit; the second gets the 1 JP left of the 3.
    assert granted(run(second, first)) == {"a": jp("2"), "b": jp("1")}


def test_order_is_timestamp_then_statement_id_whatever_the_arrival_order() -> None:
    events = [event(name, "2025-03-10T09:00", E_LEARNING, claimed_jp=2) for name in ("c", "B", "a")]
    expected = {"a": jp("2"), "B": jp("1"), "c": jp("0")}  # a, then b, then c, ids case-blind
    for _ in range(5):
        random.shuffle(events)
        assert granted(run(*events)) == expected


def test_leaving_out_a_voided_event_gives_its_room_to_the_next() -> None:
    first = event("a", "2025-03-10T09:00", E_LEARNING, claimed_jp=2)
    second = event("b", "2025-03-10T14:00", E_LEARNING, claimed_jp=2)
    assert granted(run(first, second))["b"] == jp("1")  # 3 - 2
    assert granted(run(second))["b"] == jp("2")  # "a" voided: the whole claim fits


def test_a_multi_day_e_learning_uses_the_room_of_each_day_it_spans() -> None:
    # Five days, 10 to 14 March, 3 JP each: 15 of the 20 claimed.
    (course,) = run(event("a", "2025-03-14T17:00", E_LEARNING, claimed_jp=20, days=5))
    assert course.recognised_jp == jp("15")


def test_a_module_inside_a_longer_course_leaves_less_room_for_it() -> None:
    module = event("m", "2025-03-12T10:00", E_LEARNING, claimed_jp=2)
    course = event("c", "2025-03-14T17:00", E_LEARNING, claimed_jp=20, days=5)
    # The module comes first (12 March) and takes 2; the course gets 3+3+1+3+3 = 13.
    assert granted(run(course, module)) == {"m": jp("2"), "c": jp("13")}


def test_the_catalog_jp_of_an_activity_outranks_the_providers_claim() -> None:
    (only,) = run(event("a", "2025-03-10T10:00", E_LEARNING, claimed_jp=10, catalog_jp=2))
    assert (only.source, only.recognised_jp) == (JpSource.CATALOG, jp("2"))  # 2, under the cap


def test_programme_jp_falls_back_to_raw_duration_then_to_nothing() -> None:
    timed = event("a", "2025-03-10T10:00", E_LEARNING, minutes=90)
    bare = event("b", "2025-03-11T10:00", E_LEARNING)
    a, b = run(timed, bare)
    assert (a.source, a.recognised_jp) == (JpSource.DURATION, jp("2"))  # 90 min / 45 = 2 JP
    assert (b.source, b.recognised_jp) == (JpSource.NONE, jp("0"))


def test_a_multi_day_seminar_counts_4_jp_a_day_and_6_international() -> None:
    national = event("a", "2025-05-07T16:00", SEMINAR, days=3, claimed_jp=30)
    abroad = event("b", "2025-06-07T16:00", SEMINAR, days=3, international=True)
    a, b = run(national, abroad)
    assert (a.source, a.recognised_jp) == (JpSource.RULE, jp("12"))  # 3 days x 4 JP, not 30
    assert b.recognised_jp == jp("18")  # 3 days x 6 JP


def test_a_workshop_abroad_counts_7_jp_a_day() -> None:
    (only,) = run(event("a", "2025-05-07T16:00", WORKSHOP, days=2, international=True))
    assert only.recognised_jp == jp("14")  # 2 days x 7 JP


def test_an_international_training_programme_counts_20_percent_more() -> None:
    home = event("a", "2025-05-07T16:00", DIKLAT_TEKNIS, claimed_jp=17)
    abroad = event("b", "2025-06-07T16:00", DIKLAT_TEKNIS, claimed_jp=17, international=True)
    # 17 JP as claimed; 17 x 1.2 = 20.4 JP abroad.
    assert granted(run(home, abroad)) == {"a": jp("17"), "b": jp("20.4")}


def test_unconfirmed_forms_count_raw_duration_rounded_down() -> None:
    (only,) = run(event("a", "2025-05-07T16:00", COACHING, minutes=100, claimed_jp=4))
    assert only.recognised_jp == jp("2.22")  # 100 / 45 = 2.222..., down to 2 decimals
    assert only.event.duration is not None  # the raw duration stays beside it


def test_workplace_guidance_counts_two_sessions_a_month() -> None:
    sessions = [
        event("a", "2025-06-03T10:00", GUIDANCE),
        event("b", "2025-06-10T10:00", GUIDANCE),
        event("c", "2025-06-17T10:00", GUIDANCE),
        event("d", "2025-07-01T10:00", GUIDANCE),
    ]
    results = run(*sessions)
    # 2 JP a session, at most 4 JP in June; July starts afresh.
    assert granted(results) == {"a": jp("2"), "b": jp("2"), "c": jp("0"), "d": jp("2")}
    assert results[2].capped_by == (Cap.MONTH,)


def test_one_event_of_several_sessions_is_capped_by_the_month_too() -> None:
    (only,) = run(event("a", "2025-06-03T10:00", GUIDANCE, sessions=3))
    assert (only.rule_jp, only.recognised_jp) == (jp("6"), jp("4"))  # 3 x 2 JP, cap 4


def test_a_variant_uses_its_own_row_or_else_the_forms_row() -> None:
    webinar = event("a", "2025-05-07T16:00", SEMINAR, variant="webinar", minutes=120)
    hybrid = event("b", "2025-06-07T16:00", SEMINAR, variant="hybrid")
    a, b = run(webinar, hybrid)
    assert a.recognised_jp == jp("2.66")  # webinar row: 120 / 45 = 2.666... down
    assert b.recognised_jp == jp("4")  # no "hybrid" row: the seminar's 4 JP for 1 day


def test_a_form_without_a_rule_counts_nothing() -> None:
    (only,) = run(event("a", "2025-05-07T16:00", 99, claimed_jp=8))
    assert (only.rule, only.recognised_jp) == (None, jp("0"))


def test_the_rule_version_in_force_on_the_local_date_applies() -> None:
    table = rules(
        "16,,2018-01-01,programme,,,,3,,secondary,",
        "16,,2025-07-01,programme,,,,4,,unconfirmed,",
    )
    before = event("a", "2025-06-30T23:30", E_LEARNING, claimed_jp=5)
    after = event("b", "2025-07-01T00:30", E_LEARNING, claimed_jp=5)
    in_utc = event("c", "2025-06-30T16:40:00+00:00", E_LEARNING, claimed_jp=5)
    results = granted(recognise([before, after, in_utc], table, WITA))
    # 3 under the old cap; 4 under the new; c is 00:40 on 1 July in Palu: the 4 are used up.
    assert results == {"a": jp("3"), "b": jp("4"), "c": jp("0")}


def test_new_year_in_palu_decides_the_year() -> None:
    last = event("a", "2024-12-31T23:59:59", E_LEARNING, claimed_jp=3)
    first = event("b", "2025-01-01T00:00:00", E_LEARNING, claimed_jp=3)
    a, b = run(last, first)
    assert (a.year, b.year) == (2024, 2025)
    assert (a.recognised_jp, b.recognised_jp) == (jp("3"), jp("3"))  # separate days, full cap


def test_the_time_zone_setting_decides_the_year_of_a_utc_timestamp() -> None:
    utc = event("a", "2024-12-31T16:30:00+00:00", E_LEARNING, claimed_jp=1)
    (palu,) = run(utc)
    (jakarta,) = run(utc, settings=CatalogSettings(time_zone="Asia/Jakarta"))
    assert (palu.local_date, palu.year) == (date(2025, 1, 1), 2025)  # 00:30 WITA (UTC+8)
    assert (jakarta.local_date, jakarta.year) == (date(2024, 12, 31), 2024)  # 23:30 WIB (UTC+7)
