"""Keyset pages over a report's ordered list: ``limit`` items after an opaque ``cursor``.

The cursor is the base64url text of the last item's sort key (JSON), so a page never skips or
repeats an item when earlier items change between requests, and a client cannot read more
into it than "continue after this". Lists are sorted by a key that ends in a unique value
(the NIP, a statement id), which makes the order stable.
"""

from __future__ import annotations

import base64
import binascii
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import orjson
from starlette.datastructures import URL

T = TypeVar("T")
Key = tuple[Any, ...]
MAX_LIMIT = 1000


class BadCursor(ValueError):
    """The cursor was not made by this API (or for another ordering)."""


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    # The last item's key when more items follow it, else None.
    after: Key | None


def encode_cursor(values: Sequence[str | int]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(list(values))).decode().rstrip("=")


def decode_cursor(text: str, load: Callable[[list[Any]], Key]) -> Key:
    """``load`` turns the JSON values back into a sort key; any error means a bad cursor."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        values = orjson.loads(raw)
        if not isinstance(values, list):
            raise BadCursor("not a cursor of this report")
        return load(values)
    except (binascii.Error, orjson.JSONDecodeError, ValueError, TypeError, IndexError) as error:
        raise BadCursor("not a cursor of this report") from error


def page(items: Sequence[T], key: Callable[[T], Key], after: Key | None, limit: int) -> Page[T]:
    """``items`` sorted by ``key``; the ``limit`` that follow ``after``."""
    start = 0 if after is None else bisect_right(items, after, key=key)
    chunk = list(items[start : start + limit])
    more = start + limit < len(items)
    return Page(chunk, key(chunk[-1]) if more and chunk else None)


def next_url(url: URL, cursor: str | None) -> str | None:
    """The request's own path and query with the next cursor, or None on the last page."""
    if cursor is None:
        return None
    following = url.include_query_params(cursor=cursor)
    return f"{following.path}?{following.query}"


@dataclass(frozen=True, slots=True)
class Ordering(Generic[T]):
    """How a report's list is sorted, and how its sort key travels in a cursor and back."""

    key: Callable[[T], Key]
    dump: Callable[[Key], list[Any]]
    load: Callable[[list[Any]], Key]

    def after(self, cursor: str | None) -> Key | None:
        """The key to continue after; read before any work, so a bad cursor fails early."""
        return None if cursor is None else decode_cursor(cursor, self.load)

    def page(
        self, items: Sequence[T], after: Key | None, limit: int, url: URL
    ) -> tuple[list[T], str | None]:
        """The page's items and the next page's URL (None on the last)."""
        chunk = page(items, self.key, after, limit)
        following = None if chunk.after is None else encode_cursor(self.dump(chunk.after))
        return chunk.items, next_url(url, following)
