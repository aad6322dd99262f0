"""Riwayat kursus records: one per enrolment credited in the year, hours rounded as the catalog
says (half up by default), dates spanning the enrolment's events."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from services.competency.catalog import Catalog
from services.competency.catalog_loader import SETTINGS, replace_file
from services.competency.employment import EmployeeStatus, PositionCategory
from services.competency.learner_year import LearnerEvent, compute_learner_year
from services.competency.roster import RosterEntry
from services.competency.siasn_kursus import KursusRecord, YearEvent, riwayat_kursus
from services.competency.statement_facts import facts_of
from services.competency.xapi_conventions import Extension
from services.competency_store.documents import facts_text, learner_year_summary
from services.competency_store.kursus_doc import kursus_from_text, kursus_of, kursus_text
from services.query.unit_reports import year_events
from tests.competency_statements import E_LEARNING, SEMINAR, SITI, learning
from tests.unit.competency.support import seed_catalog

ARCHIVES = "https://lms.untad.ac.id/course/tata-kelola-arsip"  # not in the catalog
LEADERSHIP = "https://bpsdm.example.go.id/pkp-2025"


def year_event(statement: dict[str, Any], day: str, jp: str, *, credited: bool = True,
               voided: bool = False, form: int | None = None,
               provider: str | None = None) -> YearEvent:  # fmt: skip
    facts = facts_of(statement)
    assert facts is not None
    return YearEvent(facts, date.fromisoformat(day), voided, credited, form, provider,
                     Decimal(jp))  # fmt: skip


def events() -> list[YearEvent]:
    archives = learning(
        "completed", ARCHIVES, "2025-10-20T16:00",
        extensions={Extension.FORM: 3, Extension.PROVIDER: "kampus-x"},
    )  # fmt: skip
    archives["object"]["definition"] = {
        "name": {"en-US": "Records management", "id-ID": "Tata Kelola Arsip"}
    }
    certified = learning(
        "completed", E_LEARNING, "2025-03-10T10:00", registration="r-1",
        extensions={Extension.CERTIFICATE: "CERT-1"},
    )  # fmt: skip
    return [
        # E-learning enrolment r-1: the attendance a week before opens it (not credited,
        # its completion stands for it), the completion's 2.5 JP give 3 hours (half up).
        year_event(learning("attended", E_LEARNING, "2025-03-03T09:00", registration="r-1"),
                   "2025-03-03", "0", credited=False, form=16, provider="lms-nasional"),
        year_event(certified, "2025-03-10", "2.5", form=16, provider="lms-nasional"),
        # A two-day seminar ending 14 August: 13 to 14 August, 8 hours.
        year_event(learning("completed", SEMINAR, "2025-08-14T16:00",
                            extensions={Extension.DAYS: 2}),
                   "2025-08-14", "8", form=9, provider="lms-provinsi"),
        # Not in the catalog: the statement's Indonesian name, the provider id as is.
        year_event(archives, "2025-10-20", "10.4", form=3, provider="kampus-x"),
        # Leadership training (form 1) is no riwayat kursus; a voided event counts nowhere.
        year_event(learning("completed", LEADERSHIP, "2025-11-01T10:00"), "2025-11-01", "30",
                   form=1),
        year_event(learning("completed", ARCHIVES, "2025-12-01T10:00", registration="r-9"),
                   "2025-12-01", "5", voided=True, form=3),
    ]  # fmt: skip


def test_one_record_per_credited_enrolment() -> None:
    assert riwayat_kursus(SITI, 2025, events(), seed_catalog()) == [
        KursusRecord(SITI, 16, "Etika Pelayanan Publik (example)", "LMS nasional (contoh)", 3,
                     date(2025, 3, 3), date(2025, 3, 10), 2025, "CERT-1"),
        KursusRecord(SITI, 9, "Seminar Wawasan Kebangsaan (example)",
                     "LMS BPSDM provinsi (contoh)", 8, date(2025, 8, 13), date(2025, 8, 14),
                     2025, None),
        KursusRecord(SITI, 3, "Tata Kelola Arsip", "kampus-x", 10, date(2025, 10, 20),
                     date(2025, 10, 20), 2025, None),
    ]  # fmt: skip


def test_the_catalog_setting_decides_the_rounding() -> None:
    settings = (
        seed_catalog()
        .sources[SETTINGS]
        .replace("siasn_hours_rounding,half_up", "siasn_hours_rounding,down")
    )
    catalog = replace_file(seed_catalog(), SETTINGS, settings)
    assert isinstance(catalog, Catalog)
    hours = [r.jumlah_jam for r in riwayat_kursus(SITI, 2025, events(), catalog)]
    assert hours == [2, 8, 10]  # 2.5 and 10.4 rounded down


def test_events_of_another_year_are_left_out() -> None:
    assert riwayat_kursus(SITI, 2024, events(), seed_catalog()) == []


def test_records_kept_as_text_in_the_rollups_read_back_equal() -> None:
    records = riwayat_kursus(SITI, 2025, events(), seed_catalog())
    assert len(records) == 3
    assert kursus_from_text(SITI, 2025, kursus_text(records)) == records


def test_records_computed_when_the_year_is_equal_those_from_the_stored_year() -> None:
    """The aggregator keeps each year's records (``kursus_of``); the export used to derive
    them from the stored learner-year. Both must give the same rows."""
    catalog = seed_catalog()
    statements = [
        learning("attended", E_LEARNING, "2025-03-03T09:00", registration="r-1"),
        learning("completed", E_LEARNING, "2025-03-10T10:00", registration="r-1",
                 extensions={Extension.CERTIFICATE: "CERT-1"}),
        learning("completed", SEMINAR, "2025-08-14T16:00", extensions={Extension.DAYS: 2}),
    ]  # fmt: skip
    year = compute_learner_year(2025, [LearnerEvent(f) for f in map(facts_of, statements) if f],
                                catalog, Decimal(20))  # fmt: skip
    entry = RosterEntry(nip=SITI, name="Siti", status=EmployeeStatus.PNS, unit_code="U",
                        position_category=PositionCategory.PELAKSANA)  # fmt: skip
    stored = {**learner_year_summary(SITI, entry, year, catalog),
              "events": [facts_text(o.facts) for o in year.outcomes]}  # fmt: skip
    from_year = kursus_of(SITI, year, catalog)
    assert [(r.jenis_diklat_id, r.jumlah_jam) for r in from_year] == [(16, 3), (9, 8)]
    assert from_year == riwayat_kursus(SITI, 2025, year_events(stored), catalog)
    assert kursus_from_text(SITI, 2025, stored["kursus"]) == from_year
