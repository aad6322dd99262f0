"""The competency store's concurrency rules on a real MongoDB-wire server (FerretDB locally)."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import Document
from services.competency_store.collections import LEARNER_YEARS, UNIT_YEARS, UNMAPPED_EVENTS
from services.competency_store.documents import version_of
from services.competency_store.store import MemberChange, MongoCompetencyStore, YearUpdate

NIP = "PPPK.2025.000123"  # a number with dots: escaped as a field name


async def test_rival_appends_are_all_kept(database: AsyncDatabase[Document]) -> None:
    store = MongoCompetencyStore(database)
    first, second = '{"statement_id":"s1"}', '{"statement_id":"s2","claimed_jp":"2.5"}'
    created = await store.update_learner_year(YearUpdate("a:2025", [first], [], {"jp": "1"}, 1))
    assert version_of(created) == created["computed_from"] == 1
    # Two writers that both read the document with "s1" only: neither event is lost, the
    # summary is the last writer's, and the version returned shows the slower one it
    # computed from less than there is.
    await store.update_learner_year(YearUpdate("a:2025", [second], ["s1"], {"jp": "2"}, 3))
    slower = await store.update_learner_year(YearUpdate("a:2025", [first], [], {"jp": "3"}, 1))
    assert (slower["events"], slower["voided"]) == ([first, second], ["s1"])
    assert (slower["jp"], slower["computed_from"], version_of(slower)) == ("3", 1, 3)
    assert await database[LEARNER_YEARS].find_one({"_id": "a:2025"}) == slower


async def test_unit_members_are_set_and_removed(database: AsyncDatabase[Document]) -> None:
    store = MongoCompetencyStore(database)
    await store.update_unit_members(
        [
            MemberChange("DIS.KOM", 2025, NIP, {"nip": NIP, "jp": "5"}),
            MemberChange("DIS.KOM", 2025, "1985", {"nip": "1985", "jp": "20"}),
            MemberChange("OTHER", 2025, NIP, None),  # nothing there: nothing made
        ]
    )
    doc = await database[UNIT_YEARS].find_one({"_id": "DIS.KOM:2025"})
    assert doc == {
        "_id": "DIS.KOM:2025",
        "unit": "DIS.KOM",
        "year": 2025,
        "members": {
            "PPPK%2E2025%2E000123": {"nip": NIP, "jp": "5"},
            "1985": {"nip": "1985", "jp": "20"},
        },
    }
    await store.update_unit_members([MemberChange("DIS.KOM", 2025, NIP, None)])  # moved away
    doc = await database[UNIT_YEARS].find_one({"_id": "DIS.KOM:2025"})
    assert doc is not None and list(doc["members"]) == ["1985"]  # type: ignore[call-overload]
    assert await database[UNIT_YEARS].find_one({"_id": "OTHER:2025"}) is None


async def test_unmapped_events_and_pending_voids(database: AsyncDatabase[Document]) -> None:
    store = MongoCompetencyStore(database)
    event: Document = {"_id": "s1", "learner_key": "mbox:x", "gaps": ["learner"], "voided": False}
    await store.keep_unmapped([event])
    await store.keep_unmapped([{**event, "gaps": ["activity"]}])  # a redelivery: kept as first
    await store.void_unmapped(["s1", "never-seen"])
    assert await database[UNMAPPED_EVENTS].find_one({"_id": "s1"}) == {**event, "voided": True}
    await store.add_pending_voids({"t1": "v1", "t2": "v2"})
    await store.add_pending_voids({"t1": "v1"})
    assert await store.pending_voids() == {"t1", "t2"}
    await store.forget_pending_voids({"t1"})
    assert await store.pending_voids() == {"t2"}
