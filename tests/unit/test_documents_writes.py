"""PUT, POST and DELETE of a document: preconditions, blind PUTs and concurrent writers."""

from __future__ import annotations

import orjson
import pytest

from services.ingest.documents.model import (
    Content,
    DocumentKey,
    DocumentKind,
    Scope,
    StoredDocument,
)
from services.ingest.documents.preconditions import Preconditions, etag_of
from services.ingest.documents.writes import (
    BlindPut,
    blind_put,
    delete_document,
    new_version,
    post_document,
    put_document,
)
from services.ingest.errors import BadRequest, Conflict, PreconditionFailed
from tests.unit.test_documents_memory_store import STATE_SCOPE, MemoryDocumentStore

KEY = DocumentKey(STATE_SCOPE, "s1")
NONE = Preconditions()


def _json(value: object) -> Content:
    return Content(orjson.dumps(value), "application/json")


def _if_match(document: StoredDocument) -> Preconditions:
    return Preconditions.from_headers(f'"{document.etag}"', None)


CREATE_ONLY = Preconditions.from_headers(None, "*")


class RivalWritesAfterFirstRead(MemoryDocumentStore):
    """Another client stores ``rival`` between this request's first read and its write."""

    def __init__(self, rival: StoredDocument | None) -> None:
        super().__init__()
        self.rival = rival
        self.reads = 0

    async def get(self, key: DocumentKey) -> StoredDocument | None:
        current = await super().get(key)
        self.reads += 1
        if self.reads == 1:
            if self.rival is None:
                self.documents.pop(key.storage_id, None)
            else:
                self.documents[key.storage_id] = (key, self.rival)
        return current


@pytest.mark.parametrize(
    ("kind", "version", "rule"),
    [
        ("state", "1.0.0", BlindPut.OVERWRITE),
        ("state", "2.0.0", BlindPut.CREATE_ONLY),
        ("activity_profile", "1.0.0", BlindPut.REFUSE),
        ("agent_profile", "2.0.0", BlindPut.REFUSE),
    ],
)
def test_blind_put_rules(kind: DocumentKind, version: str, rule: BlindPut) -> None:
    assert blind_put(kind, version) is rule


async def test_a_version_carries_the_sha1_etag_and_millisecond_time() -> None:
    document = new_version(_json({"a": 1}))
    assert document.etag == etag_of(b'{"a":1}')
    assert document.updated.microsecond % 1000 == 0


async def test_blind_puts_overwrite_create_or_are_refused() -> None:
    store = MemoryDocumentStore()
    await put_document(store, KEY, _json({"v": 1}), NONE, BlindPut.OVERWRITE)
    await put_document(store, KEY, _json({"v": 2}), NONE, BlindPut.OVERWRITE)
    stored = await store.get(KEY)
    assert stored is not None and orjson.loads(stored.content.body) == {"v": 2}

    with pytest.raises(Conflict):
        await put_document(store, KEY, _json({"v": 3}), NONE, BlindPut.CREATE_ONLY)
    with pytest.raises(Conflict):
        await put_document(store, KEY, _json({"v": 3}), NONE, BlindPut.REFUSE)
    assert await store.get(KEY) == stored

    other = DocumentKey(STATE_SCOPE, "s2")
    with pytest.raises(BadRequest):
        await put_document(store, other, _json({}), NONE, BlindPut.REFUSE)
    assert await store.get(other) is None
    await put_document(store, other, _json({}), NONE, BlindPut.CREATE_ONLY)
    assert await store.get(other) is not None


async def test_put_with_if_match_replaces_only_the_version_it_names() -> None:
    store = MemoryDocumentStore()
    await put_document(store, KEY, _json({"v": 1}), CREATE_ONLY, BlindPut.REFUSE)
    first = await store.get(KEY)
    assert first is not None

    await put_document(store, KEY, _json({"v": 2}), _if_match(first), BlindPut.REFUSE)
    with pytest.raises(PreconditionFailed):
        await put_document(store, KEY, _json({"v": 3}), _if_match(first), BlindPut.REFUSE)
    with pytest.raises(PreconditionFailed):
        await put_document(store, KEY, _json({"v": 3}), CREATE_ONLY, BlindPut.REFUSE)

    stored = await store.get(KEY)
    assert stored is not None and orjson.loads(stored.content.body) == {"v": 2}


async def test_post_merges_into_json_and_refuses_otherwise_without_changing_anything() -> None:
    store = MemoryDocumentStore()
    await post_document(store, KEY, _json({"car": "Honda"}), NONE)
    await post_document(store, KEY, _json({"type": "Civic"}), NONE)
    stored = await store.get(KEY)
    assert stored is not None
    assert orjson.loads(stored.content.body) == {"car": "Honda", "type": "Civic"}

    with pytest.raises(BadRequest):
        await post_document(store, KEY, Content(b"abc", "text/plain"), NONE)
    with pytest.raises(PreconditionFailed):
        await post_document(store, KEY, _json({"x": 1}), CREATE_ONLY)
    assert await store.get(KEY) == stored


async def test_a_post_that_lost_a_race_merges_into_the_winner() -> None:
    rival = new_version(_json({"rival": True}))
    store = RivalWritesAfterFirstRead(rival)
    await store.upsert(KEY, new_version(_json({"first": True})))

    await post_document(store, KEY, _json({"mine": True}), NONE)

    stored = await store.get(KEY)
    assert stored is not None
    assert orjson.loads(stored.content.body) == {"rival": True, "mine": True}


async def test_if_match_is_judged_against_what_a_rival_wrote_meanwhile() -> None:
    original = new_version(_json({"v": 1}))
    rival = new_version(_json({"v": "rival"}))
    store = RivalWritesAfterFirstRead(rival)
    await store.upsert(KEY, original)

    with pytest.raises(PreconditionFailed):
        await put_document(store, KEY, _json({"v": 2}), _if_match(original), BlindPut.REFUSE)
    assert await store.get(KEY) == rival


async def test_create_only_loses_to_a_rival_creation() -> None:
    store = RivalWritesAfterFirstRead(new_version(_json({"rival": True})))
    with pytest.raises(PreconditionFailed):
        await put_document(store, KEY, _json({"mine": True}), CREATE_ONLY, BlindPut.REFUSE)


async def test_delete_honours_if_match() -> None:
    store = MemoryDocumentStore()
    await delete_document(store, KEY, NONE)  # nothing there: still fine
    document = new_version(_json({}))
    await store.upsert(KEY, document)

    with pytest.raises(PreconditionFailed):
        await delete_document(store, KEY, Preconditions.from_headers('"other"', None))
    assert await store.get(KEY) == document
    await delete_document(store, KEY, _if_match(document))
    assert await store.get(KEY) is None
    with pytest.raises(PreconditionFailed):
        await delete_document(store, KEY, _if_match(document))


async def test_if_match_any_fails_when_a_rival_deleted_the_document_first() -> None:
    store = RivalWritesAfterFirstRead(None)
    await store.upsert(KEY, new_version(_json({})))
    with pytest.raises(PreconditionFailed):
        await delete_document(store, KEY, Preconditions.from_headers("*", None))
    assert await store.get(KEY) is None


async def test_scopes_keep_documents_apart() -> None:
    store = MemoryDocumentStore()
    other_agent = DocumentKey(Scope("state", STATE_SCOPE.activity_id, "mbox:mailto:b@x.org"), "s1")
    await put_document(store, KEY, _json({"a": 1}), NONE, BlindPut.OVERWRITE)
    await put_document(store, other_agent, _json({"b": 1}), NONE, BlindPut.OVERWRITE)
    assert [i for i, _ in await store.list_ids(STATE_SCOPE)] == ["s1"]
    assert await store.get(KEY) != await store.get(other_agent)
