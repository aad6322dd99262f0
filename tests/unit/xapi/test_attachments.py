"""Attachments."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.xapi.support import Json, accepts, assert_rejected, statement, substatement

SHA256 = "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a"


def attachment(**changes: Any) -> Json:
    base: Json = {
        "usageType": "http://adlnet.gov/expapi/attachments/signature",
        "display": {"en-US": "Signature"},
        "description": {"en-US": "A test signature"},
        "contentType": "application/octet-stream",
        "length": 4235,
        "sha2": SHA256,
        "fileUrl": "http://over.there.com/file.txt",
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    "value",
    [
        attachment(),
        {k: v for k, v in attachment().items() if k not in ("description", "fileUrl")},
        attachment(contentType="text/plain; charset=ascii"),
        attachment(contentType='multipart/mixed; boundary="a b"'),
        attachment(contentType="application/vnd.api+json"),
        attachment(length=0),
        attachment(sha2="a" * 56),
        attachment(sha2="B" * 96),
        attachment(sha2="c" * 128),
    ],
)
def test_well_formed_attachments_are_accepted(value: Json) -> None:
    accepts(statement(attachments=[value]))
    accepts(statement(object=substatement(attachments=[value])))


@pytest.mark.parametrize("key", ["usageType", "display", "contentType", "length", "sha2"])
def test_required_attachment_properties(key: str) -> None:
    value = attachment()
    del value[key]
    assert_rejected(statement(attachments=[value]), f"statement.attachments[0].{key}", "required")


@pytest.mark.parametrize(
    ("key", "value", "rule"),
    [
        ("usageType", "example.com/attachment-usage/test", "IRI"),
        ("display", {"$": "hello"}, "RFC 5646"),
        ("display", "Signature", "must be an object"),
        ("description", {"a12345678": "x"}, "RFC 5646"),
        ("contentType", 1.23, "must be a string"),
        ("contentType", "text", "Internet Media Type"),
        ("contentType", "text/plain;", "Internet Media Type"),
        ("contentType", "text /plain", "Internet Media Type"),
        ("length", "100MB", "must be an integer"),
        ("length", 27.5, "must be an integer"),
        ("length", 27.0, "must be an integer"),
        ("length", True, "must be an integer"),
        ("length", -1, "at least 0"),
        ("sha2", "invalid-sha2-string", "SHA-2"),
        ("sha2", "672f", "SHA-2"),
        ("sha2", "a" * 40, "SHA-2"),  # a SHA-1 digest is not SHA-2
        ("sha2", 12345, "must be a string"),
        ("fileUrl", "over.there.com/file.txt", "IRI"),
        ("fileurl", "http://x.com/f", "case-sensitive"),
    ],
)
def test_malformed_attachment_properties_are_rejected(key: str, value: Any, rule: str) -> None:
    assert_rejected(
        statement(attachments=[attachment(**{key: value})]), f"statement.attachments[0].{key}", rule
    )


@pytest.mark.parametrize(("value", "path"), [({}, "statement.attachments"), (["x"], "[0]")])
def test_attachments_is_an_array_of_objects(value: Any, path: str) -> None:
    error_path = path if path.startswith("statement") else f"statement.attachments{path}"
    assert_rejected(statement(attachments=value), error_path, "must be an")
