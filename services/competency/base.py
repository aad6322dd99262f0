"""What every model of the package shares: strict frozen models, the evidence grade, cell types.

The domain brief grades each rule [C] confirmed, [S] secondary sources or [U] unconfirmed. The
grade travels with the row that carries the rule, so a report can say which numbers are
provisional, and changing an unconfirmed rule is an edit of data, never of code.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, TypeAlias

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints


class DomainModel(BaseModel):
    """Unknown fields (columns) are errors; Python callers get no coercion (CSV cells are
    strings, read with ``model_validate_strings``)."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        allow_inf_nan=False,
        str_strip_whitespace=True,
    )


class Evidence(StrEnum):
    CONFIRMED = "confirmed"
    SECONDARY = "secondary"
    UNCONFIRMED = "unconfirmed"


def _split_list(value: object) -> object:
    if isinstance(value, str):
        return tuple(item.strip() for item in value.split(";") if item.strip())
    # JSON arrays reach a before-validator as lists, even in strict mode.
    return tuple(value) if isinstance(value, list) else value


# One CSV cell holding several values, separated by ";".
CellList: TypeAlias = Annotated[tuple[str, ...], BeforeValidator(_split_list)]

Code: TypeAlias = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")]
