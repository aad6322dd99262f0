"""Reading a statement with the project's xAPI conventions."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from services.competency.statement_facts import StatementFacts, facts_of
from services.competency.xapi_conventions import EventKind, Extension
from tests.competency_statements import E_LEARNING, SITI, learning, voiding

IRI = "https://lrs.palukota.go.id/xapi/competencies/manajerial/integritas"


def facts(statement: dict[str, Any]) -> StatementFacts:
    found = facts_of(statement)
    assert found is not None
    return found


def test_every_convention_is_read() -> None:
    statement = learning(
        "completed",
        E_LEARNING,
        "2025-03-10T10:00",
        registration="9F1C6A56-1D7E-4A53-9A55-0D7A2F4F0C11",
        duration="PT2H15M",
        extensions={
            Extension.JP_CLAIMED: 4.5,
            Extension.FORM: 16,
            Extension.FORM_VARIANT: "webinar",
            Extension.SCOPE: "International",
            Extension.COMPETENCIES: [IRI, IRI],
            Extension.DAYS: 2,
            Extension.SESSIONS: 3,
            Extension.CERTIFICATE: "CERT-1",
            Extension.PROVIDER: "lan",
        },
    )
    statement["result"]["success"] = True
    statement["result"]["score"] = {"scaled": 0.85}
    statement["context"]["contextActivities"] = {"category": [{"id": "https://x.org/profile"}]}
    read = facts(statement)
    assert read.learner_key == f"account:https://siasn.bkn.go.id|{SITI}"
    assert (read.kind, read.activity) == (EventKind.COMPLETED, E_LEARNING)
    assert read.registration == "9f1c6a56-1d7e-4a53-9a55-0d7a2f4f0c11"
    assert (read.claimed_jp, read.duration) == (Decimal("4.5"), timedelta(hours=2, minutes=15))
    assert (read.form, read.variant, read.international) == (16, "webinar", True)
    assert (read.competencies, read.categories) == ((IRI,), ("https://x.org/profile",))
    assert (read.days, read.sessions, read.certificate, read.provider) == (2, 3, "CERT-1", "lan")
    assert (read.success, read.score) == (True, Decimal("0.85"))
    assert StatementFacts.model_validate_json(read.model_dump_json()) == read


@pytest.mark.parametrize(
    ("extension", "value"),
    [
        (Extension.JP_CLAIMED, "lots"),
        (Extension.JP_CLAIMED, -1),
        (Extension.JP_CLAIMED, True),
        (Extension.DAYS, 0),
        (Extension.DAYS, 1.5),
        (Extension.DAYS, 400),
        (Extension.FORM, "16"),
        (Extension.SCOPE, "global"),
        (Extension.COMPETENCIES, 7),
    ],
)
def test_values_off_the_conventions_are_left_out(extension: Extension, value: object) -> None:
    read = facts(learning("completed", E_LEARNING, "2025-03-10T10:00",
                          extensions={extension: value}))  # fmt: skip
    defaults = facts(learning("completed", E_LEARNING, "2025-03-10T10:00"))
    assert read.model_dump(exclude={"statement_id"}) == defaults.model_dump(
        exclude={"statement_id"}
    )


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        ("PT45M", timedelta(minutes=45)),
        ("PT1.5H", timedelta(minutes=90)),
        ("P1DT2H", timedelta(hours=26)),
        ("P2W", timedelta(weeks=2)),
        ("PT0,5S", timedelta(milliseconds=500)),
        ("P1M", None),  # months have no fixed length
        ("P1Y", None),
    ],
)
def test_durations(duration: str, expected: timedelta | None) -> None:
    read = facts(learning("attended", E_LEARNING, "2025-03-10T10:00", duration=duration))
    assert read.duration == expected


def test_other_verbs_and_objects_are_no_competency_events() -> None:
    experienced = learning("experienced", E_LEARNING, "2025-03-10T10:00")
    assert facts_of(experienced) is None
    assert facts_of(voiding(experienced)) is None
