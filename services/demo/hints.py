"""Where to look once the demo is loaded: a few requests to paste into a shell."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from services.common.settings import DEV_SECRET_PLACEHOLDER
from services.demo.target import DemoTarget
from services.demo.unit_tree import ROOT, leaves


def print_hints(console: Console, target: DemoTarget, expected: dict[str, Any]) -> None:
    year = expected["year"]
    nip = next(iter(expected["planned_jp"]), "NIP")
    secret = target.api_secret.get_secret_value()
    credential = f"{target.api_key}:{secret}" if secret == DEV_SECRET_PLACEHOLDER else "KEY:SECRET"
    api = f"{target.query_url}/api/v1"
    leaf = leaves()[0].code
    console.print(
        f"\n[bold]Demo loaded[/bold] (reporting year {year}): {expected['learners']:,} "
        f"learners, {expected['at_target']:,} planned at the 20 JP target.\n"
        "The reports need a credential with the reports/read scope (the development one "
        "has it):\n"
    )
    for what, path in (
        ("the whole city's compliance", f"/units/{ROOT}/compliance?year={year}"),
        (f"one unit ({leaf})", f"/units/{leaf}/compliance?year={year}"),
        ("one learner's year", f"/learners/{nip}/years/{year}"),
        ("what needs mapping", "/needs-mapping"),
    ):
        console.print(f"# {what}", style="dim")
        console.print(
            f"curl -s -u {credential} '{api}{path}'", markup=False, highlight=False, soft_wrap=True
        )
    console.print(f"\nAPI docs: {target.query_url}/docs; `make down` stops the stack.")
