"""The shared statements written by others (read in place, never copied into the repo)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from schemas.xapi import InvalidStatement, check_statement, loads_strict

FIXTURES = Path(__file__).resolve().parents[3].parent / "shared" / "fixtures" / "xapi"

# A "valid" LearningLocker fixture repeats "en-US" in verb.display. xAPI leaves the LRS's behaviour
# for a repeated key undefined; this LRS refuses it at parse time. The data model itself is fine.
REPEATED_KEY = {"valid/learninglocker-v1/Verb__Display__multilingual.json"}

# Where each invalid fixture fails (the first violation), so a rejection for the wrong reason
# cannot pass unnoticed.
EXPECTED_PATHS = {
    "learninglocker-v1/Actor__Group__Member__object-type-is-not-agent.json": (
        "statements[0].actor.member[1].objectType"
    ),
    "learninglocker-v1/Actor__Group__missing-member.json": "statements[0].actor.member",
    "learninglocker-v1/Actor__Mbox__invalid-format.json": "statements[0].actor.mbox",
    "learninglocker-v1/Actor__missing-actor.json": "$",  # "verb" twice, besides no actor
    "learninglocker-v1/Attachment__content-type-is-not-string.json": (
        "statements[0].attachments[0].contentType"
    ),
    "learninglocker-v1/Attachment__display.json": "statements[0].attachments[0].display",
    "learninglocker-v1/Attachment__length-is-not-integer.json": (
        "statements[0].attachments[0].length"
    ),
    "learninglocker-v1/Attachment__missing-sha2.json": "statements[0].attachments[0].sha2",
    "learninglocker-v1/Attachment__missing-usage-type.json": (
        "statements[0].attachments[0].usageType"
    ),
    "learninglocker-v1/Attachment__sha2-is-not-valid.json": "statements[0].attachments[0].sha2",
    "learninglocker-v1/Authority__Member__wrong-object-type.json": (
        "statements[0].authority.member[1].objectType"
    ),
    "lrs-conformance-test-suite/no_actor.json": "statements[0].actor",
    "lrs-conformance-test-suite/no_object.json": "statements[0].object",
    "lrs-conformance-test-suite/no_verb.json": "statements[0].verb",
    "lrs-conformance-test-suite/object_statementref_no_id.json": "statements[0].object.id",
    "tincan-validator/004-bad-name.json": "statements[0].actor.bad",
    "tincan-validator/005-bad-mbox.json": "statements[0].actor.mbox",
    "tincan-validator/006-bad-id.json": "statements[0].id",
    "tincan-validator/007-bad-attachment_sha2.json": "statements[0].attachments[0].sha2",
    "tincan-validator/008-bad-timestamp.json": "statements[0].timestamp",
    "tincan-validator/009-bad-agentlist_as_authority_needs_2_has_1.json": (
        "statements[0].authority"
    ),
    "tincan-validator/010-bad-agentlist_as_authority_needs_2_has_3.json": (
        "statements[0].authority"
    ),
    "tincan-validator/011-bad-empty.json": "statements[0].actor",
    "tincan-validator/012-bad-missing_actor.json": "statements[0].actor",
    "tincan-validator/013-bad-missing_verb.json": "statements[0].verb",
    "tincan-validator/014-bad-missing_object.json": "statements[0].object",
    "tincan-validator/015-bad-object_definition_langtag.json": (
        "statements[0].object.definition.name"
    ),
    "tincan-validator/016-bad-invalid_object.json": "statements[0].object.id",
    "xapi-spec/xAPI-Communication_L1951.json": "statements[0].actor.objectType",
}


def _files(*folders: str) -> list[str]:
    assert FIXTURES.is_dir(), f"the shared xAPI fixtures are missing at {FIXTURES}"
    found = sorted(
        path.relative_to(FIXTURES).as_posix()
        for folder in folders
        for path in (FIXTURES / folder).rglob("*.json")
    )
    assert found, f"no fixtures under {folders} in {FIXTURES}"
    return found


def _statements(document: Any) -> list[Any]:
    return document if isinstance(document, list) else [document]


def _check_all(document: Any, version: str) -> None:
    for index, item in enumerate(_statements(document)):
        check_statement(item, version=version, path=f"statements[{index}]")


def test_fixture_folders_are_all_there() -> None:
    assert len(_files("valid", "disputed")) >= 60
    assert len(_files("invalid")) == len(EXPECTED_PATHS)


@pytest.mark.parametrize("name", _files("valid", "disputed"))
@pytest.mark.parametrize("version", ["1.0.0", "2.0.0"])
def test_valid_and_disputed_fixtures_pass(name: str, version: str) -> None:
    body = (FIXTURES / name).read_bytes()
    if name in REPEATED_KEY:
        with pytest.raises(InvalidStatement, match=r'^\$: .*"en-US"'):
            loads_strict(body)
        document = json.loads(body)
    else:
        document = loads_strict(body)
    _check_all(document, version)


@pytest.mark.parametrize("name", _files("invalid"))
def test_invalid_fixtures_are_rejected_where_they_break_the_spec(name: str) -> None:
    with pytest.raises(InvalidStatement) as caught:
        _check_all(loads_strict((FIXTURES / name).read_bytes()), "1.0.0")
    assert caught.value.path == EXPECTED_PATHS[name.removeprefix("invalid/")], str(caught.value)


def test_the_repeated_key_fixture_is_also_refused_without_the_duplicate() -> None:
    # Parsed leniently (last key wins) it would lose its actor: proof it is refused for both.
    body = (FIXTURES / "invalid/learninglocker-v1/Actor__missing-actor.json").read_bytes()
    with pytest.raises(InvalidStatement, match=r"^statement\.actor: is required$"):
        check_statement(json.loads(body), version="1.0.0")
