"""Results and scores (xAPI Data 2.4.5)."""

from __future__ import annotations

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from schemas.xapi.config import SpecModel, optional
from schemas.xapi.types import Duration, Extensions, ScaledScore


class Score(SpecModel):
    scaled: ScaledScore = optional()
    raw: float = optional()
    min: float = optional()
    max: float = optional()

    @model_validator(mode="after")
    def _ordered(self) -> Score:
        low, high, raw = self.min, self.max, self.raw
        # The spec's table: min is "less than max", raw is "between min and max, inclusive".
        if low is not None and high is not None and not low < high:
            raise PydanticCustomError("xapi", "must be less than max", {"field": "min"})
        if raw is not None and low is not None and raw < low:
            raise PydanticCustomError("xapi", "must not be less than min", {"field": "raw"})
        if raw is not None and high is not None and raw > high:
            raise PydanticCustomError("xapi", "must not be greater than max", {"field": "raw"})
        return self


class Result(SpecModel):
    score: Score = optional()
    success: bool = optional()
    completion: bool = optional()
    response: str = optional()
    duration: Duration = optional()
    extensions: Extensions = optional()
