"""check_statement: validate one parsed statement and return it as the client sent it.

The models only judge; what is stored and returned is the client's own dict (xAPI: the LRS MUST
NOT return a different serialisation), with the one normalisation the spec requires: single
contextActivities values become one-element arrays.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from schemas.xapi.errors import InvalidStatement
from schemas.xapi.statement import Statement, Statement20
from schemas.xapi.types import RULES

_ADAPTERS: dict[str, TypeAdapter[Statement]] = {
    "1.0.0": TypeAdapter(Statement),
    "2.0.0": TypeAdapter(Statement20),
}

# Custom union errors are reported at the union; the property at fault is its discriminator.
_DISCRIMINATOR_ERRORS = {
    "xapi_object_type": "objectType",
    "xapi_interaction_type": "interactionType",
}

# Keys that are properties of some interaction definitions but not of the one being validated.
_INTERACTION_ONLY = frozenset(
    ("correctResponsesPattern", "choices", "scale", "source", "target", "steps")
)

_TYPE_RULES = {
    "missing": "is required",
    "extra_forbidden": "is not an xAPI property here (property names are case-sensitive)",
    "string_type": "must be a string",
    "bool_type": "must be a boolean",
    "float_type": "must be a number",
    "int_type": "must be an integer",
    "finite_number": "must be a finite number",
    "list_type": "must be an array",
    "dict_type": "must be an object",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "too_short": "must not be empty",
}


def check_statement(statement: Any, *, version: str, path: str = "statement") -> dict[str, Any]:
    """Validate one statement against the xAPI data model of `version` ('1.0.0' or '2.0.0').

    Returns the statement unchanged except that single contextActivities values are wrapped in
    arrays (the input is not mutated). Raises InvalidStatement for the first violation found.
    """
    adapter = _ADAPTERS.get(version)
    if adapter is None:
        raise ValueError(f"unsupported xAPI version {version!r}: use '1.0.0' or '2.0.0'")
    if not isinstance(statement, dict):
        raise InvalidStatement(path, "must be an object")
    try:
        adapter.validate_python(statement, strict=True)
    except ValidationError as exc:
        raise _invalid(path, exc.errors(include_url=False)[0]) from None
    return _normalised(statement)


def _invalid(root: str, error: ErrorDetails) -> InvalidStatement:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    parts = [root]
    loc = error["loc"]
    rule = None
    for index, item in enumerate(loc):
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif loc[index + 1 : index + 2] == ("[key]",):
            # A bad map key: quoted in the rule rather than made part of the path.
            rule = f'key "{item}" {_rule(kind, ctx, error)}'
            break
        elif item.startswith("<") and item.endswith(">"):
            continue  # a union tag, not a property (see the discriminators)
        else:
            parts.append(f".{item}")
    extra = _DISCRIMINATOR_ERRORS.get(kind) or ctx.get("field")
    if extra:
        parts.append(extra if extra.startswith("[") else f".{extra}")
    if rule is None:
        rule = _rule(kind, ctx, error)
    return InvalidStatement("".join(parts), rule)


def _rule(kind: str, ctx: dict[str, Any], error: ErrorDetails) -> str:
    if kind != "missing" and error.get("input", ...) is None:
        return "must not be null"
    if kind == "extra_forbidden" and error["loc"][-1] in _INTERACTION_ONLY:
        return "is not allowed for this interactionType (or without one)"
    if kind == "string_pattern_mismatch":
        return RULES.get(str(ctx.get("pattern")), "has the wrong format")
    if kind == "literal_error":
        return f"must be {ctx['expected']}".replace("'", '"')
    if kind == "greater_than_equal":
        return f"must be at least {ctx['ge']}"
    if kind == "less_than_equal":
        return f"must be at most {ctx['le']}"
    return _TYPE_RULES.get(kind) or error["msg"]


def _normalised(statement: dict[str, Any]) -> dict[str, Any]:
    result = statement
    context = statement.get("context")
    wrapped = _wrap_single_activities(context)
    if wrapped is not context:
        result = {**result, "context": wrapped}
    target = statement["object"]
    if target.get("objectType") == "SubStatement":
        inner = target.get("context")
        wrapped = _wrap_single_activities(inner)
        if wrapped is not inner:
            result = {**result, "object": {**target, "context": wrapped}}
    return result


def _wrap_single_activities(context: Any) -> Any:
    if context is None:
        return context
    activities = context.get("contextActivities")
    if activities is None or not any(isinstance(v, dict) for v in activities.values()):
        return context
    listed = {k: [v] if isinstance(v, dict) else v for k, v in activities.items()}
    return {**context, "contextActivities": listed}
