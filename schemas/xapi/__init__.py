"""The strict xAPI statement data model (1.0.x and 2.0) and its public entry points."""

from __future__ import annotations

from schemas.xapi.errors import InvalidStatement
from schemas.xapi.strict_json import loads_strict
from schemas.xapi.validate import check_statement

__all__ = ["InvalidStatement", "check_statement", "loads_strict"]
