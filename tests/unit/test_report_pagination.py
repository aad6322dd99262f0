"""Keyset pages of report lists: every item once, in order, across pages; foreign cursors
refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from starlette.datastructures import URL

from services.query.pagination import (
    BadCursor,
    Ordering,
    decode_cursor,
    encode_cursor,
    next_url,
    page,
)

NIPS = ["1", "2", "3", "4", "5"]


def by_nip(nip: str) -> tuple[str]:
    return (nip,)


def test_pages_walk_the_list_once() -> None:
    first = page(NIPS, by_nip, None, 2)
    assert (first.items, first.after) == (["1", "2"], ("2",))
    cursor = encode_cursor(list(first.after or ()))
    second = page(NIPS, by_nip, decode_cursor(cursor, lambda v: (str(v[0]),)), 2)
    assert (second.items, second.after) == (["3", "4"], ("4",))
    last = page(NIPS, by_nip, ("4",), 2)
    assert (last.items, last.after) == (["5"], None)


def test_an_item_removed_before_the_cursor_shifts_nothing() -> None:
    # Learner 2 left the list between pages: the next page still starts after 2.
    assert page(["1", "3", "4", "5"], by_nip, ("2",), 2).items == ["3", "4"]


def test_a_full_last_page_has_no_next() -> None:
    assert page(NIPS, by_nip, ("3",), 2).after is None


def test_cursors_are_url_safe_and_opaque() -> None:
    cursor = encode_cursor(["20.5", "199001012015032001/x"])
    assert set(cursor) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    loaded = decode_cursor(cursor, lambda v: (str(v[0]), str(v[1])))
    assert loaded == ("20.5", "199001012015032001/x")


@pytest.mark.parametrize("cursor", ["!!", "e30", "bm90IGpzb24", encode_cursor([])])
def test_foreign_cursors_are_refused(cursor: str) -> None:
    with pytest.raises(BadCursor):
        decode_cursor(cursor, lambda v: (str(v[0]),))


def test_next_url_keeps_the_query_and_replaces_the_cursor() -> None:
    url = URL("http://q/api/v1/units/U/inactive?year=2025&cursor=old&limit=2")
    assert next_url(url, "new") == "/api/v1/units/U/inactive?year=2025&limit=2&cursor=new"
    assert next_url(url, None) is None


def test_an_ordering_pages_through_a_list_and_its_cursor_reads_back() -> None:
    """Shortfalls, largest first, then NIP: the compliance report's order, with a Decimal key
    that must survive the trip through the cursor."""
    behind: Ordering[tuple[Decimal, str]] = Ordering(
        key=lambda m: (-m[0], m[1]),
        dump=lambda k: [str(-k[0]), k[1]],
        load=lambda v: (-Decimal(str(v[0])), str(v[1])),
    )
    items = [(Decimal("20"), "3"), (Decimal("7.5"), "1"), (Decimal("7.5"), "2")]
    url = URL("http://query/api/v1/units/U/compliance?year=2025&limit=2")
    first, following = behind.page(items, None, 2, url)
    assert first == items[:2]
    assert following is not None and following.startswith("/api/v1/units/U/compliance?")
    cursor = following.split("cursor=")[1]
    second, last = behind.page(items, behind.after(cursor), 2, url)
    assert (second, last) == ([items[2]], None)
