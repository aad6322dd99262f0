"""Fingerprints of the statements this replica published lately, for conflict checks.

A client that re-sends a statement right after its POST must get the spec's answer (a
no-op, or 409 for other content) before the aggregator has stored the first copy. Asking
the store would mean waiting for the aggregator on every POST; this bounded memory answers
at once instead. Older ids that the known-id filter (``known_ids``) may hold are checked
in the store, and two replicas racing with one id are settled by the aggregator (first
writer wins, the other is dead-lettered).
"""

from __future__ import annotations

from collections import OrderedDict

from services.common.comparison import Fingerprint


class RecentStatements:
    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._fingerprints: OrderedDict[str, Fingerprint] = OrderedDict()

    def get(self, statement_id: str) -> Fingerprint | None:
        return self._fingerprints.get(statement_id.lower())

    def remember(self, statement_id: str, fingerprint: Fingerprint) -> None:
        key = statement_id.lower()
        self._fingerprints[key] = fingerprint
        self._fingerprints.move_to_end(key)
        while len(self._fingerprints) > self._capacity:
            self._fingerprints.popitem(last=False)
