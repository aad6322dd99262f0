from __future__ import annotations

from services.common.comparison import same_statement
from tests.statements import completion


def test_lrs_set_properties_timestamp_form_uuid_case_and_member_order_do_not_count() -> None:
    a = completion()
    a["context"] = {
        "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
        "team": {
            "objectType": "Group",
            "member": [{"mbox": "mailto:a@x.org"}, {"mbox": "mailto:b@x.org"}],
        },
    }
    b = {
        **a,
        "id": a["id"].upper(),
        "stored": "2026-01-01T00:00:00Z",
        "authority": {"mbox": "mailto:lrs@x.org"},
        "version": "1.0.3",
        "timestamp": "2026-03-04T10:15:00+08:00",
        "context": {
            "registration": "EC531277-B57B-4C15-8D91-D292C5B2B8F7",
            "team": {
                "objectType": "Group",
                "member": [{"mbox": "mailto:b@x.org"}, {"mbox": "mailto:a@x.org"}],
            },
        },
    }
    assert same_statement(a, b)


def test_any_other_difference_counts() -> None:
    a = completion()
    assert not same_statement(a, {**a, "result": {"completion": False}})
    assert not same_statement(a, {**a, "timestamp": "2026-03-04T02:15:01Z"})


def test_a_resend_without_timestamp_matches_the_stamped_copy() -> None:
    sent = {k: v for k, v in completion().items() if k != "timestamp"}
    stored = {**sent, "timestamp": "2026-11-28T06:00:00.000Z", "stored": "2026-11-28T06:00:00.000Z"}
    assert same_statement(sent, stored)


def test_durations_compare_to_the_hundredth_of_a_second() -> None:
    a = completion(result={"duration": "P1DT12H36M0.12567S"})
    assert same_statement(a, completion(**{**a, "result": {"duration": "P1DT12H36M0.12S"}}))
    assert not same_statement(a, completion(**{**a, "result": {"duration": "P1DT12H36M0.13S"}}))
