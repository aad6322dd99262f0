"""``python -m schemas.export``: write the JSON Schema files generated from the models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel

from schemas.envelope import StatementEnvelope
from schemas.xapi.statement import Statement, Statement20

HERE = Path(__file__).resolve().parent
EXPORTS: dict[str, type[BaseModel]] = {
    "statement-envelope.schema.json": StatementEnvelope,
    "xapi-statement-1.0.schema.json": Statement,
    "xapi-statement-2.0.schema.json": Statement20,
}


def schema_of(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def render(model: type[BaseModel]) -> bytes:
    return orjson.dumps(schema_of(model), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def main() -> None:
    for name, model in EXPORTS.items():
        (HERE / name).write_bytes(render(model))


if __name__ == "__main__":
    main()
