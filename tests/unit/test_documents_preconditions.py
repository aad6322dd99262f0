"""ETags and the If-Match / If-None-Match rules."""

from __future__ import annotations

import hashlib

import pytest

from services.ingest.documents.preconditions import Preconditions, etag_of, quoted
from services.ingest.errors import PreconditionFailed
from tests.unit.test_documents_memory_store import version

STORED = version(b"{}", "abc")


def test_the_etag_is_the_hex_sha1_of_the_contents_and_is_served_quoted() -> None:
    assert etag_of(b'{"a":1}') == hashlib.sha1(b'{"a":1}', usedforsecurity=False).hexdigest()
    assert quoted("abc") == '"abc"'


def test_headers_are_parsed_into_unquoted_tag_sets() -> None:
    parsed = Preconditions.from_headers('"abc", "def"', "*")
    assert parsed.if_match == frozenset({"abc", "def"})
    assert parsed.if_none_match == frozenset({"*"})
    assert parsed.given
    assert not Preconditions.from_headers(None, None).given


@pytest.mark.parametrize(
    ("if_match", "if_none_match", "exists"),
    [
        ('"abc"', None, True),
        ("*", None, True),
        ('"old", "abc"', None, True),
        (None, "*", False),
        (None, '"old"', True),
        (None, None, False),
    ],
)
def test_preconditions_that_hold(
    if_match: str | None, if_none_match: str | None, exists: bool
) -> None:
    Preconditions.from_headers(if_match, if_none_match).check(STORED if exists else None)


@pytest.mark.parametrize(
    ("if_match", "if_none_match", "exists"),
    [
        ('"old"', None, True),
        ('"abc"', None, False),
        ("*", None, False),
        ('W/"abc"', None, True),  # If-Match compares strongly: a weak tag never matches
        (None, "*", True),
        (None, '"abc"', True),
    ],
)
def test_preconditions_that_fail(
    if_match: str | None, if_none_match: str | None, exists: bool
) -> None:
    with pytest.raises(PreconditionFailed):
        Preconditions.from_headers(if_match, if_none_match).check(STORED if exists else None)
