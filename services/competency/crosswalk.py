"""Which civil servant an xAPI actor is: the roster's identifiers, keyed like the pipeline."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from services.common.learners import NoLearnerIdentifier, learner_key
from services.competency.roster import RosterEntry


class Crosswalk:
    def __init__(self, entries: Iterable[RosterEntry]) -> None:
        # import_roster refuses a row whose identifier another row has, so keys are unique.
        self._nips = {key: entry.nip for entry in entries for key in entry.learner_keys()}

    def nip_for(self, actor: Mapping[str, Any]) -> str | None:
        """The NIP of the roster entry ``actor`` names (mbox, mbox_sha1sum, openid, account).

        None for actors the roster does not know, including SIASN accounts of people who
        are not on it: the roster decides who the agency reports on.
        """
        try:
            return self.nip_for_key(learner_key(dict(actor)))
        except NoLearnerIdentifier:
            return None

    def nip_for_key(self, key: str) -> str | None:
        """The NIP of the roster entry with this learner key (``services.common.learners``)."""
        return self._nips.get(key)
