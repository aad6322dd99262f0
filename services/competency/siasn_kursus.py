"""Recognised learning as SIASN ``riwayat kursus`` records: one per enrolment, not per session.

DOMAIN.md names the record's form (``jenisDiklatId``), provider (``institusiPenyelenggara``)
and hours (``jumlahJam``, one integer); the other field names (``namaKursus``,
``tanggalKursus``, ``tanggalSelesaiKursus`` as dd-mm-yyyy, ``tahunKursus``,
``nomorSertipikat``) are those of SIASN's public ``kursus/save`` API. SIASN identifies the
person by its own ``pnsOrangId``, which this system does not know: records carry the NIP.

An enrolment (activity + ``context.registration``) is exported for a year when one of its
events was credited on a local date of that year, and its form is a SIASN ``riwayat kursus``
(leadership training is not). Its

- hours: the recognised JP of its credited events that year, rounded to a whole number with
  the catalog's ``siasn_hours_rounding`` (half up unless the catalog says otherwise: how to
  round is an open domain question);
- start and end: the first and last day its events (registrations aside) span in the year, a
  multi-day event from ``days - 1`` days before its local date;
- course name: the catalog's name of the activity, else the statement's, else its IRI;
- provider: the catalog's name of the provider id, else the id, else empty;
- certificate number: the latest one its events carry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from services.competency.catalog import Catalog
from services.competency.forms import SiasnRecord
from services.competency.statement_facts import StatementFacts
from services.competency.xapi_conventions import EventKind

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class YearEvent:
    """An event of a learner-year with what the year made of it."""

    facts: StatementFacts
    local_date: date
    voided: bool
    credited: bool
    form: int | None
    provider: str | None
    recognised_jp: Decimal


@dataclass(frozen=True, slots=True)
class KursusRecord:
    nip: str
    jenis_diklat_id: int
    nama_kursus: str
    institusi_penyelenggara: str
    jumlah_jam: int
    tanggal_kursus: date
    tanggal_selesai_kursus: date
    tahun_kursus: int
    nomor_sertipikat: str | None


def riwayat_kursus(
    nip: str, year: int, events: Iterable[YearEvent], catalog: Catalog
) -> list[KursusRecord]:
    enrolments: dict[tuple[str, str], list[YearEvent]] = {}
    for event in events:
        if not event.voided and event.local_date.year == year:
            key = (event.facts.activity, event.facts.registration or "")
            enrolments.setdefault(key, []).append(event)
    records = [
        record
        for items in enrolments.values()
        if (record := _record(nip, year, items, catalog)) is not None
    ]
    return sorted(records, key=lambda r: (r.tanggal_kursus, r.nama_kursus, r.jumlah_jam))


def _record(nip: str, year: int, events: list[YearEvent], catalog: Catalog) -> KursusRecord | None:
    ordered = sorted(events, key=lambda e: (e.facts.timestamp, e.facts.statement_id))
    credited = [e for e in ordered if e.credited and e.form is not None]
    if not credited or credited[0].form is None:
        return None
    form = catalog.forms.get(credited[0].form)
    if form is None or form.siasn_record is not SiasnRecord.KURSUS:
        return None
    spans = [
        (max(date(year, 1, 1), e.local_date - timedelta(days=e.facts.days - 1)), e.local_date)
        for e in ordered
        if e.facts.kind is not EventKind.REGISTERED
    ]
    hours = sum((e.recognised_jp for e in credited), ZERO)
    rounding = catalog.settings.siasn_hours_rounding.mode
    activity = ordered[0].facts.activity
    mapping = catalog.activities.get(activity)
    named = [e.facts.activity_name for e in reversed(ordered) if e.facts.activity_name]
    provider = credited[0].provider
    known = None if provider is None else catalog.providers.get(provider)
    certificates = [e.facts.certificate for e in reversed(ordered) if e.facts.certificate]
    return KursusRecord(
        nip=nip,
        jenis_diklat_id=form.siasn_id,
        nama_kursus=mapping.name if mapping is not None else (named or [activity])[0],
        institusi_penyelenggara=known.name if known is not None else provider or "",
        jumlah_jam=int(hours.quantize(Decimal(1), rounding=rounding)),
        tanggal_kursus=min(start for start, _ in spans),
        tanggal_selesai_kursus=max(end for _, end in spans),
        tahun_kursus=year,
        nomor_sertipikat=certificates[0] if certificates else None,
    )
