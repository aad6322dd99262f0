"""JSON parsing that refuses what xAPI refuses: invalid JSON and a key used twice in one object.

orjson is fast but, like most parsers, silently keeps the last of two equal keys, while xAPI says a
statement MUST use each property at most once. The stdlib parser can report duplicates through
object_pairs_hook but is several times slower, so it only runs when the fast result might hide one.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from schemas.xapi.errors import InvalidStatement


class _DuplicateKey(ValueError):
    pass


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


def _might_hide_duplicates(body: bytes, value: Any) -> bool:
    """True unless re-serialising the parsed value gives back every member of the body.

    Without a backslash in the body, every string in it (keys included) is serialised by orjson
    exactly as it was written, and numbers and whitespace hold no colon; so the body and the
    re-serialised value have the same number of colons unless the parser dropped a member, and
    every dropped member (a duplicate) takes at least its own name/value colon with it.
    """
    if b"\\" in body:
        return True  # escapes make the counts incomparable: use the exact check
    return orjson.dumps(value).count(b":") != body.count(b":")


def loads_strict(body: bytes) -> Any:
    """Parse a request body; raise InvalidStatement('$', ...) for invalid JSON or duplicate keys.

    Invalid JSON includes invalid UTF-8, a byte-order mark, NaN/Infinity and lone surrogates.
    """
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise InvalidStatement("$", f"must be valid JSON ({exc})") from None
    if not _might_hide_duplicates(body, value):
        return value
    try:
        json.loads(body, object_pairs_hook=_object_without_duplicates)
    except _DuplicateKey as exc:
        raise InvalidStatement("$", f'an object uses the key "{exc}" more than once') from None
    except RecursionError:
        raise InvalidStatement("$", "must not nest objects and arrays this deeply") from None
    return value
