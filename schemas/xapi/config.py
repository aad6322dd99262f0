"""How spec objects are validated, and why extension bags need no model of their own.

Spec objects reject every key the specification does not name (this is also how a key in the wrong
case, e.g. "Actor", is refused) and never coerce types: xAPI forbids strings where numbers or
booleans are required. Extension bags are the only place where anything goes; they need no model:
``types.Extensions`` is ``dict[IRI, Any]``, keys must be IRIs and values are never inspected,
because an LRS MUST NOT reject a statement for its extension values (null included).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

SPEC_CONFIG = ConfigDict(
    extra="forbid",
    strict=True,
    # NaN and infinities are not JSON; refuse them even if a caller bypasses loads_strict.
    allow_inf_nan=False,
    # Messages are built from error types and locations; copying inputs into errors is wasted work.
    hide_input_in_errors=True,
)


class SpecModel(BaseModel):
    """Base of every object the specification defines."""

    model_config = SPEC_CONFIG


def optional() -> Any:
    """Default of an optional property.

    The property is declared ``x: T = optional()`` rather than ``x: T | None = None``: pydantic does
    not validate defaults, so an absent property is fine while an explicit JSON null fails the ``T``
    check, as xAPI requires (null is allowed only inside extensions). An absent property still reads
    as None; the models are only used to judge statements, and their validators test for None.
    """
    return Field(default=None)
