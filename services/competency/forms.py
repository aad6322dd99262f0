"""Development forms (Perlan 10/2018), identified externally by SIASN's ``jenisDiklat`` id."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from services.competency.base import Code, DomainModel, Evidence


class FormCategory(StrEnum):
    KLASIKAL = "klasikal"
    NONKLASIKAL = "nonklasikal"


class SiasnRecord(StrEnum):
    """Where SIASN keeps a form: leadership training is not a ``riwayat kursus``."""

    KURSUS = "kursus"
    DIKLAT_STRUKTURAL = "diklat_struktural"


class DevelopmentForm(DomainModel):
    """A form of development; the name and the category carry their own evidence grade."""

    siasn_id: int = Field(ge=1)
    code: Code
    name: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    category: FormCategory
    siasn_record: SiasnRecord = SiasnRecord.KURSUS
    name_evidence: Evidence
    category_evidence: Evidence
    note: str = ""
