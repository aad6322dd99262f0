"""The demo as files: what ``generate --out`` writes and ``send --from`` reads.

units.csv, roster.csv          imported first (``services.competency.cli``)
statements-1-first.jsonl       sent first: voids that reach the LRS before their targets
statements-2-main.jsonl        then the year's statements, in time order
roster-late.csv                then the roster rows of learners who joined late
statements-3-late.jsonl        last: late statements, late voids, re-sent duplicates
expected.json                  what the reports should show (planned JP per NIP)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from services.demo.dataset import Demo
from services.demo.statements import Statement

UNITS = "units.csv"
ROSTER = "roster.csv"
LATE_ROSTER = "roster-late.csv"
FIRST, MAIN, LATE = "statements-1-first.jsonl", "statements-2-main.jsonl", "statements-3-late.jsonl"
EXPECTED = "expected.json"


@dataclass(frozen=True)
class DemoFiles:
    directory: Path

    def path(self, name: str) -> Path:
        return self.directory / name

    def expected(self) -> dict[str, Any]:
        found: dict[str, Any] = orjson.loads(self.path(EXPECTED).read_bytes())
        return found

    def statements(self, name: str) -> list[Statement]:
        lines = self.path(name).read_bytes().splitlines()
        return [orjson.loads(line) for line in lines if line.strip()]


def write_demo(demo: Demo, directory: Path) -> DemoFiles:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / UNITS).write_text(demo.units_csv, encoding="utf-8")
    (directory / ROSTER).write_text(demo.roster_csv(), encoding="utf-8")
    (directory / LATE_ROSTER).write_text(demo.late_roster_csv(), encoding="utf-8")
    for name, statements in ((FIRST, demo.first), (MAIN, demo.main), (LATE, demo.late)):
        (directory / name).write_bytes(b"".join(orjson.dumps(s) + b"\n" for s in statements))
    (directory / EXPECTED).write_bytes(
        orjson.dumps(demo.expected(), option=orjson.OPT_INDENT_2) + b"\n"
    )
    return DemoFiles(directory)
