"""A learner-year's SIASN ``riwayat kursus`` records <-> the JSON text kept in the learner-year
and in its unit-year member.

Computed when the year is, so a unit's SIASN export reads the unit-years alone (one ``_id``
read per unit) instead of every member's learner-year with all its events. The records name
the catalog's course and provider names, so a catalog change reaches them through the
re-derive it requests.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Decimal

import orjson

from services.competency.catalog import Catalog
from services.competency.learner_year import LearnerYear
from services.competency.siasn_kursus import KursusRecord, YearEvent, riwayat_kursus


def kursus_of(nip: str, year: LearnerYear, catalog: Catalog) -> list[KursusRecord]:
    quantum = Decimal(1).scaleb(-catalog.settings.jp_decimal_places)
    events = [
        YearEvent(
            facts=o.facts,
            local_date=o.local_date,
            voided=o.voided,
            credited=o.not_credited is None,
            form=o.form,
            provider=o.provider,
            # As the learner-year writes it, so the hours round the same from either.
            recognised_jp=o.recognised_jp.quantize(quantum, rounding=ROUND_DOWN),
        )
        for o in year.outcomes
    ]
    return riwayat_kursus(nip, year.year, events, catalog)


def kursus_text(records: list[KursusRecord]) -> str:
    return orjson.dumps(
        [
            [r.jenis_diklat_id, r.nama_kursus, r.institusi_penyelenggara, r.jumlah_jam,
             r.tanggal_kursus.isoformat(), r.tanggal_selesai_kursus.isoformat(),
             r.nomor_sertipikat]
            for r in records
        ]
    ).decode()  # fmt: skip


def kursus_from_text(nip: str, year: int, text: object) -> list[KursusRecord]:
    return [
        KursusRecord(
            nip=nip,
            jenis_diklat_id=int(form),
            nama_kursus=str(name),
            institusi_penyelenggara=str(provider),
            jumlah_jam=int(hours),
            tanggal_kursus=date.fromisoformat(start),
            tanggal_selesai_kursus=date.fromisoformat(end),
            tahun_kursus=year,
            nomor_sertipikat=certificate,
        )
        for form, name, provider, hours, start, end, certificate in orjson.loads(str(text))
    ]
