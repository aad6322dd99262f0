"""Varied, realistic statements for the load benchmark: every one with a fresh UUID id.

Kinds (weighted): the civil servant's course completion of ``tests/statements.py``, cmi5
"completed" with result and context (registration, moveOn category), a video "played", and an
e-learning module completion. Actors are accounts on SIASN with 18-digit NIP names.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from typing import Any

from tests.statements import SIASN, completion

CMI5_MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon"
CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
COMPLETED = {
    "id": "http://adlnet.gov/expapi/verbs/completed",
    "display": {"en-US": "completed", "id-ID": "menyelesaikan"},
}
PLAYED = {
    "id": "https://w3id.org/xapi/video/verbs/played",
    "display": {"en-US": "played", "id-ID": "memutar"},
}
COURSES = (
    ("etika-pelayanan-publik", "Etika Pelayanan Publik"),
    ("manajemen-asn", "Manajemen ASN"),
    ("wawasan-kebangsaan", "Wawasan Kebangsaan"),
    ("analisis-kebijakan", "Analisis Kebijakan Publik"),
    ("literasi-digital", "Literasi Digital Pemerintahan"),
)


def nip(rng: random.Random) -> str:
    """An 18-digit NIP: birth date, appointment month, gender digit, sequence number."""
    birth = f"{rng.randint(1965, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    appointed = f"{rng.randint(1990, 2025)}{rng.randint(1, 12):02d}"
    return f"{birth}{appointed}{rng.randint(1, 2)}{rng.randint(1, 999):03d}"


def _timestamp(rng: random.Random) -> str:
    return (
        f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}T"
        f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.000Z"
    )


def _actor(learner: str) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": SIASN, "name": learner}}


class StatementFactory:
    """Builds statements from a fixed pool of learners; deterministic apart from the ids."""

    def __init__(self, seed: int = 42, learners: int = 2000) -> None:
        self._rng = random.Random(seed)  # noqa: S311 - load data, not security
        self.learners = [nip(self._rng) for _ in range(learners)]
        self._kinds: list[Callable[[str], dict[str, Any]]] = [
            self.course_completion,
            self.cmi5_completed,
            self.video_played,
            self.elearning_completed,
        ]
        self._weights = [2, 4, 3, 2]

    def one(self) -> dict[str, Any]:
        learner = self._rng.choice(self.learners)
        kind = self._rng.choices(self._kinds, self._weights)[0]
        return kind(learner)

    def batch(self, size: int) -> list[dict[str, Any]]:
        return [self.one() for _ in range(size)]

    def course_completion(self, learner: str) -> dict[str, Any]:
        return completion(learner, timestamp=_timestamp(self._rng))

    def cmi5_completed(self, learner: str) -> dict[str, Any]:
        slug, title = self._rng.choice(COURSES)
        au = f"https://lms.example.go.id/cmi5/{slug}/au/{self._rng.randint(1, 6)}"
        return {
            "id": str(uuid.uuid4()),
            "actor": _actor(learner),
            "verb": COMPLETED,
            "object": {
                "objectType": "Activity",
                "id": au,
                "definition": {
                    "name": {"id-ID": f"{title}: unit pembelajaran"},
                    "type": "https://w3id.org/xapi/cmi5/activitytype/block",
                },
            },
            "result": {
                "completion": True,
                "duration": f"PT{self._rng.randint(5, 90)}M{self._rng.randint(0, 59)}S",
            },
            "context": {
                "registration": str(uuid.uuid4()),
                "contextActivities": {
                    "category": [
                        {"objectType": "Activity", "id": CMI5_MOVEON},
                        {"objectType": "Activity", "id": CMI5_CATEGORY},
                    ],
                    "grouping": [
                        {
                            "objectType": "Activity",
                            "id": f"https://lms.example.go.id/cmi5/{slug}",
                        }
                    ],
                },
                "extensions": {
                    "https://w3id.org/xapi/cmi5/context/extensions/sessionid": str(uuid.uuid4())
                },
            },
            "timestamp": _timestamp(self._rng),
        }

    def video_played(self, learner: str) -> dict[str, Any]:
        slug, title = self._rng.choice(COURSES)
        time = round(self._rng.uniform(0, 1800), 3)
        return {
            "id": str(uuid.uuid4()),
            "actor": _actor(learner),
            "verb": PLAYED,
            "object": {
                "objectType": "Activity",
                "id": f"https://video.example.go.id/{slug}/{self._rng.randint(1, 12)}",
                "definition": {
                    "name": {"id-ID": f"Video {title}"},
                    "type": "https://w3id.org/xapi/video/activity-type/video",
                },
            },
            "result": {"extensions": {"https://w3id.org/xapi/video/extensions/time": time}},
            "context": {
                "registration": str(uuid.uuid4()),
                "extensions": {
                    "https://w3id.org/xapi/video/extensions/session-id": str(uuid.uuid4()),
                    "https://w3id.org/xapi/video/extensions/length": 1800,
                },
            },
            "timestamp": _timestamp(self._rng),
        }

    def elearning_completed(self, learner: str) -> dict[str, Any]:
        slug, title = self._rng.choice(COURSES)
        raw = self._rng.randint(60, 100)
        return {
            "id": str(uuid.uuid4()),
            "actor": _actor(learner),
            "verb": COMPLETED,
            "object": {
                "objectType": "Activity",
                "id": f"https://elearning.example.go.id/modul/{slug}",
                "definition": {
                    "name": {"id-ID": f"Modul e-learning {title}"},
                    "type": "http://adlnet.gov/expapi/activities/module",
                },
            },
            "result": {
                "completion": True,
                "success": raw >= 70,
                "score": {"raw": raw, "min": 0, "max": 100, "scaled": raw / 100},
                "duration": f"PT{self._rng.randint(1, 4)}H{self._rng.randint(0, 59)}M",
            },
            "timestamp": _timestamp(self._rng),
        }
