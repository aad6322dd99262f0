"""What the report benchmark asks for: each report endpoint over many learners or units of
the demo, as many different ones as the bounds allow.

Only endpoints the query API publishes (its OpenAPI paths) are measured, so the benchmark
follows the API as report endpoints are added.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from services.demo.dataset import Demo
from services.demo.unit_tree import ROOT, UNITS, leaves

API = "/api/v1"


@dataclass(frozen=True)
class Case:
    """One row of the table: ``paths`` are taken in turn, one per request."""

    name: str
    route: str  # the OpenAPI path template, to check the API has it
    paths: tuple[str, ...]


def report_cases(demo: Demo, rng: random.Random, learners: int) -> list[Case]:
    year = demo.options.year
    nips = [p.nip for p in rng.sample(demo.people, min(learners, len(demo.people)))]
    leaf = [u.code for u in leaves()]
    agencies = [u.code for u in UNITS if u.opd and u.code not in leaf]
    y = f"year={year}"
    cases = [
        Case("learner year", "/learners/{nip}/years/{year}",
             _each(nips, f"/learners/{{}}/years/{year}")),
        Case("learner year (csv)", "/learners/{nip}/years/{year}",
             _each(nips, f"/learners/{{}}/years/{year}?format=csv")),
        Case("learner competency timeline", "/learners/{nip}/competency-timeline",
             _each(nips, f"/learners/{{}}/competency-timeline?from={year}-01-01&to={year}-12-31")),
        Case("needs-mapping", "/needs-mapping", ("/needs-mapping",)),
        Case("needs-mapping (csv)", "/needs-mapping", ("/needs-mapping?format=csv",)),
    ]  # fmt: skip
    for report, route in (
        ("compliance", "/units/{unit}/compliance"),
        ("coverage", "/units/{unit}/coverage"),
        ("providers", "/units/{unit}/providers"),
        ("inactive", "/units/{unit}/inactive"),
        ("siasn-export", "/units/{unit}/siasn-export"),
    ):
        cases += [
            Case(f"{report}: root unit", route, (f"/units/{ROOT}/{report}?{y}",)),
            Case(f"{report}: agency with sub-units", route,
                 _each(agencies, f"/units/{{}}/{report}?{y}")),
            Case(f"{report}: leaf units", route, _each(leaf, f"/units/{{}}/{report}?{y}")),
        ]  # fmt: skip
    for kind in ("csv", "xlsx"):
        cases += [
            Case(f"compliance: root unit ({kind})", "/units/{unit}/compliance",
                 (f"/units/{ROOT}/compliance?{y}&format={kind}",)),
            Case(f"siasn-export: root unit ({kind})", "/units/{unit}/siasn-export",
                 (f"/units/{ROOT}/siasn-export?{y}&format={kind}",)),
        ]  # fmt: skip
    return [Case(c.name, c.route, tuple(f"{API}{p}" for p in c.paths)) for c in cases]


def _each(keys: Sequence[str], template: str) -> tuple[str, ...]:
    return tuple(template.format(key) for key in keys)
