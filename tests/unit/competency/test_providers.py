"""providers.csv: optional in a catalog set, shipped with the four example providers, checked
line by line like the other files; unknown provider ids are a report category, not an error."""

from __future__ import annotations

from services.competency.catalog import Catalog
from services.competency.catalog_loader import PROVIDERS, load_catalog, read_catalog_dir
from services.competency.file_errors import Rejected
from services.competency.providers import UNKNOWN, ProviderType, provider_type
from tests.unit.competency.support import seed_catalog

HEADER = "id,name,type,evidence,note\n"


def test_the_seed_ships_the_four_providers_its_activities_name() -> None:
    catalog = seed_catalog()
    assert {p: (v.name, v.type) for p, v in catalog.providers.items()} == {
        "lms-nasional": ("LMS nasional (contoh)", ProviderType.GOVERNMENT),
        "lms-provinsi": ("LMS BPSDM provinsi (contoh)", ProviderType.GOVERNMENT),
        "universitas": ("Universitas (contoh)", ProviderType.UNIVERSITY),
        "mitra-swasta": ("Mitra pelatihan swasta (contoh)", ProviderType.PRIVATE),
    }
    assert {a.provider for a in catalog.activities.values()} <= set(catalog.providers)


def test_a_catalog_without_providers_loads_and_knows_none() -> None:
    sources = read_catalog_dir()
    del sources[PROVIDERS]
    catalog = load_catalog(sources)
    assert isinstance(catalog, Catalog)
    assert catalog.providers == {}
    assert provider_type(catalog.providers, "lms-nasional") == UNKNOWN


def test_bad_provider_rows_point_at_their_lines() -> None:
    text = (
        HEADER
        + "lms-nasional,LMS,government,unconfirmed,\n"  # line 2: fine
        + "kampus,Kampus,college,unconfirmed,\n"  # line 3: no such type
        + "lms-nasional,Again,government,unconfirmed,\n"  # line 4: repeats line 2
    )
    result = load_catalog({**read_catalog_dir(), PROVIDERS: text})
    assert isinstance(result, Rejected)
    assert [(e.file, e.line, e.column) for e in result.errors] == [
        (PROVIDERS, 3, "type"),
        (PROVIDERS, 4, None),
    ]
    assert "already defined on line 2" in result.errors[1].message


def test_provider_types_unknown_for_none_and_unlisted_ids() -> None:
    providers = seed_catalog().providers
    assert provider_type(providers, "universitas") == "university"
    assert provider_type(providers, "lms-kabupaten") == UNKNOWN
    assert provider_type(providers, None) == UNKNOWN
