"""The aggregator is killed (SIGKILL) in the middle of a batch and restarted; what it leaves
must equal a clean replay of the topic into a fresh database (``python -m services.rebuild``).

The statements: 40 rostered civil servants, each with an e-learning course (registered,
progressed, completed) and a two-day seminar, spread over December and January (two
reporting years); every fifth completion voided; some statements sent twice (the same ids
and content); a learner the roster does not know. The aggregator applies them 25 records a
batch, so it is killed with some records written whose offsets it had not yet recorded, and
redoes them after the restart.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from pymongo.asynchronous.database import AsyncDatabase

from services.common.mongo import APPLIED_OFFSETS, STATEMENTS, Document
from services.common.topics import topic_partitions
from services.competency.xapi_conventions import Extension
from services.competency_store.collections import LEARNER_YEARS, UNIT_YEARS, UNMAPPED_EVENTS
from services.rebuild.equality import compare
from tests.competency_statements import E_LEARNING, SEMINAR, learning, voiding
from tests.fixtures.infrastructure import Endpoints, Names
from tests.fixtures.pipeline import CREDENTIALS, XAPI_HEADERS, make_pipeline
from tests.integration.test_competency_pipeline import UNITS, run_cli

LEARNERS = 40
KILL_ATTEMPTS = 5
STRANGER = "199101012016032003"


def nip(number: int) -> str:
    # Born 1985-03-30, CPNS from January 2010, male, sequence number.
    return f"198503302010011{number:03d}"


def roster_csv() -> str:
    rows = ["nip,name,status,unit_code,position_category,email"]
    for n in range(1, LEARNERS + 1):
        unit = "BID-DATA" if n % 2 else "DISKOMINFO"
        rows.append(f"{nip(n)},Pegawai {n},PNS,{unit},pelaksana,pegawai{n}@palukota.go.id")
    return "\n".join(rows) + "\n"


def statements() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The statements to send, and the ones to send a second time."""
    sent: list[dict[str, Any]] = []
    for n in range(1, LEARNERS + 1):
        course = str(uuid.uuid4())
        day = 1 + n % 20
        sent += [
            learning("registered", E_LEARNING, f"2025-12-{day:02d}T08:00", nip=nip(n),
                     registration=course),
            learning("progressed", E_LEARNING, f"2025-12-{day:02d}T09:00", nip=nip(n),
                     registration=course),
            learning("completed", E_LEARNING, f"2025-12-{day + 1:02d}T10:00", nip=nip(n),
                     registration=course),
            learning("attended", SEMINAR, f"2026-01-{day:02d}T16:00", nip=nip(n),
                     registration=str(uuid.uuid4()), extensions={Extension.DAYS: 2}),
        ]  # fmt: skip
    completions = [s for s in sent if s["verb"]["id"].endswith("completed")]
    sent += [voiding(target) for target in completions[::5]]
    sent.append(learning("completed", E_LEARNING, "2025-12-05T10:00", nip=STRANGER))
    return sent, sent[::7]


async def test_sigkill_mid_batch_then_restart_equals_a_clean_replay(
    infrastructure: Endpoints, names: Names, tmp_path: Path, database: AsyncDatabase[Document]
) -> None:
    units = tmp_path / "units.csv"
    units.write_text(UNITS)
    roster = tmp_path / "roster.csv"
    roster.write_text(roster_csv())
    imported = await asyncio.to_thread(
        run_cli, infrastructure, names, "units", "import", str(units)
    )
    assert imported.exit_code == 0, imported.output
    imported = await asyncio.to_thread(
        run_cli, infrastructure, names, "roster", "import", str(roster)
    )
    assert imported.exit_code == 0, imported.output

    pipeline = make_pipeline(infrastructure, names, tmp_path / "live", LRS_BATCH_MAX_RECORDS="25")
    pipeline.ingest.start(30)
    try:
        sent, again = statements()
        async with httpx.AsyncClient(auth=CREDENTIALS, headers=XAPI_HEADERS, timeout=60) as http:
            # Repeats are answered 200 and not produced again (ingest remembers what it
            # accepted), so the topic holds each statement once.
            for chunk in (sent[i : i + 50] for i in range(0, len(sent), 50)):
                response = await http.post(f"{pipeline.ingest_url}/xapi/statements", json=chunk)
                assert response.status_code == 200, response.text
            response = await http.post(f"{pipeline.ingest_url}/xapi/statements", json=again)
            assert response.status_code == 200, response.text
        ends = await end_offsets(infrastructure, names)
        total = sum(ends.values())
        assert total == len(sent)

        killed_mid_batch = False
        for _ in range(KILL_ATTEMPTS):
            pipeline.aggregator.start(30)
            killed_mid_batch = await kill_mid_batch(pipeline.aggregator.kill, database, total)
            if killed_mid_batch:
                break
        assert killed_mid_batch, "never caught the aggregator between a write and its offsets"

        pipeline.aggregator.start(30)
        await wait_applied(database, names, ends)
    finally:
        pipeline.stop()

    assert await database[LEARNER_YEARS].count_documents({}) == 2 * LEARNERS
    assert await database[UNIT_YEARS].count_documents({}) == 4  # 2 units x 2 years
    assert await database[UNMAPPED_EVENTS].count_documents({}) == 1  # the stranger

    rebuilt = f"{names.database}_rebuilt"
    try:
        result = await asyncio.to_thread(rebuild, infrastructure, names, "run", "--into", rebuilt)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "EQUAL" in result.stdout
        comparison = await compare(database, database.client[rebuilt])
        assert comparison.equal
        assert sum(c.documents for c in comparison.collections) > 6 * LEARNERS

        # The check can fail: one changed summary in the rebuilt database is found.
        changed = f"{nip(1)}:2025"
        await database.client[rebuilt][LEARNER_YEARS].update_one(
            {"_id": changed}, {"$set": {"recognised_jp": "99"}}
        )
        result = await asyncio.to_thread(rebuild, infrastructure, names, "check", rebuilt)
        assert result.returncode == 1
        assert f"learner_years different: {changed}" in result.stdout
    finally:
        await database.client.drop_database(rebuilt)


async def kill_mid_batch(kill: Any, db: AsyncDatabase[Document], total: int) -> bool:
    """Kill as soon as statements are stored beyond the recorded offsets; say whether the
    kill still found it so (the batch may have finished in between)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if await stored_beyond_recorded(db):
            kill()
            return await stored_beyond_recorded(db)
        if await recorded(db) >= total:
            return False
        await asyncio.sleep(0.005)
    return False


async def stored_beyond_recorded(db: AsyncDatabase[Document]) -> bool:
    # Each record holds at most one statement, so more statements than recorded records
    # means a batch wrote them and had not recorded its offsets yet.
    return await db[STATEMENTS].count_documents({}) > await recorded(db)


async def recorded(db: AsyncDatabase[Document]) -> int:
    return sum([int(doc["offset"]) + 1 async for doc in db[APPLIED_OFFSETS].find({})])  # type: ignore[call-overload]


async def wait_applied(db: AsyncDatabase[Document], names: Names, ends: dict[int, int]) -> None:
    wanted = {f"{names.statements_topic}:{p}": end - 1 for p, end in ends.items() if end}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        applied = {str(d["_id"]): d["offset"] async for d in db[APPLIED_OFFSETS].find({})}
        if applied == wanted:
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"not applied in time: {applied} != {wanted}")


async def end_offsets(infrastructure: Endpoints, names: Names) -> dict[int, int]:
    consumer = AIOKafkaConsumer(bootstrap_servers=infrastructure.bootstrap_servers)
    await consumer.start()
    try:
        partitions = [
            TopicPartition(names.statements_topic, p)
            for p in await topic_partitions(
                infrastructure.bootstrap_servers, names.statements_topic
            )
        ]
        ends = await consumer.end_offsets(partitions)
        return {tp.partition: offset for tp, offset in ends.items()}
    finally:
        await consumer.stop()


def rebuild(
    infrastructure: Endpoints, names: Names, *args: str
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **names.env(infrastructure), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "services.rebuild", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
