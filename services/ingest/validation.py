"""Parse a request body into statements and check the rules the pipeline relies on.

This is the walking skeleton's validation: JSON shape, one learner identifier,
a verb and an object, well-formed ids. The full xAPI data model replaces it.
"""

from __future__ import annotations

import uuid
from typing import Any

import orjson

from services.common.learners import IFI_PROPERTIES
from services.ingest.errors import BadRequest


def parse_statements(body: bytes) -> list[dict[str, Any]]:
    """Return the statements of a POST body: one statement or an array of them."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise BadRequest(f"body is not valid JSON: {error}") from error
    if isinstance(data, dict):
        statements = [data]
        paths = ["statement"]
    elif isinstance(data, list):
        if not data:
            raise BadRequest("statements: the array must hold at least one statement")
        statements = data
        paths = [f"statements[{i}]" for i in range(len(data))]
    else:
        raise BadRequest("body must be a statement object or an array of statements")
    for path, statement in zip(paths, statements, strict=True):
        check_statement(statement, path)
    check_unique_ids(statements)
    return statements


def check_statement(statement: object, path: str) -> None:
    if not isinstance(statement, dict):
        raise BadRequest(f"{path}: must be a JSON object")
    if "id" in statement:
        check_uuid(statement["id"], f"{path}.id")
    actor = statement.get("actor")
    if not isinstance(actor, dict):
        raise BadRequest(f"{path}.actor: is required and must be an object")
    check_actor(actor, f"{path}.actor")
    verb = statement.get("verb")
    if not isinstance(verb, dict) or not isinstance(verb.get("id"), str):
        raise BadRequest(f"{path}.verb.id: is required and must be an IRI string")
    if not isinstance(statement.get("object"), dict):
        raise BadRequest(f"{path}.object: is required and must be an object")


def check_actor(actor: dict[str, Any], path: str) -> None:
    identifiers = [name for name in IFI_PROPERTIES if name in actor]
    if len(identifiers) > 1:
        raise BadRequest(f"{path}: must have exactly one inverse functional identifier")
    if identifiers:
        return
    members = actor.get("member")
    if actor.get("objectType") == "Group" and isinstance(members, list) and members:
        for i, member in enumerate(members):
            if not isinstance(member, dict):
                raise BadRequest(f"{path}.member[{i}]: must be an Agent object")
            check_actor(member, f"{path}.member[{i}]")
        return
    raise BadRequest(f"{path}: must have an inverse functional identifier (mbox, account, ...)")


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
