"""Statement keys: a walk along one key's ``_id`` range meets its statements in stored order."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from services.common.statement_keys import (
    KeyRange,
    is_position,
    key_prefix,
    keys_of,
    position,
    position_of,
    statement_of,
)

START = datetime(2026, 1, 1, tzinfo=UTC)


def _walk(keys: list[str], walked: KeyRange, *, ascending: bool) -> list[str]:
    inside = sorted(k for k in keys if walked.low < k < walked.high)
    return inside if ascending else inside[::-1]


def test_a_range_holds_exactly_one_values_statements_between_since_and_until() -> None:
    rng = random.Random(7)  # noqa: S311 - test data, not secrets
    values = ["http://v/a", "http://v/a|2026-01-01T00:00:00.000000Z|x", "http://v/ab", ""]
    statements = [
        (f"{i:08x}-0000-4000-8000-000000000000", START + timedelta(seconds=rng.randrange(50)))
        for i in range(400)
    ]
    chosen = {sid: rng.choice(values) for sid, _ in statements}
    keys = [
        key
        for sid, stored in statements
        for key in keys_of({"verbs": [chosen[sid]]}, position(stored, sid))
    ]
    since, until = START + timedelta(seconds=10), START + timedelta(seconds=30)
    for value in values:
        walked = KeyRange.of(key_prefix("verbs", value), since=since, until=until)
        expected = sorted(
            (position(stored, sid) for sid, stored in statements
             if chosen[sid] == value and since < stored <= until),
        )  # fmt: skip
        assert [position_of(k) for k in _walk(keys, walked, ascending=True)] == expected
    everything = KeyRange.of(key_prefix(None))
    assert len(_walk(keys, everything, ascending=False)) == len(statements)


def test_resuming_after_a_position_continues_the_walk_in_both_directions() -> None:
    stored = [START + timedelta(milliseconds=i // 3) for i in range(30)]
    ids = [f"{i:08x}-aaaa-4000-8000-000000000000" for i in range(30)]
    keys = [
        keys_of({"agents": ["mbox:mailto:a@b.c"]}, position(t, i))[1]
        for t, i in zip(stored, ids, strict=True)
    ]
    walked = KeyRange.of(key_prefix("agents", "mbox:mailto:a@b.c"))
    for ascending in (True, False):
        whole = _walk(keys, walked, ascending=ascending)
        first, rest = whole[:7], whole[7:]
        resumed = walked.after(position_of(first[-1]), ascending=ascending)
        assert _walk(keys, resumed, ascending=ascending) == rest
        assert [statement_of(k) for k in whole] == [
            i for _, i in sorted(zip(stored, ids, strict=True), reverse=not ascending)
        ]


def test_each_filter_value_gets_one_key_and_every_statement_the_key_of_all() -> None:
    at = position(START, "s1")
    keys = keys_of({"agents": ["x", "x"], "verbs": ["v"], "registrations": []}, at)
    assert len(keys) == 3 and keys[0] == "al|" + at
    assert all(position_of(k) == at for k in keys)
    assert len({k.split("|")[0] for k in keys}) == 3


def test_only_positions_are_accepted_as_cursors() -> None:
    assert is_position(position(START, "abc"))
    assert not is_position("1700|abc")
    assert not is_position("2026-01-01T00:00:00.000000Z|")
    assert not is_position("2026-01-01T00:00:00.000000Z|a|b")
