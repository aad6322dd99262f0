"""Fill a fresh database with the store's statements, then give it the aggregator's indexes.

Documents first, then ``ensure_indexes`` (what the aggregator runs when it starts, whatever it
creates on this server): the end state is the one the aggregator leaves, reached faster than
by inserting into an indexed collection (with the eight statement indexes on FerretDB's
SQLite backend, 20k statements took 21 s against 44 s). Chunks are inserted one at a time
while the next one is built in a thread; each is bounded in time, and so is the whole fill.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from bench.store_documents import (
    Definitions,
    key_documents,
    statement_document,
    timeline_document,
)
from bench.store_statements import StoreStatements
from services.common.mongo import (
    ACTIVITY_DEFINITIONS,
    STATEMENTS,
    TIMELINE_EVENTS,
    Document,
    ensure_indexes,
)
from services.common.statement_keys import STATEMENT_KEYS

CHUNK_TIMEOUT = 300.0  # one chunk slower than this: the store is stuck, stop filling
INDEX_TIMEOUT = 3600.0  # indexing a million statements on FerretDB takes minutes
UPSERTS_PER_COMMAND = 16  # FerretDB holds a pooled connection per update of a command
PROGRESS_LINES = 10  # without a terminal (a log file): a line every tenth of the fill


@dataclass
class FillResult:
    requested: int
    inserted: int
    insert_seconds: float
    inserts_per_second: float
    index_seconds: float | None
    seconds: float  # inserting and indexing
    statements_per_second: float  # overall
    chunk: int
    learners: int
    definitions: int
    stopped: str


async def _write_chunk(db: AsyncDatabase[Document], chunk: Chunk) -> int:
    async with asyncio.timeout(CHUNK_TIMEOUT):
        await db[STATEMENTS].insert_many(chunk.statements, ordered=False)
        await db[STATEMENT_KEYS].insert_many(chunk.keys, ordered=False)
        await db[TIMELINE_EVENTS].insert_many(chunk.events, ordered=False)
    return len(chunk.statements)


@dataclass(frozen=True)
class Chunk:
    statements: list[Document]
    keys: list[Document]
    events: list[Document]


def _build_chunk(
    statements: StoreStatements, definitions: Definitions, first: int, count: int
) -> Chunk:
    records = statements.records(first, count)
    definitions.add(records)
    return Chunk(
        [statement_document(r) for r in records],
        [key for r in records for key in key_documents(r)],
        [timeline_document(r) for r in records],
    )


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("filling the store"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>7,.0f} statements/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    )


async def _insert(
    db: AsyncDatabase[Document],
    statements: StoreStatements,
    definitions: Definitions,
    chunk: int,
    bound_seconds: float,
    console: Console,
) -> tuple[int, str]:
    """Insert chunk after chunk: (statements inserted, why it stopped)."""
    inserted, stopped = 0, "done"
    size = statements.size
    pending: asyncio.Task[int] | None = None
    began = time.perf_counter()
    next_line = size / PROGRESS_LINES
    with _progress(console) as progress:
        bar = progress.add_task("fill", total=size, rate=0.0)
        try:
            for first in range(0, size, chunk):
                if time.perf_counter() - began >= bound_seconds:
                    stopped = f"time bound of {bound_seconds:g} s"
                    break
                count = min(chunk, size - first)
                built = await asyncio.to_thread(_build_chunk, statements, definitions, first, count)
                if pending is not None:
                    inserted += await pending
                rate = inserted / (time.perf_counter() - began)
                progress.update(bar, completed=inserted, rate=rate)
                if not console.is_terminal and inserted >= next_line:
                    console.print(f"  {inserted:,} of {size:,} statements, {rate:,.0f}/s")
                    next_line += size / PROGRESS_LINES
                pending = asyncio.create_task(_write_chunk(db, built))
            if pending is not None:
                inserted += await pending
                pending = None
        except (PyMongoError, TimeoutError) as error:
            stopped = f"{type(error).__name__}: {str(error)[:300]}"
            if pending is not None:
                pending.cancel()
        rate = inserted / (time.perf_counter() - began)
        progress.update(bar, completed=inserted, rate=rate)
    return inserted, stopped


async def _write_definitions(db: AsyncDatabase[Document], definitions: Definitions) -> None:
    upserts = definitions.upserts()
    for start in range(0, len(upserts), UPSERTS_PER_COMMAND):
        chunk = upserts[start : start + UPSERTS_PER_COMMAND]
        await db[ACTIVITY_DEFINITIONS].bulk_write(chunk, ordered=False)


async def fill(
    db: AsyncDatabase[Document],
    statements: StoreStatements,
    chunk: int,
    bound_seconds: float,
    console: Console,
) -> FillResult:
    """Insert the statements (into an empty database), then index them as the aggregator does."""
    definitions = Definitions()
    began = time.perf_counter()
    inserted, stopped = await _insert(db, statements, definitions, chunk, bound_seconds, console)
    insert_seconds = time.perf_counter() - began
    index_seconds = None
    if inserted:
        console.print(f"  {inserted:,} inserted in {insert_seconds:.0f} s; indexing ...")
        try:
            async with asyncio.timeout(INDEX_TIMEOUT):
                await _write_definitions(db, definitions)
                indexing = time.perf_counter()
                await ensure_indexes(db)
                index_seconds = time.perf_counter() - indexing
        except (PyMongoError, TimeoutError) as error:
            stopped = f"indexing: {type(error).__name__}: {str(error)[:300]}"
    seconds = time.perf_counter() - began
    return FillResult(
        requested=statements.size,
        inserted=inserted,
        insert_seconds=insert_seconds,
        inserts_per_second=inserted / insert_seconds,
        index_seconds=index_seconds,
        seconds=seconds,
        statements_per_second=inserted / seconds,
        chunk=chunk,
        learners=statements.learners,
        definitions=len(definitions.seen),
        stopped=stopped,
    )
