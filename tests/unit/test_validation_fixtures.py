"""The shared fixtures written by others: what the skeleton's validation must accept or refuse."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.ingest.errors import BadRequest
from services.ingest.validation import parse_statements

# The invalid fixtures whose only fault is one the skeleton checks already:
# a missing actor, verb or object, a bad statement id, or an empty body.
CAUGHT_NOW = {
    "lrs-conformance-test-suite/no_actor.json",
    "lrs-conformance-test-suite/no_verb.json",
    "lrs-conformance-test-suite/no_object.json",
    "tincan-validator/006-bad-id.json",
    "tincan-validator/011-bad-empty.json",
    "tincan-validator/012-bad-missing_actor.json",
    "tincan-validator/013-bad-missing_verb.json",
    "tincan-validator/014-bad-missing_object.json",
    "learninglocker-v1/Actor__missing-actor.json",
}


def _json_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.json"))


def test_every_valid_fixture_passes(xapi_fixtures: Path) -> None:
    files = _json_files(xapi_fixtures / "valid") + _json_files(xapi_fixtures / "disputed")
    assert len(files) > 40
    for path in files:
        statements = parse_statements(path.read_bytes())
        assert statements, path


@pytest.mark.parametrize("name", sorted(CAUGHT_NOW))
def test_invalid_fixtures_with_missing_parts_are_refused(xapi_fixtures: Path, name: str) -> None:
    path = xapi_fixtures / "invalid" / name
    with pytest.raises(BadRequest) as refused:
        parse_statements(path.read_bytes())
    assert ":" in refused.value.message or "body" in refused.value.message
