"""A learner's year against the target, by competency type and by form."""

from __future__ import annotations

from decimal import Decimal

from services.competency.competencies import CompetencyType
from services.competency.recognition import recognise
from services.competency.year_summary import YearSummary, summarise_year
from tests.unit.competency.support import WITA, event, jp, seed_catalog

NS = "https://lrs.palukota.go.id/xapi/competencies"
PUBLIC_SERVICE, INTEGRITY = f"{NS}/manajerial/pelayanan-publik", f"{NS}/manajerial/integritas"
NATION = f"{NS}/sosial-kultural/perekat-bangsa"
UNKNOWN_TECHNICAL = "https://lms.example.go.id/competency/tata-kelola-arsip"


def year_of(target: str, *extra: tuple[str, str, int, dict[str, object]]) -> YearSummary:
    catalog = seed_catalog()
    events = [
        # E-learning tagged with two managerial competencies: 6 JP, capped at 3 that day.
        event("a", "2025-02-03T10:00", 16, catalog_jp=6, competencies=(PUBLIC_SERVICE, INTEGRITY)),
        # Two-day seminar on national unity: 2 x 4 = 8 JP.
        event("b", "2025-08-14T16:00", 9, days=2, claimed_jp=16, competencies=(NATION,)),
        # Technical training with a competency the catalog does not know: 10 JP, untagged.
        event("c", "2025-10-20T16:00", 3, claimed_jp=10, competencies=(UNKNOWN_TECHNICAL,)),
        # Last year's: not counted in 2025.
        event("d", "2024-12-31T20:00", 3, claimed_jp=40),
        *(event(sid, at, form, **fields) for sid, at, form, fields in extra),
    ]
    return summarise_year(recognise(events, catalog.rules, WITA), 2025, Decimal(target), catalog)


def test_a_year_that_meets_the_target() -> None:
    summary = year_of("20")
    assert summary.recognised_jp == jp("21")  # 3 + 8 + 10
    assert summary.claimed_jp == jp("26")  # 16 + 10 claimed; "a" claimed nothing itself
    assert summary.events == 3
    assert (summary.met, summary.shortfall) == (True, jp("0"))
    # "a" develops two managerial competencies but counts once for the type.
    assert summary.by_type == {
        CompetencyType.TEKNIS: jp("0"),
        CompetencyType.MANAJERIAL: jp("3"),
        CompetencyType.SOSIAL_KULTURAL: jp("8"),
        CompetencyType.PEMERINTAHAN: jp("0"),
    }
    assert summary.untagged_jp == jp("10")
    assert summary.by_form == {3: jp("10"), 9: jp("8"), 16: jp("3")}


def test_a_year_below_the_target_says_by_how_much() -> None:
    summary = year_of("24")
    assert (summary.met, summary.shortfall) == (False, jp("3"))  # 24 - 21


def test_an_event_on_new_years_eve_counts_for_the_old_year_only() -> None:
    summary = year_of("20", ("e", "2025-12-31T23:59", 3, {"claimed_jp": 2}))
    assert summary.recognised_jp == jp("23")  # 21 + 2: still 2025 in Palu
    summary = year_of("20", ("f", "2026-01-01T00:01", 3, {"claimed_jp": 2}))
    assert summary.recognised_jp == jp("21")  # 2026's, not counted
