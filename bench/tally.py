"""What the requests of one measurement did, kept in memory while a load runs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    requests: int = 0
    accepted: int = 0
    errors: Counter[str] = field(default_factory=Counter)
