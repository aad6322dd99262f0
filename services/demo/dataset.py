"""The whole demo, generated from a seed: unit tree, roster, statements in sending order, and
what the reports should show once it is loaded."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from services.competency.catalog import Catalog
from services.competency.catalog_loader import load_catalog, read_catalog_dir
from services.demo import faults as fault_kinds
from services.demo.learning_year import TARGET_JP, Profile, learning_year
from services.demo.people import CivilServant, civil_servants, roster_csv
from services.demo.schedule import ZONE, Calendar
from services.demo.statements import Statement
from services.demo.unit_tree import UNITS, units_csv


def previous_year() -> int:
    return datetime.now(ZONE).year - 1


@dataclass(frozen=True)
class DemoOptions:
    seed: int = 2025
    year: int = field(default_factory=previous_year)
    learners: int = 2000
    statements_per_learner: int = 25
    under_share: float = 0.17  # learners who learn, but less than the target
    nothing_share: float = 0.04  # learners without a single statement


@dataclass(frozen=True)
class Demo:
    """``first``, ``main`` and ``late`` are sent in that order; the late roster rows are
    imported between ``main`` and ``late``."""

    options: DemoOptions
    units_csv: str
    roster: list[CivilServant]
    late_roster: list[CivilServant]
    first: list[Statement]
    main: list[Statement]
    late: list[Statement]
    planned_jp: dict[str, Decimal]
    profiles: dict[str, Profile]
    counts: dict[str, int]

    @property
    def people(self) -> list[CivilServant]:
        return self.roster + self.late_roster

    def statements(self) -> list[Statement]:
        return self.first + self.main + self.late

    def roster_csv(self) -> str:
        return roster_csv(self.roster)

    def late_roster_csv(self) -> str:
        return roster_csv(self.late_roster)

    def expected(self) -> dict[str, Any]:
        at_target = sum(1 for jp in self.planned_jp.values() if jp >= TARGET_JP)
        return {
            "year": self.options.year,
            "seed": self.options.seed,
            "learners": len(self.planned_jp),
            "at_target": at_target,
            "under_target": len(self.planned_jp) - at_target,
            "without_statements": sum(1 for p in self.profiles.values() if p is Profile.NOTHING),
            "counts": self.counts,
            "planned_jp": {nip: str(jp) for nip, jp in sorted(self.planned_jp.items())},
        }


def seed_catalog() -> Catalog:
    catalog = load_catalog(read_catalog_dir())
    if not isinstance(catalog, Catalog):
        raise RuntimeError(f"the seed catalog is rejected: {catalog.errors[:3]}")
    return catalog


def generate(options: DemoOptions, catalog: Catalog | None = None) -> Demo:
    rng = random.Random(options.seed)  # noqa: S311 - demo data, not security
    catalog = catalog or seed_catalog()
    calendar = Calendar(options.year)
    people = civil_servants(rng, options.learners, UNITS, options.year)
    years = [
        learning_year(
            rng, person, _profile(rng, options), calendar, catalog,
            round(rng.gauss(options.statements_per_learner, options.statements_per_learner / 4)),
        )
        for person in people
    ]  # fmt: skip
    faults = fault_kinds.add_faults(rng, years, calendar)
    late = fault_kinds.late_enrolment_statements(rng, years)
    main = sorted(
        [s for y in years for e in y.enrolments for s in e.statements] + faults.main,
        key=lambda s: str(s["timestamp"]),
    )
    duplicates = fault_kinds.duplicates(rng, main)
    late_nips = fault_kinds.late_roster_nips(rng, years)
    late_sent = late + faults.late + duplicates
    counts = Counter(
        {
            "units": len(UNITS),
            "statements": len(faults.first) + len(main) + len(faults.after_main) + len(late_sent),
            "late_statements": len(late),
            "voided": len(faults.voided_ids),
            "voids_before_target": len(faults.first),
            "duplicates": len(duplicates),
            "unmapped_activities": faults.unmapped,
            "late_roster_rows": len(late_nips),
            "mbox_actors": sum(1 for s in main if "mbox" in s["actor"]),
        }
    )
    return Demo(
        options=options,
        units_csv=units_csv(),
        roster=[p for p in people if p.nip not in late_nips],
        late_roster=[p for p in people if p.nip in late_nips],
        first=faults.first,
        main=main + faults.after_main,
        late=late_sent,
        planned_jp={y.person.nip: y.planned_jp for y in years},
        profiles={y.person.nip: y.profile for y in years},
        counts=dict(counts),
    )


def _profile(rng: random.Random, options: DemoOptions) -> Profile:
    draw = rng.random()
    if draw < options.nothing_share:
        return Profile.NOTHING
    if draw < options.nothing_share + options.under_share:
        return Profile.UNDER
    return Profile.AT_TARGET
