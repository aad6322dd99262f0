"""The learner key: one canonical string per inverse functional identifier (IFI).

It is the Kafka record key, so one learner's statements stay ordered in one
partition, and the key of every per-learner document in MongoDB.
"""

from __future__ import annotations

import hashlib
from typing import Any

IFI_PROPERTIES = ("mbox", "mbox_sha1sum", "openid", "account")


class NoLearnerIdentifier(ValueError):
    """The actor carries no inverse functional identifier and is not a group of agents that do."""


def learner_key(actor: dict[str, Any]) -> str:
    """Return the canonical key of an Agent or Group.

    An anonymous Group has no IFI of its own; its key is derived from its members'
    keys, sorted, so the same members always give the same key.
    """
    if mbox := actor.get("mbox"):
        return f"mbox:{str(mbox).lower()}"
    if sha1 := actor.get("mbox_sha1sum"):
        return f"mbox_sha1sum:{str(sha1).lower()}"
    if openid := actor.get("openid"):
        return f"openid:{openid}"
    if account := actor.get("account"):
        return f"account:{account.get('homePage')}|{account.get('name')}"
    members = actor.get("member")
    if actor.get("objectType") == "Group" and members:
        digest = hashlib.sha1(
            "\n".join(sorted(learner_key(member) for member in members)).encode(),
            usedforsecurity=False,
        ).hexdigest()
        return f"group:{digest}"
    raise NoLearnerIdentifier("actor has no inverse functional identifier")
