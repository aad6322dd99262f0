"""The JSON Schema files in schemas/ are what the models generate, and describe real records."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import yaml

from schemas.envelope import StatementEnvelope, encode_envelope
from schemas.export import EXPORTS, HERE, render
from tests.statements import completion


def test_exported_json_schemas_are_current() -> None:
    for name, model in EXPORTS.items():
        on_disk = (HERE / name).read_bytes()
        assert on_disk == render(model), f"{name} is stale: run 'python -m schemas.export'"


def test_encoded_envelope_decodes_to_the_same_statement() -> None:
    statement = completion()
    received = datetime(2026, 3, 4, 2, 15, tzinfo=UTC)
    envelope = StatementEnvelope.from_bytes(
        encode_envelope(statement, received=received, client_id="lms-bpsdm")
    )
    assert envelope.statement == statement
    assert envelope.received == received
    assert envelope.client_id == "lms-bpsdm"
    assert envelope.schema_version == 1


def test_asyncapi_names_both_topics_and_the_envelope_schema() -> None:
    document = yaml.safe_load((HERE / "asyncapi.yaml").read_text())
    addresses = {channel["address"] for channel in document["channels"].values()}
    assert addresses == {"xapi.statements", "xapi.statements.dlq"}
    payload = document["components"]["messages"]["statement"]["payload"]["$ref"]
    assert (HERE / payload).resolve().exists()
    assert orjson.loads((HERE / payload).read_bytes())["title"] == "StatementEnvelope"
