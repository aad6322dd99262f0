"""The unit reports' domain results -> their JSON models."""

from __future__ import annotations

from datetime import date

from services.competency.catalog import Catalog
from services.competency.compliance import Member
from services.competency.providers import UNKNOWN
from services.competency.siasn_kursus import KursusRecord
from services.competency.unit_activity import Lines
from services.competency.year_breakdown import NO_PROVIDER
from services.query.unit_report_models import (
    CompetencyCoverage,
    CoverageResponse,
    InactiveLearner,
    ProviderParticipation,
    ProvidersResponse,
    ProviderTypeParticipation,
    TypeCoverage,
)
from services.query.unit_reports import UnitBreakdowns


def coverage_response(found: UnitBreakdowns, lines: Lines) -> CoverageResponse:
    catalog = found.catalog
    competencies = []
    for line in lines.by_key:
        known = catalog.competency(line.key)
        competencies.append(
            CompetencyCoverage(
                competency=line.key,
                code=None if known is None else known.code,
                name=None if known is None else known.name_id,
                type=None if known is None else known.type.value,
                learners=line.learners,
                events=line.count,
                jp=line.jp,
            )
        )
    return CoverageResponse(
        unit=found.scope.unit,
        year=found.scope.year,
        units=sorted(found.scope.branches),
        learners=len(found.scope.members),
        by_type=[
            TypeCoverage(type=line.key, learners=line.learners, events=line.count, jp=line.jp)
            for line in lines.by_type
        ],
        competencies=competencies,
    )


def providers_response(found: UnitBreakdowns, lines: Lines) -> ProvidersResponse:
    providers = found.catalog.providers
    return ProvidersResponse(
        unit=found.scope.unit,
        year=found.scope.year,
        units=sorted(found.scope.branches),
        learners=len(found.scope.members),
        by_type=[
            ProviderTypeParticipation(
                type=line.key, learners=line.learners, enrolments=line.count, jp=line.jp
            )
            for line in lines.by_type
        ],
        providers=[
            ProviderParticipation(
                provider=None if line.key == NO_PROVIDER else line.key,
                name=providers[line.key].name if line.key in providers else None,
                type=providers[line.key].type.value if line.key in providers else UNKNOWN,
                learners=line.learners,
                enrolments=line.count,
                jp=line.jp,
            )
            for line in lines.by_key
        ],
    )


def inactive_learner(member: Member, last_credited: date | None) -> InactiveLearner:
    return InactiveLearner(
        nip=member.nip,
        name=member.name,
        unit=member.unit_code,
        status=member.status.value,
        last_credited=last_credited,
    )


def siasn_date(day: date) -> str:
    # Not strftime: a city's export formats tens of thousands of dates, and this is 5x faster.
    return f"{day.day:02d}-{day.month:02d}-{day.year:04d}"


def kursus_row(record: KursusRecord) -> tuple[str, int, str, str, int, str, str, int, str | None]:
    """A record's values in ``KursusRecordModel``'s field order. Plain values, not models: a
    city's export has ten thousand rows, and building and validating a model for each took
    most of its time."""
    return (
        record.nip,
        record.jenis_diklat_id,
        record.nama_kursus,
        record.institusi_penyelenggara,
        record.jumlah_jam,
        siasn_date(record.tanggal_kursus),
        siasn_date(record.tanggal_selesai_kursus),
        record.tahun_kursus,
        record.nomor_sertipikat,
    )


def provider_name(catalog: Catalog, provider: str | None) -> str | None:
    found = None if provider is None else catalog.providers.get(provider)
    return None if found is None else found.name
