"""Decoding Kafka records: envelopes become statements, anything else a dead letter."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest

from schemas.envelope import encode_envelope
from services.aggregator.records import DeadLetter, Source, StatementRecord, decode_record
from services.ingest.stamping import stamp
from tests.statements import completion, learner_key_of

SOURCE = Source("xapi.statements", 2, 41)
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


def test_envelope_becomes_a_statement_record() -> None:
    statement = stamp(
        completion(), stored=NOW, authority={"mbox": "mailto:lrs@x.org"}, version="1.0.0"
    )
    record = decode_record(SOURCE, b"k", encode_envelope(statement, received=NOW, client_id="lms"))
    assert isinstance(record, StatementRecord)
    assert record.statement_id == statement["id"]
    assert record.learner == learner_key_of("198503302010011002")
    assert orjson.loads(record.raw) == statement
    assert record.stored == NOW
    assert record.timestamp == datetime(2026, 3, 4, 2, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [
        b"not json",
        b"{}",
        orjson.dumps({"schema_version": 2, "statement": {}, "received": "x", "client_id": "c"}),
        None,
    ],
)
def test_anything_else_is_a_dead_letter_with_its_origin(value: bytes | None) -> None:
    letter = decode_record(SOURCE, b"key", value)
    assert isinstance(letter, DeadLetter)
    described = orjson.loads(letter.to_bytes())
    assert described["partition"] == 2 and described["offset"] == 41
    assert described["reason"]
