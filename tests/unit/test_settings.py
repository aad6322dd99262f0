from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError

from services.ingest.settings import IngestSettings


def test_production_refuses_the_development_secret() -> None:
    with pytest.raises(ValidationError, match="LRS_API_SECRET"):
        IngestSettings(env="production")
    secret = SecretStr("a-real-secret")
    assert IngestSettings(env="production", api_secret=secret).env == "production"


def test_settings_come_from_lrs_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LRS_INGEST_PORT", "9999")
    monkeypatch.setenv("LRS_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092")
    settings = IngestSettings()
    assert settings.ingest_port == 9999
    assert settings.kafka_bootstrap_servers == "kafka-1:9092,kafka-2:9092"
