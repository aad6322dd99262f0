"""What each provider offers, by the ids of the providers in the catalog's providers list.

Activities the seed catalog maps (``activities.csv``) take their form and JP from there; the
others name their form, and what they claim, in the statement's context extensions.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.competency.xapi_conventions import INTERNATIONAL, NATIONAL

LMS_NASIONAL = "lms-nasional"
LMS_PROVINSI = "lms-provinsi"
UNIVERSITAS = "universitas"
MITRA_SWASTA = "mitra-swasta"

COMPETENCIES = "https://lrs.palukota.go.id/xapi/competencies"
INTEGRITAS = f"{COMPETENCIES}/manajerial/integritas"
KERJA_SAMA = f"{COMPETENCIES}/manajerial/kerja-sama"
KOMUNIKASI = f"{COMPETENCIES}/manajerial/komunikasi"
HASIL = f"{COMPETENCIES}/manajerial/orientasi-pada-hasil"
PELAYANAN = f"{COMPETENCIES}/manajerial/pelayanan-publik"
PENGEMBANGAN = f"{COMPETENCIES}/manajerial/pengembangan-diri-dan-orang-lain"
PERUBAHAN = f"{COMPETENCIES}/manajerial/mengelola-perubahan"
KEPUTUSAN = f"{COMPETENCIES}/manajerial/pengambilan-keputusan"
PEREKAT = f"{COMPETENCIES}/sosial-kultural/perekat-bangsa"
# Technical competencies have no national dictionary; the catalog does not know these yet.
DATA = f"{COMPETENCIES}/teknis/analisis-data"
KEUANGAN = f"{COMPETENCIES}/teknis/pengelolaan-keuangan-daerah"
KEBENCANAAN = f"{COMPETENCIES}/teknis/manajemen-kebencanaan"
PEMBELAJARAN = f"{COMPETENCIES}/teknis/pembelajaran-digital"
KESEHATAN = f"{COMPETENCIES}/teknis/pelayanan-kesehatan-primer"
PENGADAAN = f"{COMPETENCIES}/teknis/pengadaan-barang-jasa"


@dataclass(frozen=True, slots=True)
class Offering:
    """``form`` None: the catalog maps the activity (or, for a gap, nobody does).

    ``jp`` is what the provider claims for the whole programme; ``days`` how many days
    it spans; ``minutes`` the raw duration of one session (or of the whole event).
    """

    provider: str
    iri: str
    name: str
    form: int | None
    competencies: tuple[str, ...] = ()
    jp: int | None = None
    days: int = 1
    minutes: int | None = None
    variant: str | None = None
    scope: str = NATIONAL
    mapped_jp: int | None = None  # the JP the seed catalog gives a mapped activity

    @property
    def international(self) -> bool:
        return self.scope == INTERNATIONAL


def _lms(slug: str, name: str, jp: int, days: int, *competencies: str) -> Offering:
    iri = f"https://lms-nasional.example.go.id/course/{slug}"
    return Offering(LMS_NASIONAL, iri, name, 16, competencies, jp=jp, days=days)


E_LEARNING = (
    # One day for a course of more than 3 JP: the e-learning cap (3 JP a day) bites.
    _lms("orientasi-asn-berakhlak", "Orientasi Nilai Dasar ASN BerAKHLAK", 6, 1, INTEGRITAS),
    _lms("literasi-digital-asn", "Literasi Digital bagi ASN", 3, 1, PEMBELAJARAN),
    _lms("manajemen-kinerja", "Manajemen Kinerja ASN", 6, 2, HASIL),
    _lms("pelayanan-prima", "Pelayanan Publik Prima", 4, 1, PELAYANAN),
    _lms("anti-korupsi", "Pendidikan Anti Korupsi", 9, 3, INTEGRITAS),
    _lms("analisis-data-sederhana", "Analisis Data untuk Kebijakan", 6, 2, DATA, KEPUTUSAN),
    _lms("pengadaan-dasar", "Dasar-dasar Pengadaan Barang/Jasa", 5, 1, PENGADAAN),
    _lms("kerja-sama-tim", "Membangun Kerja Sama Tim", 3, 1, KERJA_SAMA),
    _lms("manajemen-perubahan", "Mengelola Perubahan di Sektor Publik", 6, 2, PERUBAHAN),
    _lms("wawasan-kebangsaan-daring", "Wawasan Kebangsaan (daring)", 2, 1, PEREKAT),
    Offering(
        LMS_NASIONAL,
        "https://lms.example.go.id/course/etika-pelayanan-publik",
        "Etika Pelayanan Publik (example)",
        None,
        mapped_jp=6,
        days=1,
    ),
)


def _bpsdm(slug: str, name: str, form: int, days: int, *competencies: str) -> Offering:
    iri = f"https://lms-provinsi.example.go.id/pelatihan/{slug}"
    return Offering(LMS_PROVINSI, iri, name, form, competencies, jp=8 * days, days=days)


CLASSROOM = (
    _bpsdm("pengelolaan-keuangan-daerah", "Diklat Teknis Pengelolaan Keuangan Daerah", 3, 3,
           KEUANGAN),
    _bpsdm("penyusunan-renstra", "Diklat Teknis Penyusunan Renstra OPD", 3, 4, HASIL),
    _bpsdm("kepemimpinan-pengawas", "Pelatihan Manajerial bagi Pengawas", 5, 5, KEPUTUSAN,
           PENGEMBANGAN),
    _bpsdm("mitigasi-bencana", "Diklat Teknis Mitigasi Bencana Berbasis Komunitas", 3, 3,
           KEBENCANAAN),
    _bpsdm("pelayanan-kesehatan-primer", "Diklat Teknis Pelayanan Kesehatan Primer", 3, 4,
           KESEHATAN),
    _bpsdm("pembelajaran-berdiferensiasi", "Diklat Teknis Pembelajaran Berdiferensiasi", 3, 3,
           PEMBELAJARAN),
)  # fmt: skip
# Bimtek: the rule table converts their raw duration (6 hours a day).
BIMTEK = (
    Offering(
        LMS_PROVINSI,
        "https://lms-provinsi.example.go.id/bimtek/sipd-ri",
        "Bimbingan Teknis SIPD-RI",
        8,
        (KEUANGAN,),
        days=2,
        minutes=360,
    ),
)


def _uni(slug: str, name: str, form: int, days: int, scope: str, *comps: str) -> Offering:
    iri = f"https://universitas.example.ac.id/kegiatan/{slug}"
    return Offering(UNIVERSITAS, iri, name, form, comps, days=days, scope=scope)


SEMINARS = (
    _uni("seminar-tata-kelola", "Seminar Tata Kelola Pemerintahan Daerah", 9, 1, NATIONAL, HASIL),
    _uni("seminar-kota-tangguh", "Seminar Nasional Kota Tangguh Bencana", 9, 2, NATIONAL,
         KEBENCANAAN),
    _uni("icps-palu", "International Conference on Public Service, Palu", 9, 2, INTERNATIONAL,
         PELAYANAN),
    _uni("workshop-statistik", "Workshop Statistik Sektoral", 4, 2, NATIONAL, DATA),
    _uni("workshop-penulisan-kebijakan", "Workshop Penulisan Policy Brief", 4, 1, NATIONAL,
         KOMUNIKASI),
    _uni("asean-smart-city-workshop", "ASEAN Smart City Workshop", 4, 3, INTERNATIONAL, DATA,
         PERUBAHAN),
    Offering(
        UNIVERSITAS,
        "https://seminar.example.go.id/2025/wawasan-kebangsaan",
        "Seminar Wawasan Kebangsaan (example)",
        None,
        days=1,
    ),
)  # fmt: skip


def _mitra(slug: str, name: str, form: int, minutes: int, *comps: str) -> Offering:
    iri = f"https://mitra-swasta.example.co.id/program/{slug}"
    return Offering(MITRA_SWASTA, iri, name, form, comps, minutes=minutes)


COACHING = (
    _mitra("coaching-kepemimpinan", "Coaching Kepemimpinan", 14, 90, PENGEMBANGAN),
    _mitra("mentoring-pelayanan", "Mentoring Pelayanan Publik", 15, 90, PELAYANAN),
)
WEBINARS = (
    Offering(
        MITRA_SWASTA,
        "https://mitra-swasta.example.co.id/webinar/komunikasi-krisis",
        "Webinar Komunikasi Krisis",
        9,
        (KOMUNIKASI,),
        minutes=120,
        variant="webinar",
    ),
    Offering(
        MITRA_SWASTA,
        "https://mitra-swasta.example.co.id/webinar/keamanan-siber",
        "Webinar Keamanan Siber untuk ASN",
        9,
        (DATA,),
        minutes=90,
        variant="webinar",
    ),
    Offering(
        MITRA_SWASTA,
        "https://seminar.example.go.id/2025/webinar-komunikasi-publik",
        "Webinar Komunikasi Publik (example)",
        None,
        minutes=90,
    ),
)
# Activities nobody maps: no form in the catalog, none in the statement. They wait in the
# needs-mapping report.
UNMAPPED = (
    Offering(
        MITRA_SWASTA,
        "https://mitra-swasta.example.co.id/program/outbound-kebersamaan",
        "Outbound Kebersamaan",
        None,
        minutes=240,
    ),
    Offering(
        UNIVERSITAS,
        "https://universitas.example.ac.id/kegiatan/kuliah-umum-otonomi-daerah",
        "Kuliah Umum Otonomi Daerah",
        None,
        minutes=120,
    ),
)
