"""Ops see accepted, rejected and applied work, and its latency, in /metrics."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.fixtures.pipeline import CREDENTIALS, XAPI_HEADERS, Pipeline
from tests.statements import completion


def _samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _value(
    samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def test_metrics_count_accepted_rejected_and_applied_statements(pipeline: Pipeline) -> None:
    url = f"{pipeline.ingest_url}/xapi/statements"
    statement = completion()
    async with httpx.AsyncClient(auth=CREDENTIALS, headers=XAPI_HEADERS, timeout=30) as http:
        assert (await http.post(url, json=[statement, completion()])).status_code == 200
        assert (
            await http.post(url, content=b"{", headers={"Content-Type": "application/json"})
        ).status_code == 400
        assert (await http.get(url, params={"statementId": statement["id"]})).status_code == 200
        ingest = _samples((await http.get(f"{pipeline.ingest_url}/metrics")).text)
        aggregator = _samples((await http.get(f"{pipeline.aggregator_url}/metrics")).text)

    assert _value(ingest, "lrs_ingest_statements_accepted_total") == 2
    assert _value(ingest, "lrs_ingest_requests_rejected_total", status="400") == 1
    post = {"service": "ingest", "method": "POST", "route": "/statements"}
    assert _value(ingest, "lrs_http_requests_total", **post, status="200") == 1
    assert _value(ingest, "lrs_http_requests_total", **post, status="400") == 1
    assert _value(ingest, "lrs_ingest_produce_duration_seconds_count") == 1
    assert (
        _value(ingest, "lrs_mongodb_command_duration_seconds_count", command="find", outcome="ok")
        >= 1
    )
    assert _value(aggregator, "lrs_aggregator_statements_applied_total") == 2
    assert _value(aggregator, "lrs_aggregator_end_to_end_seconds_count") == 2
    lags = [
        v for (name, _), v in aggregator.items() if name == "lrs_aggregator_consumer_lag_records"
    ]
    assert lags and all(lag == 0 for lag in lags)
