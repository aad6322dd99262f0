"""If-Match on the catalog version: lost updates between two editors are refused."""

from __future__ import annotations

from services.query.catalog_preconditions import Precondition, check_if_match, etag

CURRENT = "a" * 64


def test_the_etag_is_the_quoted_version() -> None:
    assert etag(CURRENT) == f'"{CURRENT}"'


def test_an_edit_without_if_match_is_refused_as_unconditional() -> None:
    assert check_if_match(None, CURRENT) is Precondition.REQUIRED
    assert check_if_match("  ", CURRENT) is Precondition.REQUIRED


def test_the_version_in_force_matches() -> None:
    assert check_if_match(etag(CURRENT), CURRENT) is Precondition.HOLDS
    assert check_if_match(f'"{"b" * 64}", {etag(CURRENT)}', CURRENT) is Precondition.HOLDS


def test_an_older_version_fails() -> None:
    assert check_if_match(etag("b" * 64), CURRENT) is Precondition.FAILED


def test_an_unquoted_or_weak_tag_does_not_match() -> None:
    assert check_if_match(CURRENT, CURRENT) is Precondition.FAILED
    assert check_if_match(f"W/{etag(CURRENT)}", CURRENT) is Precondition.FAILED


def test_a_star_replaces_whatever_is_in_force() -> None:
    assert check_if_match("*", CURRENT) is Precondition.HOLDS
