"""Statement References (xAPI Data 2.4.4.3)."""

from __future__ import annotations

from typing import Literal

from schemas.xapi.config import SpecModel
from schemas.xapi.types import UUID


class StatementRef(SpecModel):
    # Required here, unlike Activity's: without it the object would be read as an Activity.
    objectType: Literal["StatementRef"]
    id: UUID
