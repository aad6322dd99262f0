"""From an xAPI actor to the NIP of the civil servant it names."""

from __future__ import annotations

import hashlib

import pytest

from services.competency.crosswalk import Crosswalk
from services.competency.roster import import_roster

ROSTER = (
    "nip,name,status,unit_code,position_category,email,openid,accounts\n"
    "198503302010011002,Siti,PNS,DISKOMINFO,fungsional,Siti@Palukota.go.id,"
    "https://id.example.org/siti,https://lms.example.go.id|siti.r;https://lms.untad.ac.id|1234\n"
    "PPPK-2025-000123,Budi,PPPK,DISKOMINFO,fungsional,,,\n"
)
SITI = "198503302010011002"


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


@pytest.fixture
def crosswalk() -> Crosswalk:
    result = import_roster(ROSTER)
    assert not result.errors
    return Crosswalk(row.value for row in result.entries)


@pytest.mark.parametrize(
    "actor",
    [
        {"account": {"homePage": "https://siasn.bkn.go.id", "name": SITI}},
        {"mbox": "mailto:siti@palukota.go.id"},
        {"mbox": "mailto:SITI@PALUKOTA.GO.ID", "objectType": "Agent", "name": "Siti R."},
        {"mbox_sha1sum": sha1("mailto:Siti@Palukota.go.id")},
        {"mbox_sha1sum": sha1("mailto:siti@palukota.go.id").upper()},
        {"openid": "https://id.example.org/siti"},
        {"account": {"homePage": "https://lms.example.go.id", "name": "siti.r"}},
        {"account": {"homePage": "https://lms.untad.ac.id", "name": "1234"}},
    ],
)
def test_every_identifier_of_the_roster_resolves(
    crosswalk: Crosswalk, actor: dict[str, object]
) -> None:
    assert crosswalk.nip_for(actor) == SITI


def test_a_pppk_resolves_by_their_own_number_as_siasn_account(crosswalk: Crosswalk) -> None:
    actor = {"account": {"homePage": "https://siasn.bkn.go.id", "name": "PPPK-2025-000123"}}
    assert crosswalk.nip_for(actor) == "PPPK-2025-000123"


@pytest.mark.parametrize(
    "actor",
    [
        {"account": {"homePage": "https://siasn.bkn.go.id", "name": "199001012015032001"}},
        {"account": {"homePage": "https://lms.example.go.id", "name": SITI}},
        {"mbox": "mailto:someone@palukota.go.id"},
        {"name": "no identifier"},
    ],
)
def test_unknown_actors_resolve_to_nobody(crosswalk: Crosswalk, actor: dict[str, object]) -> None:
    assert crosswalk.nip_for(actor) is None
