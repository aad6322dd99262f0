"""A tiny demo through the real pipeline: the reports show what the generator planned.

The planned JP come from the competency rules run over each learner's credited statements
alone; the pipeline gets there through HTTP, Kafka, voids (some before their targets), late
statements, duplicates and late roster rows. So every learner's year must match the plan.
"""

from __future__ import annotations

import io
import os
from decimal import Decimal
from pathlib import Path

import httpx
from rich.console import Console

from services.demo.dataset import DemoOptions, generate
from services.demo.files import write_demo
from services.demo.learning_year import Profile
from services.demo.loading import LoadOptions, load_demo
from services.demo.offerings import UNMAPPED
from services.demo.sender import XapiEndpoint
from services.demo.unit_tree import ROOT
from tests.fixtures.infrastructure import Endpoints, Names
from tests.fixtures.pipeline import CREDENTIALS, Pipeline

YEAR = 2025


async def test_a_tiny_demo_adds_up_to_its_plan(
    pipeline: Pipeline, infrastructure: Endpoints, names: Names, tmp_path: Path
) -> None:
    demo = generate(DemoOptions(seed=7, year=YEAR, learners=30, statements_per_learner=8))
    files = write_demo(demo, tmp_path / "demo")
    loaded = await load_demo(
        files,
        XapiEndpoint(pipeline.ingest_url, *CREDENTIALS),
        {**os.environ, **names.env(infrastructure)},
        LoadOptions(batch=50, concurrency=2, wait_seconds=120),
        Console(file=io.StringIO()),
    )
    assert loaded.sent.statements == len(demo.statements())

    async with httpx.AsyncClient(base_url=pipeline.query_url, auth=CREDENTIALS) as http:
        report = (await http.get(f"/api/v1/units/{ROOT}/compliance", params={"year": YEAR})).json()
        expected = demo.expected()
        total = report["total"]
        assert total["learners"] == 30
        assert (total["at_target"], total["under_target"]) == (
            expected["at_target"],
            expected["under_target"],
        )
        under = {
            item["nip"]: Decimal(str(item["recognised_jp"])) for item in report["under_target"]
        }
        for nip, profile in demo.profiles.items():
            if profile is Profile.NOTHING:
                assert under[nip] == 0

        for person in demo.people:
            year = (await http.get(f"/api/v1/learners/{person.nip}/years/{YEAR}")).json()
            assert Decimal(str(year["recognised_jp"])) == demo.planned_jp[person.nip], person

        needs = (await http.get("/api/v1/needs-mapping")).json()
        assert {a["activity"] for a in needs["activities"]} <= {o.iri for o in UNMAPPED}
        assert needs["activities"]
        assert needs["learners"] == []
