"""Agents, Groups and their identifiers, wherever a statement uses them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.xapi.support import (
    AGENT,
    Json,
    accepts,
    assert_rejected,
    statement,
)

ACCOUNT = {"homePage": "http://www.example.com", "name": "1625378"}
IFIS: dict[str, Any] = {
    "mbox": "mailto:ann@example.com",
    "mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9",
    "openid": "http://openid.example.org/12345",
    "account": ACCOUNT,
}


@pytest.mark.parametrize("ifi", sorted(IFIS))
def test_an_agent_with_exactly_one_identifier_is_accepted(ifi: str) -> None:
    accepts(statement(actor={ifi: IFIS[ifi]}))
    accepts(statement(actor={"objectType": "Agent", "name": "Ann", ifi: IFIS[ifi]}))


@pytest.mark.parametrize(("first", "second"), [("mbox", "openid"), ("account", "mbox_sha1sum")])
def test_an_agent_with_two_identifiers_is_rejected(first: str, second: str) -> None:
    actor = {first: IFIS[first], second: IFIS[second]}
    assert_rejected(statement(actor=actor), "statement.actor", "only one inverse functional")


def test_an_agent_without_identifier_is_rejected() -> None:
    assert_rejected(statement(actor={"name": "Ann"}), "statement.actor", "inverse functional")
    assert_rejected(statement(actor={"objectType": "Agent"}), "statement.actor", "inverse")


@pytest.mark.parametrize(
    ("account", "path", "rule"),
    [
        ({"name": "x"}, "statement.actor.account.homePage", "is required"),
        ({"homePage": "http://example.com"}, "statement.actor.account.name", "is required"),
        ({**ACCOUNT, "id": 1}, "statement.actor.account.id", "not an xAPI property"),
        ({**ACCOUNT, "homePage": "example.com"}, "statement.actor.account.homePage", "IRI"),
        ({**ACCOUNT, "name": 123456}, "statement.actor.account.name", "must be a string"),
        ({**ACCOUNT, "HomePage": "http://x.com"}, "statement.actor.account.HomePage", "not"),
    ],
)
def test_account_needs_homepage_iri_and_string_name_only(
    account: Json, path: str, rule: str
) -> None:
    assert_rejected(statement(actor={"account": account}), path, rule)


@pytest.mark.parametrize(
    ("actor", "path", "rule"),
    [
        ({**AGENT, "objectType": "agent"}, "statement.actor.objectType", '"Agent" or "Group"'),
        ({**AGENT, "objectType": "Person"}, "statement.actor.objectType", '"Agent" or "Group"'),
        ({**AGENT, "objectType": 1}, "statement.actor.objectType", '"Agent" or "Group"'),
        ({**AGENT, "name": ["Ann"]}, "statement.actor.name", "must be a string"),
        ({**AGENT, "openid": "open.id.com/testUser"}, "statement.actor.openid", "IRI"),
        ({**AGENT, "familyName": "Smith"}, "statement.actor.familyName", "not an xAPI property"),
        ({"MBOX": "mailto:ann@example.com"}, "statement.actor.MBOX", "case-sensitive"),
        ("Ann", "statement.actor", "must be an object"),
        ([AGENT], "statement.actor", "must be an object"),
    ],
)
def test_malformed_agents_are_rejected(actor: Any, path: str, rule: str) -> None:
    assert_rejected(statement(actor=actor), path, rule)


def test_an_identified_group_may_list_members_or_not() -> None:
    accepts(statement(actor={"objectType": "Group", "mbox": "mailto:team@example.com"}))
    accepts(statement(actor={"objectType": "Group", "account": ACCOUNT, "member": [AGENT]}))
    accepts(statement(actor={"objectType": "Group", "openid": IFIS["openid"], "member": []}))


def test_an_anonymous_group_must_list_its_members() -> None:
    accepts(statement(actor={"objectType": "Group", "name": "Ad hoc", "member": [AGENT]}))
    assert_rejected(
        statement(actor={"objectType": "Group", "name": "Ad hoc"}),
        "statement.actor.member",
        "anonymous Group",
    )


def test_a_group_with_two_identifiers_is_rejected() -> None:
    group = {"objectType": "Group", "mbox": IFIS["mbox"], "openid": IFIS["openid"]}
    assert_rejected(statement(actor=group), "statement.actor", "only one inverse functional")


def test_group_members_are_agents_only() -> None:
    inner = {"objectType": "Group", "mbox": "mailto:inner@example.com"}
    group = {"objectType": "Group", "member": [AGENT, inner]}
    assert_rejected(statement(actor=group), "statement.actor.member[1].objectType", '"Agent"')
    member_without_ifi = {"objectType": "Group", "member": [{"name": "Bob"}]}
    assert_rejected(statement(actor=member_without_ifi), "statement.actor.member[0]", "inverse")


def test_a_group_must_say_it_is_a_group() -> None:
    # Without objectType the actor is an Agent, and an Agent has no members.
    assert_rejected(
        statement(actor={"mbox": IFIS["mbox"], "member": [AGENT]}),
        "statement.actor.member",
        "not an xAPI property",
    )


@pytest.mark.parametrize("member", ["Ann", None, 3])
def test_group_member_items_must_be_objects(member: Any) -> None:
    group = {"objectType": "Group", "member": [member]}
    assert_rejected(statement(actor=group), "statement.actor.member[0]", "must")


OAUTH_PAIR: Json = {
    "objectType": "Group",
    "member": [
        {"account": {"homePage": "http://example.com/xAPI/OAuth/Token", "name": "oauth_x75db"}},
        {"mbox": "mailto:bob@example.com"},
    ],
}


@pytest.mark.parametrize("authority", [AGENT, {"account": ACCOUNT}, OAUTH_PAIR])
def test_authority_is_an_agent_or_an_anonymous_pair(authority: Json) -> None:
    accepts(statement(authority=authority))


@pytest.mark.parametrize(
    "authority",
    [
        {**OAUTH_PAIR, "member": OAUTH_PAIR["member"][:1]},
        {**OAUTH_PAIR, "member": [*OAUTH_PAIR["member"], AGENT]},
        {**OAUTH_PAIR, "mbox": "mailto:bob@example.com"},
        {**OAUTH_PAIR, "account": ACCOUNT},
        {"objectType": "Group", "openid": IFIS["openid"], "member": [AGENT]},
    ],
)
def test_other_group_authorities_are_rejected(authority: Json) -> None:
    assert_rejected(statement(authority=authority), "statement.authority", "exactly two Agents")


def test_authority_members_must_be_agents() -> None:
    nested = {"objectType": "Group", "mbox": "mailto:g@example.com"}
    authority = {"objectType": "Group", "member": [AGENT, nested]}
    assert_rejected(
        statement(authority=authority), "statement.authority.member[1].objectType", '"Agent"'
    )
