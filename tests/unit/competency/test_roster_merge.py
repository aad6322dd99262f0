"""A roster file against the stored roster: one identifier names one person."""

from __future__ import annotations

from services.competency.roster import RosterEntry, import_roster
from services.competency.roster_merge import merge_roster

HEADER = "nip,name,status,unit_code,position_category,email\n"
STORED = HEADER + "198503302010011002,Siti,PNS,DISKOMINFO,fungsional,siti@palukota.go.id\n"


def stored() -> list[RosterEntry]:
    return [row.value for row in import_roster(STORED).entries]


def test_a_row_may_not_take_the_identifier_of_a_stored_entry() -> None:
    file = HEADER + (
        "199001012015032001,Dewi,PNS,BAPPEDA,pengawas,SITI@palukota.go.id\n"  # 2 Siti's e-mail
        "199001012015032002,Rina,PNS,BAPPEDA,pengawas,rina@palukota.go.id\n"  # 3 new
    )
    merged = merge_roster(stored(), import_roster(file, "new.csv"), "new.csv")
    assert [row.line for row in merged.entries] == [3]
    assert [str(error) for error in merged.errors] == [
        "new.csv:2: identifier already belongs to stored NIP(s) 198503302010011002"
    ]


def test_a_row_replaces_its_own_entry() -> None:
    file = HEADER + "198503302010011002,Siti Rahma,PNS,BAPPEDA,fungsional,siti@palukota.go.id\n"
    merged = merge_roster(stored(), import_roster(file, "new.csv"), "new.csv")
    assert [row.value.unit_code for row in merged.entries] == ["BAPPEDA"]
    assert merged.errors == ()
