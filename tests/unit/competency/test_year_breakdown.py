"""A learner's year broken down for the unit reports, and the unit reports built from the
breakdowns; every number worked out by hand in the comments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from services.competency.compliance import Member
from services.competency.employment import EmployeeStatus
from services.competency.unit_activity import Line, coverage, inactive, participation
from services.competency.year_breakdown import Count, Credit, YearBreakdown, breakdown

INTEGRITY, SERVICE, NATION = "iri:integritas", "iri:pelayanan", "iri:perekat"
TYPES = {INTEGRITY: "manajerial", SERVICE: "manajerial", NATION: "sosial_kultural"}


def credit(day: str, activity: str, jp: str, *iris: str, provider: str | None = "p1",
           registration: str = "") -> Credit:  # fmt: skip
    return Credit(date.fromisoformat(day), (activity, registration), iris, provider, D(jp))


def test_one_learners_breakdown() -> None:
    found = breakdown(
        [
            # Both managerial: counts once for the type (3 JP), once per competency.
            credit("2025-03-10", "course", "3", INTEGRITY, SERVICE),
            # Two attendances of one enrolment with provider p2: one enrolment, 2 + 2 JP.
            credit("2025-05-02", "coaching", "2", NATION, provider="p2"),
            credit("2025-05-09", "coaching", "2", NATION, provider="p2"),
            # No provider, no competency the catalog knows: no type.
            credit("2025-04-01", "archives", "10", "iri:unknown", provider=None),
        ],
        TYPES.get,
    )
    assert found.last_credited == date(2025, 5, 9)
    assert found.competencies == {
        INTEGRITY: Count(1, D(3)),
        SERVICE: Count(1, D(3)),
        NATION: Count(2, D(4)),
        "iri:unknown": Count(1, D(10)),
    }
    assert found.types == {"manajerial": Count(1, D(3)), "sosial_kultural": Count(2, D(4))}
    assert found.providers == {"": Count(1, D(10)), "p1": Count(1, D(3)), "p2": Count(1, D(4))}


def test_coverage_and_participation_over_three_learners() -> None:
    siti = breakdown([credit("2025-03-10", "course", "3", INTEGRITY, SERVICE)], TYPES.get)
    budi = breakdown(
        [
            credit("2025-03-11", "course", "3", INTEGRITY),
            credit("2025-08-14", "seminar", "8", NATION, provider="p2"),
        ],
        TYPES.get,
    )
    dewi = YearBreakdown(None, {}, {}, {})  # no event: counts nowhere
    lines = coverage([siti, budi, dewi])
    # manajerial: Siti 3 (one event) + Budi 3 = 6 JP, 2 learners, 2 events.
    assert lines.by_type == (
        Line("manajerial", 2, 2, D(6)),
        Line("sosial_kultural", 1, 1, D(8)),
    )
    # By IRI: integritas, pelayanan, perekat.
    assert lines.by_key == (
        Line(INTEGRITY, 2, 2, D(6)),
        Line(SERVICE, 1, 1, D(3)),
        Line(NATION, 1, 1, D(8)),
    )
    kinds = {"p1": "government", "p2": "university"}
    providers = participation([siti, budi, dewi], lambda p: kinds.get(p, "unknown"))
    # government (p1): Siti and Budi, one enrolment each, 3 + 3 JP.
    assert providers.by_type == (
        Line("government", 2, 2, D(6)),
        Line("university", 1, 1, D(8)),
    )
    assert providers.by_key == (Line("p1", 2, 2, D(6)), Line("p2", 1, 1, D(8)))


def test_two_providers_of_one_type_count_a_learner_once() -> None:
    one = credit("2025-01-05", "a", "1", provider="p1")
    other = credit("2025-01-06", "b", "2", provider="p3")
    both = breakdown([one, other], TYPES.get)
    # One learner, two enrolments, 1 + 2 JP.
    lines = participation([both], lambda p: "government")
    assert lines.by_type == (Line("government", 1, 2, D(3)),)


def test_inactive_members_by_nip_with_and_without_since() -> None:
    def member(nip: str) -> Member:
        return Member(nip, nip, EmployeeStatus.PNS, "U")

    active = breakdown([credit("2025-06-30", "course", "1")], TYPES.get)
    members = [member("3"), member("1"), member("2")]
    breakdowns = {"1": active}  # "2" has no year at all, "3" an empty one
    breakdowns["3"] = YearBreakdown(None, {}, {}, {})
    assert [m.nip for m in inactive(members, breakdowns, None)] == ["2", "3"]
    # Since July, learner 1 (last credited 30 June) is inactive too.
    assert [m.nip for m in inactive(members, breakdowns, date(2025, 7, 1))] == ["1", "2", "3"]
    assert [m.nip for m in inactive(members, breakdowns, date(2025, 6, 30))] == ["2", "3"]
