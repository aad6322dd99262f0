"""The shipped catalog loads and says what DOMAIN.md says, with its evidence grades."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.competency.base import Evidence
from services.competency.competencies import CompetencyType
from services.competency.employment import EmployeeStatus
from services.competency.forms import FormCategory, SiasnRecord
from services.competency.jp_rules import Basis
from tests.unit.competency.support import seed_catalog

# SIASN jenisDiklat ids DOMAIN.md names, with its names.
NAMED_IN_DOMAIN = {
    1: "Diklat Struktural",
    3: "Diklat Teknis",
    8: "Bimbingan Teknis",
    9: "Seminar",
    10: "Magang",
    14: "Coaching",
    15: "Mentoring",
    16: "E-Learning",
    17: "Pelatihan Jarak Jauh",
    22: "Belajar Mandiri",
    23: "Komunitas Belajar",
    24: "Bimbingan di Tempat Kerja",
}


def test_ships_the_eight_managerial_and_one_socio_cultural_competencies() -> None:
    catalog = seed_catalog()
    by_type = {
        kind: sorted(c.name_id for c in catalog.competencies.values() if c.type is kind)
        for kind in CompetencyType
    }
    assert by_type[CompetencyType.MANAJERIAL] == sorted(
        [
            "Integritas",
            "Kerja Sama",
            "Komunikasi",
            "Orientasi pada Hasil",
            "Pelayanan Publik",
            "Pengembangan Diri dan Orang Lain",
            "Mengelola Perubahan",
            "Pengambilan Keputusan",
        ]
    )
    assert by_type[CompetencyType.SOSIAL_KULTURAL] == ["Perekat Bangsa"]
    assert all(c.levels == 5 for c in catalog.competencies.values())


def test_ships_25_forms_and_names_the_ones_domain_md_names_as_it_does() -> None:
    forms = seed_catalog().forms
    assert sorted(forms) == list(range(1, 26))
    for siasn_id, form in forms.items():
        if siasn_id in NAMED_IN_DOMAIN:
            assert form.name.startswith(NAMED_IN_DOMAIN[siasn_id])
            assert form.name_evidence is Evidence.CONFIRMED
        else:
            assert form.name_evidence is Evidence.UNCONFIRMED
        # DOMAIN.md assigns no form to klasikal or nonklasikal.
        assert form.category_evidence is Evidence.UNCONFIRMED
    assert forms[16].category is FormCategory.NONKLASIKAL
    assert [f.siasn_id for f in forms.values() if f.siasn_record is not SiasnRecord.KURSUS] == [1]


def test_rules_carry_the_secondary_conversions_and_mark_the_unconfirmed_rows() -> None:
    catalog = seed_catalog()
    on = date(2025, 6, 1)
    elearning = catalog.rules.rule_for(16, "", on)
    assert elearning is not None and elearning.basis is Basis.PROGRAMME
    assert elearning.cap_per_day == Decimal(3)
    seminar = catalog.rules.rule_for(9, "", on)
    assert seminar is not None
    assert (seminar.jp_per_unit, seminar.international_jp_per_unit) == (Decimal(4), Decimal(6))
    guidance = catalog.rules.rule_for(24, "", on)
    assert guidance is not None and (guidance.jp_per_unit, guidance.cap_per_month) == (
        Decimal(2),
        Decimal(4),
    )
    # Coaching, mentoring, self-study, benchmarking, bimtek, webinars: [U] in DOMAIN.md.
    for form, variant in [(14, ""), (15, ""), (22, ""), (20, ""), (8, ""), (9, "webinar")]:
        rule = catalog.rules.rule_for(form, variant, on)
        assert rule is not None and rule.evidence is Evidence.UNCONFIRMED, (form, variant)
        assert rule.basis is Basis.DURATION


def test_targets_are_20_jp_for_pns_and_provisional_for_the_others() -> None:
    targets = seed_catalog().targets
    pns = targets.target_for(EmployeeStatus.PNS, 2025)
    assert pns is not None and pns.jp == 20 and pns.evidence is Evidence.CONFIRMED
    for status in (EmployeeStatus.CPNS, EmployeeStatus.PPPK):
        other = targets.target_for(status, 2025)
        assert other is not None and other.evidence is Evidence.UNCONFIRMED


def test_time_zone_defaults_to_palu() -> None:
    assert seed_catalog().settings.time_zone == "Asia/Makassar"


def test_example_activities_resolve_to_catalog_competencies() -> None:
    catalog = seed_catalog()
    mapping = catalog.activities["https://lms.example.go.id/course/etika-pelayanan-publik"]
    assert mapping.form == 16 and mapping.jp == 6
    assert [catalog.competencies[code].name_en for code in mapping.competencies] == [
        "Public service",
        "Integrity",
    ]
