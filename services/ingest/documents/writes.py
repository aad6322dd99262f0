"""PUT, POST and DELETE of one document, with their preconditions, as conditional writes.

There are no transactions: a write that depends on what is stored reads it, decides, then
writes only if the document is still the one it read (same ETag, or still absent). When
another request got in between, it reads again and decides again, so a precondition is always
judged against the version the write replaces, and a failed request changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

from services.ingest.documents.merge import posted_content
from services.ingest.documents.model import Content, DocumentKey, DocumentKind, StoredDocument
from services.ingest.documents.preconditions import Preconditions, etag_of
from services.ingest.documents.store import DocumentStore
from services.ingest.errors import BadRequest, Conflict

# Each attempt loses only to a write that succeeded, so running out takes a hot document.
MAX_ATTEMPTS = 5

STORED_ALREADY = (
    "a document is stored here already: GET it, check its current state, then PUT again "
    'with an If-Match header holding its ETag (or "If-None-Match: *" to create only)'
)


class BlindPut(enum.Enum):
    """What a PUT without If-Match or If-None-Match does."""

    OVERWRITE = "overwrite"
    CREATE_ONLY = "create only: 409 when the document exists"
    REFUSE = "refuse: 409 when the document exists, 400 otherwise"


def blind_put(kind: DocumentKind, version: str) -> BlindPut:
    """The rule for ``kind`` under the request's xAPI version ("1.0.0" or "2.0.0").

    Clients MUST send a precondition when they PUT a profile; the 1.0.3 suite wants 400 when
    there is nothing to conflict with. xAPI 1.0.x lets State go without (state conflicts are
    unlikely); xAPI 2.0 answers 409 to a blind PUT over any stored document, State included.
    """
    if kind != "state":
        return BlindPut.REFUSE
    return BlindPut.OVERWRITE if version.startswith("1.") else BlindPut.CREATE_ONLY


def new_version(content: Content, now: datetime | None = None) -> StoredDocument:
    moment = now or datetime.now(UTC)
    # MongoDB keeps milliseconds; cutting them here makes what is answered what is read back.
    moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    return StoredDocument(content, etag_of(content.body), moment)


async def put_document(
    store: DocumentStore,
    key: DocumentKey,
    content: Content,
    preconditions: Preconditions,
    blind: BlindPut,
) -> None:
    document = new_version(content)
    if preconditions.given:
        await _write_checked(store, key, preconditions, lambda _current: document)
    elif blind is BlindPut.OVERWRITE:
        await store.upsert(key, document)
    elif blind is BlindPut.REFUSE:
        if await store.get(key) is None:
            raise BadRequest("a PUT to a profile needs an If-Match or If-None-Match header")
        raise Conflict(STORED_ALREADY)
    elif not await store.insert(key, document):
        raise Conflict(STORED_ALREADY)


async def post_document(
    store: DocumentStore, key: DocumentKey, content: Content, preconditions: Preconditions
) -> None:
    """Store the document, or merge it into the stored JSON document."""
    await _write_checked(
        store, key, preconditions, lambda current: new_version(posted_content(current, content))
    )


async def delete_document(
    store: DocumentStore, key: DocumentKey, preconditions: Preconditions
) -> None:
    if not preconditions.given:
        await store.delete(key)
        return
    for _ in range(MAX_ATTEMPTS):
        current = await store.get(key)
        preconditions.check(current)
        if current is None or await store.delete(key, current.etag):
            return
    raise Conflict("the document kept changing while it was being deleted; send the request again")


class _KeyLocks:
    """One lock per document key being written in this process, dropped when unused.

    MongoDB applies a conditional update atomically; FerretDB's SQLite backend reads, then
    writes, so two requests can both pass the same ETag check and one merge is lost.
    Serialising writes to one document within a replica closes that gap for a single ingest
    replica; the conditional write still guards against other replicas on MongoDB.
    """

    def __init__(self) -> None:
        self._locks: dict[DocumentKey, asyncio.Lock] = {}
        self._users: dict[DocumentKey, int] = {}

    @contextlib.asynccontextmanager
    async def hold(self, key: DocumentKey) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]


_key_locks = _KeyLocks()


async def _write_checked(
    store: DocumentStore,
    key: DocumentKey,
    preconditions: Preconditions,
    build: Callable[[StoredDocument | None], StoredDocument],
) -> None:
    async with _key_locks.hold(key):
        await _write_checked_unlocked(store, key, preconditions, build)


async def _write_checked_unlocked(
    store: DocumentStore,
    key: DocumentKey,
    preconditions: Preconditions,
    build: Callable[[StoredDocument | None], StoredDocument],
) -> None:
    for _ in range(MAX_ATTEMPTS):
        current = await store.get(key)
        preconditions.check(current)
        document = build(current)
        if current is None:
            if await store.insert(key, document):
                return
        elif await store.replace(key, document, current.etag):
            return
    raise Conflict("the document kept changing while it was being written; send the request again")
