"""Agents (xAPI Data 2.4.2.1) and the identifiers they share with identified Groups."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from schemas.xapi.config import SpecModel, optional
from schemas.xapi.types import IRI, IRL, MboxIRI, Sha1Hex

IFI_KEYS = frozenset(("mbox", "mbox_sha1sum", "openid", "account"))


class Account(SpecModel):
    homePage: IRL
    name: str


class Identified(SpecModel):
    """The inverse functional identifier properties an Agent or a Group may carry."""

    name: str = optional()
    mbox: MboxIRI = optional()
    mbox_sha1sum: Sha1Hex = optional()
    openid: IRI = optional()
    account: Account = optional()

    def ifi_count(self) -> int:
        # Nulls are rejected, so the properties that were set are the ones present.
        return len(IFI_KEYS.intersection(self.model_fields_set))


def too_many_ifis() -> PydanticCustomError:
    return PydanticCustomError(
        "xapi",
        "must have only one inverse functional identifier (mbox, mbox_sha1sum, openid, account)",
    )


class Agent(Identified):
    # Optional for an actor, authority or instructor; a statement's object reaches this model only
    # when it says "Agent" (see the object discriminator), which is how the spec's rule that an
    # Agent used as an object MUST name its objectType is met.
    objectType: Literal["Agent"] = optional()

    @model_validator(mode="after")
    def _one_ifi(self) -> Agent:
        count = self.ifi_count()
        if count == 0:
            raise PydanticCustomError(
                "xapi",
                "must have an inverse functional identifier (mbox, mbox_sha1sum, openid, account)",
            )
        if count > 1:
            raise too_many_ifis()
        return self
