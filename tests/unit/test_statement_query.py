from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlparse

import pytest

from services.ingest.errors import BadRequest
from services.ingest.statement_query import StatementQuery, single_statement_params

AGENT = '{"mbox": "mailto:Siti@palukota.go.id"}'


def test_filters_map_to_indexed_fields() -> None:
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
    assert query.filter == {
        "voided": False,
        "agents": "mbox:mailto:siti@palukota.go.id",
        "verbs": "http://v",
        "related_activities": "http://a",
        "registrations": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
        "stored": {"$gt": datetime(2026, 1, 1, tzinfo=UTC)},
    }
    assert query.limit == 5
    assert query.sort() == [("stored", -1), ("_id", -1)]


def test_more_link_carries_the_query_and_a_cursor_that_resumes_after_the_last() -> None:
    query = StatementQuery.parse({"verb": "http://v", "limit": "2"}, page_size=100)
    last = datetime(2026, 3, 4, 10, 0, 0, 123000, tzinfo=UTC)
    link = query.more("/xapi/statements", last, "abc")
    params = {k: v[0] for k, v in parse_qs(urlparse(link).query).items()}
    assert params["verb"] == "http://v" and params["limit"] == "2"
    resumed = StatementQuery.parse(params, page_size=100)
    assert resumed.after == (last, "abc")
    assert resumed.mongo_filter()["$and"][1]["$or"][0] == {"stored": {"$lt": last}}


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
