from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlparse

import pytest

from services.common.statement_keys import key_prefix, position
from services.ingest.errors import BadRequest
from services.ingest.statement_query import StatementQuery, single_statement_params

AGENT = '{"mbox": "mailto:Siti@palukota.go.id"}'


def test_filters_map_to_one_walked_key_and_checks_on_the_rest() -> None:
    query = StatementQuery.parse(
        {
            "agent": AGENT,
            "verb": "http://v",
            "activity": "http://a",
            "related_activities": "true",
            "registration": "EC531277-B57B-4C15-8D91-D292C5B2B8F7",
            "since": "2026-01-01T00:00:00Z",
            "limit": "5",
        },
        page_size=100,
    )
    registration = "ec531277-b57b-4c15-8d91-d292c5b2b8f7"
    assert query.conditions == {
        "agents": "mbox:mailto:siti@palukota.go.id",
        "verbs": "http://v",
        "related_activities": "http://a",
        "registrations": registration,
    }
    assert query.driving_field == "registrations"
    assert "registrations" not in query.residual()
    assert set(query.residual()) == {"agents", "verbs", "related_activities"}
    walked = query.key_range()
    assert walked.low == key_prefix("registrations", registration) + "2026-01-01T00:00:00.000000Z|~"
    assert walked.high == key_prefix("registrations", registration) + "~"
    assert query.limit == 5


def test_a_query_without_filters_walks_the_key_of_every_statement() -> None:
    query = StatementQuery.parse({"until": "2026-02-01T08:00:00+08:00"}, page_size=100)
    assert query.driving_field is None and query.residual() == {}
    assert query.key_range().high == "al|2026-02-01T00:00:00.000000Z|~"


def test_more_link_carries_the_query_and_a_cursor_that_resumes_after_the_last() -> None:
    query = StatementQuery.parse({"verb": "http://v", "limit": "2"}, page_size=100)
    last = position(datetime(2026, 3, 4, 10, 0, 0, 123000, tzinfo=UTC), "abc")
    link = query.more("/xapi/statements", last)
    params = {k: v[0] for k, v in parse_qs(urlparse(link).query).items()}
    assert params["verb"] == "http://v" and params["limit"] == "2"
    resumed = StatementQuery.parse(params, page_size=100)
    assert resumed.after == last
    assert resumed.key_range().high == key_prefix("verbs", "http://v") + last
    ascending = StatementQuery.parse({**params, "ascending": "true"}, page_size=100)
    assert ascending.key_range().low == key_prefix("verbs", "http://v") + last


def test_limit_zero_means_the_server_maximum() -> None:
    assert StatementQuery.parse({"limit": "0"}, page_size=100).limit == 100


@pytest.mark.parametrize(
    "params",
    [
        {"agent": "not json"},
        {"agent": '{"name": "x"}'},
        {"limit": "-1"},
        {"format": "full"},
        {"ascending": "yes"},
        {"since": "yesterday"},
        {"verbs": "x"},
        {"from": "%%%"},
        {"from": "MTcwMHxhYmM"},  # the cursor of an older version: millis|id
    ],
)
def test_bad_parameters_are_400(params: dict[str, str]) -> None:
    with pytest.raises(BadRequest):
        StatementQuery.parse(params, page_size=100)


def test_single_statement_gets_only_format_and_attachments() -> None:
    assert single_statement_params({"statementId": "x", "format": "ids"}) == ("ids", False)
    with pytest.raises(BadRequest):
        single_statement_params({"statementId": "x", "verb": "http://v"})
    with pytest.raises(BadRequest):
        single_statement_params({"statementId": "x", "voidedStatementId": "y"})
