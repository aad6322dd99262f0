"""What the unit reports beyond compliance answer (JSON), and the multi-year learner timeline."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from services.query.report_models import JpNumber, TimelineEntry


class TypeCoverage(BaseModel):
    type: str
    learners: int = Field(description="Learners with a credited event in a competency of it.")
    events: int
    jp: JpNumber


class CompetencyCoverage(BaseModel):
    competency: str
    code: str | None = Field(description="Null when the catalog does not know the IRI.")
    name: str | None
    type: str | None
    learners: int
    events: int
    jp: JpNumber


class CoverageResponse(BaseModel):
    """An event counts for every competency it develops, and once for each type."""

    unit: str
    year: int
    units: list[str]
    learners: int = Field(description="Roster members of the unit and every unit under it.")
    by_type: list[TypeCoverage]
    competencies: list[CompetencyCoverage]


class ProviderTypeParticipation(BaseModel):
    type: str = Field(description="government, university, private, or unknown.")
    learners: int
    enrolments: int
    jp: JpNumber


class ProviderParticipation(BaseModel):
    provider: str | None = Field(description="The provider id; null when none is known.")
    name: str | None
    type: str
    learners: int
    enrolments: int
    jp: JpNumber


class ProvidersResponse(BaseModel):
    unit: str
    year: int
    units: list[str]
    learners: int
    by_type: list[ProviderTypeParticipation]
    providers: list[ProviderParticipation]


class InactiveLearner(BaseModel):
    nip: str
    name: str
    unit: str
    status: str
    last_credited: date | None = Field(description="Before ``since``, or null: none that year.")


class InactiveResponse(BaseModel):
    """``inactive`` is paged by NIP; ``next`` is the following page's URL, or null."""

    unit: str
    year: int
    since: date | None
    status: str | None
    learners: int
    inactive_count: int
    inactive: list[InactiveLearner]
    next: str | None


class KursusRecordModel(BaseModel):
    """A SIASN riwayat kursus record, with SIASN's field names; dates as SIASN writes them
    (dd-mm-yyyy)."""

    nip: str
    jenisDiklatId: int
    namaKursus: str
    institusiPenyelenggara: str
    jumlahJam: int
    tanggalKursus: str
    tanggalSelesaiKursus: str
    tahunKursus: int
    nomorSertipikat: str | None


class SiasnExportResponse(BaseModel):
    unit: str
    year: int
    records: list[KursusRecordModel]


class LearnerTimelineResponse(BaseModel):
    """The learner's events of the period (voided ones left out), oldest first, paged:
    ``next`` is the following page's URL, or null."""

    nip: str
    name: str
    unit: str
    status: str
    start: date = Field(serialization_alias="from")
    end: date = Field(serialization_alias="to")
    years: list[int]
    events: list[TimelineEntry]
    next: str | None
