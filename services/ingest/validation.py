"""Parse a request body into statements that satisfy the xAPI data model (``schemas.xapi``)."""

from __future__ import annotations

import uuid
from typing import Any

from schemas.xapi import InvalidStatement, check_statement, loads_strict
from services.ingest.errors import BadRequest


def parse_statements(body: bytes, version: str) -> list[dict[str, Any]]:
    """The statements of a POST or PUT body (one statement or an array), validated.

    ``version`` is the data model the request asked for: "1.0.0" or "2.0.0".
    """
    try:
        data = loads_strict(body)
        if isinstance(data, dict):
            return [check_statement(data, version=version)]
        if not isinstance(data, list):
            raise BadRequest("body must be a statement object or an array of statements")
        if not data:
            raise BadRequest("statements: the array must hold at least one statement")
        statements = [
            check_statement(item, version=version, path=f"statements[{i}]")
            for i, item in enumerate(data)
        ]
    except InvalidStatement as error:
        raise BadRequest(str(error)) from error
    check_unique_ids(statements)
    return statements


def check_uuid(value: object, path: str) -> None:
    if not isinstance(value, str):
        raise BadRequest(f"{path}: must be a UUID string")
    try:
        uuid.UUID(value)
    except ValueError as error:
        raise BadRequest(f"{path}: must be a UUID") from error


def check_unique_ids(statements: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for statement in statements:
        statement_id = statement.get("id")
        if statement_id is None:
            continue
        key = str(statement_id).lower()
        if key in seen:
            raise BadRequest(f"statements: id {statement_id} appears twice in one request")
        seen.add(key)
