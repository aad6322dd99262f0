"""What a POST leaves stored."""

from __future__ import annotations

import orjson
import pytest

from services.ingest.documents.merge import posted_content
from services.ingest.documents.model import Content, StoredDocument
from services.ingest.errors import BadRequest
from tests.unit.test_documents_memory_store import T0

JSON = "application/json"


def _stored(body: bytes, content_type: str = JSON) -> StoredDocument:
    return StoredDocument(Content(body, content_type), "etag", T0)


def test_top_level_properties_merge_and_new_values_replace_whole_objects() -> None:
    stored = _stored(b'{"x": "foo", "y": "bar", "car": {"make": "Ford", "model": "Escape"}}')
    posted = Content(b'{"x": "bash", "z": "faz", "car": {"make": "Dodge"}}', JSON)

    merged = posted_content(stored, posted)

    assert orjson.loads(merged.body) == {
        "x": "bash",
        "y": "bar",
        "car": {"make": "Dodge"},
        "z": "faz",
    }
    assert merged.content_type == JSON


def test_a_post_to_no_document_stores_it_as_sent() -> None:
    posted = Content(b"\x00\xffbinary", "application/octet-stream")
    assert posted_content(None, posted) == posted


def test_json_content_type_parameters_still_mean_json() -> None:
    stored = _stored(b'{"a": 1}', "application/json; charset=utf-8")
    merged = posted_content(stored, Content(b'{"b": 2}', "Application/JSON"))
    assert orjson.loads(merged.body) == {"a": 1, "b": 2}


@pytest.mark.parametrize(
    ("stored", "posted"),
    [
        (_stored(b'{"a": 1}'), Content(b"abcdefg", "not/json")),
        (_stored(b"/ asdf / undefined", "application/octet-stream"), Content(b"{}", JSON)),
        (_stored(b'{"a": 1}'), Content(b'{"a": 1}{', JSON)),
        (_stored(b'{"a": 1}'), Content(b"[1, 2]", JSON)),
        (_stored(b"[1, 2]"), Content(b'{"a": 1}', JSON)),
        (None, Content(b"not json", JSON)),
    ],
)
def test_anything_but_two_json_objects_is_refused(
    stored: StoredDocument | None, posted: Content
) -> None:
    with pytest.raises(BadRequest):
        posted_content(stored, posted)
