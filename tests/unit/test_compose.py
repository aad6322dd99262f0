"""docker-compose.yml agrees with the services' settings (no Docker engine runs here to try it)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from services.aggregator.settings import AggregatorSettings
from services.common.settings import CommonSettings
from services.ingest.settings import IngestSettings
from services.query.settings import QuerySettings
from tests.fixtures.infrastructure import KAFKA_IMAGE

REPO = Path(__file__).resolve().parents[2]
SERVICE_PORTS = {
    "ingest": ("LRS_INGEST_PORT", IngestSettings.model_fields["ingest_port"].default),
    "query": ("LRS_QUERY_PORT", QuerySettings.model_fields["query_port"].default),
    "aggregator": (
        "LRS_AGGREGATOR_PORT",
        AggregatorSettings.model_fields["aggregator_port"].default,
    ),
}


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    return loaded


def test_kafka_and_mongodb_are_the_official_images_at_the_local_stack_version() -> None:
    services = _compose()["services"]
    pom = (REPO / "deploy" / "kafka" / "pom.xml").read_text()
    local_version = re.search(r"<kafka.version>(.+)</kafka.version>", pom)
    assert local_version is not None
    assert services["kafka"]["image"] == f"apache/kafka:{local_version.group(1)}" == KAFKA_IMAGE
    assert services["mongodb"]["image"].startswith("mongo:")


def test_each_service_listens_where_its_settings_say_and_checks_health_there() -> None:
    services = _compose()["services"]
    for name, (variable, default_port) in SERVICE_PORTS.items():
        service = services[name]
        env = service["environment"]
        assert int(env[variable]) == default_port
        assert service["ports"] == [f"127.0.0.1:${{{variable}:-{default_port}}}:{default_port}"]
        assert f"http://127.0.0.1:{default_port}/health" in " ".join(service["healthcheck"]["test"])
        assert service["command"] == ["python", "-m", f"services.{name}"]


def test_every_service_waits_for_healthy_dependencies_and_has_a_healthcheck() -> None:
    services = _compose()["services"]
    for name, service in services.items():
        assert "test" in service["healthcheck"], name
        for dependency, condition in service.get("depends_on", {}).items():
            assert condition == {"condition": "service_healthy"}, (name, dependency)
            assert dependency in services
    assert set(services["ingest"]["depends_on"]) >= {"kafka", "mongodb"}
    assert set(services["aggregator"]["depends_on"]) >= {"kafka", "mongodb"}


def test_service_environment_names_are_real_settings() -> None:
    known = {
        f"LRS_{name.upper()}"
        for cls in (IngestSettings, AggregatorSettings, QuerySettings, CommonSettings)
        for name in cls.model_fields
    }
    for name in SERVICE_PORTS:
        for variable in _compose()["services"][name]["environment"]:
            assert variable in known, f"{name}: {variable} is not a setting"


def test_secret_is_required_not_defaulted() -> None:
    env = _compose()["services"]["ingest"]["environment"]
    assert env["LRS_API_SECRET"].startswith("${LRS_API_SECRET:?")


def test_prometheus_scrapes_every_service_and_grafana_shows_the_metrics_they_export() -> None:
    import json

    services = _compose()["services"]
    scrape = yaml.safe_load((REPO / "deploy" / "prometheus.yml").read_text())
    targets = {
        t for job in scrape["scrape_configs"] for c in job["static_configs"] for t in c["targets"]
    }
    assert targets == {f"{name}:{port}" for name, (_, port) in SERVICE_PORTS.items()}
    assert services["grafana"]["depends_on"] == {"prometheus": {"condition": "service_healthy"}}
    dashboard = json.loads(
        (REPO / "deploy" / "grafana" / "dashboards" / "xapi-pipeline.json").read_text()
    )
    expressions = " ".join(t["expr"] for p in dashboard["panels"] for t in p["targets"])
    exported = (
        "lrs_ingest_statements_accepted_total",
        "lrs_aggregator_consumer_lag_records",
        "lrs_http_request_duration_seconds",
        "lrs_aggregator_dead_letters_total",
        "lrs_aggregator_end_to_end_seconds",
        "lrs_ingest_requests_rejected_total",
    )
    for metric in exported:
        assert metric in expressions, metric
