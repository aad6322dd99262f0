"""The read-your-writes gate: wait for the acknowledged offsets, then tell the truth."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from services.ingest.consistency import (
    EPOCH,
    AppliedPosition,
    ConsistencyGate,
    RecentConsistency,
)

OLD = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


class ScriptedOffsets:
    """Applied positions that advance one step each time they are read."""

    def __init__(self, *steps: dict[int, AppliedPosition]) -> None:
        self.steps = list(steps)
        self.reads = 0

    async def read(self) -> dict[int, AppliedPosition]:
        step = self.steps[min(self.reads, len(self.steps) - 1)]
        self.reads += 1
        return step


async def test_answers_now_once_every_acknowledged_offset_is_applied() -> None:
    offsets = ScriptedOffsets(
        {0: AppliedPosition(3, OLD)},
        {0: AppliedPosition(5, OLD), 1: AppliedPosition(2, OLD)},
    )
    before = datetime.now(UTC)
    through = await ConsistencyGate(offsets, wait_seconds=5).wait_for({0: 5, 1: 2})
    assert offsets.reads == 2
    assert through >= before


async def test_after_the_bounded_wait_it_names_the_oldest_lagging_stored_time() -> None:
    newer = OLD + timedelta(minutes=5)
    offsets = ScriptedOffsets(
        {0: AppliedPosition(1, OLD), 1: AppliedPosition(1, newer), 2: AppliedPosition(9, newer)}
    )
    through = await ConsistencyGate(offsets, wait_seconds=0.05).wait_for({0: 4, 1: 4, 2: 9})
    assert through == OLD


async def test_a_partition_never_applied_is_consistent_through_nothing() -> None:
    offsets = ScriptedOffsets({})
    through = await ConsistencyGate(offsets, wait_seconds=0.02).wait_for({1: 0})
    assert through == EPOCH


async def test_nothing_acknowledged_means_no_wait() -> None:
    offsets = ScriptedOffsets({})
    await ConsistencyGate(offsets, wait_seconds=5).wait_for({})
    assert offsets.reads == 1


async def test_responses_that_read_nothing_reuse_a_recent_read_then_read_again() -> None:
    newer = OLD + timedelta(minutes=5)
    offsets = ScriptedOffsets({0: AppliedPosition(1, OLD)}, {0: AppliedPosition(1, newer)})
    recent = RecentConsistency(ConsistencyGate(offsets, wait_seconds=5), max_age=0.05)

    assert await recent.through({0: 2}) == OLD
    assert await recent.through({0: 2}) == OLD  # within max_age: no second read
    assert offsets.reads == 1
    await asyncio.sleep(0.06)
    assert await recent.through({0: 2}) == newer
    assert offsets.reads == 2
