"""Statements the tests build: a civil servant's course completion, as a platform would send it."""

from __future__ import annotations

import uuid
from typing import Any

SIASN = "https://siasn.bkn.go.id"


def completion(nip: str = "198503302010011002", **overrides: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "account": {"homePage": SIASN, "name": nip}},
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/completed",
            "display": {"en-US": "completed", "id-ID": "menyelesaikan"},
        },
        "object": {
            "objectType": "Activity",
            "id": "https://lms.example.go.id/course/etika-pelayanan-publik",
            "definition": {
                "name": {"id-ID": "Etika Pelayanan Publik"},
                # Extension keys are IRIs: dots and '$' must survive the store unchanged.
                "extensions": {"https://lrs.example.org/ext/jp.claimed": {"$value": 3}},
            },
        },
        "result": {"completion": True, "success": True, "duration": "PT2H15M"},
        "timestamp": "2026-03-04T02:15:00.000Z",
    }
    statement.update(overrides)
    return statement


def learner_key_of(nip: str) -> str:
    return f"account:{SIASN}|{nip}"
