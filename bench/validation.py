"""How many statements one core validates per second (target: at least 20,000/s).

A typical cmi5 "completed" statement with result and context, validated for a 1.0.3 request:
`uv run python -m bench.validation [rounds]`. Also reports parsing with loads_strict and the whole
ingest step (parse + validate), since every POSTed body goes through both.

Rates are CPU time of this process over several rounds; the best round is the headline (other
processes on a shared machine only ever slow a round down), the median shows the spread.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

import orjson

from schemas.xapi import check_statement, loads_strict

CMI5_COMPLETED: dict[str, Any] = {
    "id": "2a41c918-b88b-4220-90a5-a4c32391a240",
    "actor": {
        "objectType": "Agent",
        "name": "Jane Learner",
        "account": {"homePage": "https://lms.example.com", "name": "jlearner-1234"},
    },
    "verb": {
        "id": "http://adlnet.gov/expapi/verbs/completed",
        "display": {"en-US": "completed"},
    },
    "object": {
        "objectType": "Activity",
        "id": "https://example.com/courses/intro-xapi/au/1",
        "definition": {
            "type": "https://w3id.org/xapi/cmi5/activitytype/block",
            "name": {"en-US": "Introduction to xAPI, lesson 1"},
            "description": {"en-US": "The first assignable unit of the course."},
        },
    },
    "result": {
        "completion": True,
        "duration": "PT12M34.5S",
        "extensions": {"https://w3id.org/xapi/cmi5/result/extensions/progress": 100},
    },
    "context": {
        "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
        "contextActivities": {
            "category": [
                {
                    "objectType": "Activity",
                    "id": "https://w3id.org/xapi/cmi5/context/categories/cmi5",
                },
                {"id": "https://w3id.org/xapi/cmi5/context/categories/moveon"},
            ],
            "grouping": [{"id": "https://example.com/courses/intro-xapi"}],
        },
        "extensions": {
            "https://w3id.org/xapi/cmi5/context/extensions/sessionid": "458240298378231",
        },
        "platform": "Example LMS",
        "language": "en-US",
    },
    "timestamp": "2024-05-01T12:34:56.789Z",
}


ROUND = 5_000  # statements per round


def _rates(step: Callable[[], object], rounds: int) -> list[float]:
    for _ in range(ROUND // 5):  # warm caches (language tags, allocator) before timing
        step()
    rates = []
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(ROUND):
            step()
        rates.append(ROUND / (time.process_time() - start))
    return rates


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    body = orjson.dumps(CMI5_COMPLETED)
    check_statement(loads_strict(body), version="1.0.0")  # fail loudly if the sample is invalid
    steps: dict[str, Callable[[], object]] = {
        "check_statement": lambda: check_statement(CMI5_COMPLETED, version="1.0.0"),
        "loads_strict": lambda: loads_strict(body),
        "loads_strict + check_statement": lambda: check_statement(
            loads_strict(body), version="1.0.0"
        ),
    }
    print(f"cmi5 'completed' statement, {len(body)} bytes, one core, {rounds} x {ROUND:,}")
    for name, step in steps.items():
        rates = sorted(_rates(step, rounds))
        best, median = rates[-1], rates[len(rates) // 2]
        print(f"{name:>32}: {best:>9,.0f} statements/s (median {median:,.0f})")


if __name__ == "__main__":
    main()
