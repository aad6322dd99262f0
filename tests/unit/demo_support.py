"""One small demo, generated once for the demo's unit tests (generating is pure but not free)."""

from __future__ import annotations

from functools import cache

from services.demo.dataset import Demo, DemoOptions, generate

YEAR = 2025


@cache
def small_demo(seed: int = 11, learners: int = 400) -> Demo:
    return generate(DemoOptions(seed=seed, year=YEAR, learners=learners, statements_per_learner=20))
