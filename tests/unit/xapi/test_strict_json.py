"""loads_strict: JSON a statement may be sent in, and the JSON it may not."""

from __future__ import annotations

import json

import orjson
import pytest

from schemas.xapi import InvalidStatement, loads_strict
from tests.unit.xapi.support import statement


def test_parses_like_any_json_parser() -> None:
    body = json.dumps([statement(), {"a": [1, 2.5, True, None, "é"]}]).encode()
    assert loads_strict(body) == json.loads(body)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{",
        b'{"a": 1,}',
        b"{'a': 1}",
        b'{"a": NaN}',
        b'{"a": Infinity}',
        b'{"a": 1} {"b": 2}',
        b"\xef\xbb\xbf{}",  # a byte-order mark is not JSON text
        b'{"a": "\xff"}',  # invalid UTF-8
        b'{"a": "\\ud800"}',  # a lone surrogate cannot be stored or re-encoded
    ],
)
def test_invalid_json_is_rejected_at_the_root(body: bytes) -> None:
    with pytest.raises(InvalidStatement) as caught:
        loads_strict(body)
    assert caught.value.path == "$"
    assert caught.value.rule.startswith("must be valid JSON")


@pytest.mark.parametrize(
    "body",
    [
        b'{"actor": {}, "actor": {}}',
        b'{"actor": {"mbox": "mailto:a@example.com", "mbox": "mailto:b@example.com"}}',
        b'[{"ok": 1}, {"x": 1, "y": {"z": [{"k": 1, "k": 1}]}}]',
        b'{"extensions": {"http://example.com/e": {"v": null, "v": null}}}',
        b'{"verb": 1, "verb" : 1}',
        # escapes take the exact path; they must not hide a repeated key either
        b'{"a\\u0062": 1, "ab": 2}',
        b'{"path": "C:\\\\dir", "path": "D:\\\\dir"}',
    ],
)
def test_a_key_repeated_in_any_object_is_rejected(body: bytes) -> None:
    with pytest.raises(InvalidStatement) as caught:
        loads_strict(body)
    assert caught.value.path == "$"
    assert "more than once" in caught.value.rule


@pytest.mark.parametrize(
    "body",
    [
        b'{"a": {"k": 1}, "b": {"k": 1}}',  # the same key in different objects is fine
        b'{"k": "value with \\"quotes\\" and a : colon", "k2": "\\u003a"}',
        b'{"url": "http://example.com:8080/x?y=1", "t": "12:30:00"}',
        b'{"a\\u0062": 1, "abc": 2}',
        b'[{"k": 1}, {"k": 1}]',
    ],
)
def test_equal_keys_in_different_objects_and_colons_in_strings_are_fine(body: bytes) -> None:
    assert loads_strict(body) == orjson.loads(body)


def test_deep_nesting_is_an_invalid_statement_not_a_crash() -> None:
    body = b'{"x": ' * 5000 + b"1" + b"}" * 5000
    with pytest.raises(InvalidStatement) as caught:
        loads_strict(body)
    assert caught.value.path == "$"


def test_error_message_is_path_then_rule() -> None:
    with pytest.raises(
        InvalidStatement, match=r'^\$: an object uses the key "verb" more than once$'
    ):
        loads_strict(b'{"verb": 1, "verb": 2}')
