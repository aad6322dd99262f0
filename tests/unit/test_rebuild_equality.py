"""What the rebuild check treats as equal, and what not."""

from __future__ import annotations

from datetime import UTC, datetime

from services.common.mongo import Document
from services.competency_store.collections import LEARNER_YEARS, UNIT_YEARS
from services.rebuild.equality import counts, difference, fingerprint


def test_lists_of_strings_compare_as_sets_because_batches_add_them_in_any_order() -> None:
    live: Document = {"_id": "a", "events": ["x", "y", "z"], "version": 3}
    rebuilt: Document = {"version": 3, "events": ["z", "x", "y"], "_id": "a"}
    assert fingerprint(live) == fingerprint(rebuilt)


def test_a_missing_or_extra_member_differs() -> None:
    assert fingerprint({"_id": "a", "events": ["x", "y"]}) != fingerprint(
        {"_id": "a", "events": ["x"]}
    )


def test_lists_of_documents_keep_their_order() -> None:
    first: Document = {"_id": "a", "by_form": [{"form": 1}, {"form": 2}]}
    second: Document = {"_id": "a", "by_form": [{"form": 2}, {"form": 1}]}
    assert fingerprint(first) != fingerprint(second)


def test_values_and_times_count() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    assert fingerprint({"_id": "a", "stored": at}) != fingerprint(
        {"_id": "a", "stored": datetime(2026, 1, 2, tzinfo=UTC)}
    )
    assert fingerprint({"_id": "a", "jp": "3"}) != fingerprint({"_id": "a", "jp": "3.0"})


def test_an_empty_unit_year_counts_as_absent_but_an_empty_learner_year_does_not() -> None:
    assert not counts(UNIT_YEARS, {"_id": "U:2026", "members": {}})
    assert counts(UNIT_YEARS, {"_id": "U:2026", "members": {"1": {"nip": "1"}}})
    assert counts(LEARNER_YEARS, {"_id": "1:2026", "events": []})


def test_difference_names_each_kind_of_mismatch() -> None:
    live = {"a": b"1", "b": b"2", "c": b"3"}
    rebuilt = {"b": b"2", "c": b"X", "d": b"4"}
    found = difference("statements", live, rebuilt)
    assert (found.only_live, found.only_rebuilt, found.different) == (["a"], ["d"], ["c"])
    assert not found.equal
    assert difference("statements", live, dict(live)).equal
