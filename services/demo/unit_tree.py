"""The demo's 40 work units: the city at the root, its agencies (OPD) under it, and some
sections, health centres and sub-districts under those.

``weight`` is how many of the city's civil servants work there, relatively: schools and
health centres employ most of them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

ROOT = "PALU"
VALID_FROM = date(2016, 1, 1)


@dataclass(frozen=True, slots=True)
class DemoUnit:
    code: str
    name: str
    parent: str | None
    opd: bool
    weight: float


def _opd(code: str, name: str, weight: float) -> DemoUnit:
    return DemoUnit(code, name, ROOT, True, weight)


def _sub(code: str, name: str, parent: str, weight: float) -> DemoUnit:
    return DemoUnit(code, name, parent, False, weight)


UNITS: tuple[DemoUnit, ...] = (
    DemoUnit(ROOT, "Pemerintah Kota Palu (contoh)", None, False, 0.0),
    _opd("SETDA", "Sekretariat Daerah", 3),
    _sub("SETDA-UMUM", "Bagian Umum", "SETDA", 2),
    _sub("SETDA-HUKUM", "Bagian Hukum", "SETDA", 1),
    _sub("SETDA-ORG", "Bagian Organisasi", "SETDA", 1),
    _opd("SETWAN", "Sekretariat DPRD", 2),
    _opd("INSPEKTORAT", "Inspektorat", 2),
    _opd("DISDIKBUD", "Dinas Pendidikan dan Kebudayaan", 3),
    _sub("DISDIKBUD-SD", "Bidang Pembinaan Sekolah Dasar", "DISDIKBUD", 28),
    _sub("DISDIKBUD-SMP", "Bidang Pembinaan Sekolah Menengah Pertama", "DISDIKBUD", 18),
    _opd("DINKES", "Dinas Kesehatan", 3),
    _sub("PKM-TALISE", "Puskesmas Talise", "DINKES", 5),
    _sub("PKM-KAMONJI", "Puskesmas Kamonji", "DINKES", 5),
    _sub("PKM-BIROBULI", "Puskesmas Birobuli", "DINKES", 5),
    _sub("RSUD-ANUTAPURA", "RSUD Anutapura", "DINKES", 12),
    _opd("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", 4),
    _opd("DISKOMINFO", "Dinas Komunikasi, Informatika, Persandian dan Statistik", 2),
    _opd("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", 2),
    _opd("DINSOS", "Dinas Sosial", 2),
    _opd("DISHUB", "Dinas Perhubungan", 3),
    _opd("DLH", "Dinas Lingkungan Hidup", 4),
    _opd("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", 2),
    _opd("SATPOLPP", "Satuan Polisi Pamong Praja", 4),
    _opd("BKPSDMD", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Daerah", 2),
    _opd("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", 2),
    _opd("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", 2),
    _opd("BAPENDA", "Badan Pendapatan Daerah", 2),
    _opd("BPBD", "Badan Penanggulangan Bencana Daerah", 2),
    _opd("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", 1),
    _opd("KEC-PALUBARAT", "Kecamatan Palu Barat", 1),
    _sub("KEL-LERE", "Kelurahan Lere", "KEC-PALUBARAT", 0.6),
    _sub("KEL-BARU", "Kelurahan Baru", "KEC-PALUBARAT", 0.6),
    _opd("KEC-PALUTIMUR", "Kecamatan Palu Timur", 1),
    _sub("KEL-BESUSU-BARAT", "Kelurahan Besusu Barat", "KEC-PALUTIMUR", 0.6),
    _opd("KEC-PALUSELATAN", "Kecamatan Palu Selatan", 1),
    _opd("KEC-PALUUTARA", "Kecamatan Palu Utara", 1),
    _opd("KEC-TATANGA", "Kecamatan Tatanga", 1),
    _opd("KEC-ULUJADI", "Kecamatan Ulujadi", 1),
    _opd("KEC-MANTIKULORE", "Kecamatan Mantikulore", 1),
    _opd("KEC-TAWAELI", "Kecamatan Tawaeli", 1),
)


def leaves() -> list[DemoUnit]:
    parents = {unit.parent for unit in UNITS}
    return [unit for unit in UNITS if unit.code not in parents]


def units_csv() -> str:
    """The tree in the format ``python -m services.competency.cli units import`` takes."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["code", "name", "parent_code", "valid_from", "valid_until", "opd"])
    for unit in UNITS:
        writer.writerow(
            [
                unit.code,
                unit.name,
                unit.parent or "",
                VALID_FROM.isoformat(),
                "",
                str(unit.opd).lower(),
            ]
        )
    return text.getvalue()
