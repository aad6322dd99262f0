"""Settings every service shares: where Kafka and MongoDB are, and the topic names.

Every service is configured only by environment variables with the ``LRS_`` prefix;
the defaults run the local stack (``make run``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET_PLACEHOLDER = "dev-secret"  # noqa: S105 - the known dev value, refused in production


class CommonSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LRS_", extra="ignore", frozen=True)

    env: Literal["development", "test", "production"] = Field(
        "development",
        description="Deployment environment; production refuses placeholder secrets.",
    )
    log_level: str = Field("INFO", description="Python log level of the service.")
    kafka_bootstrap_servers: str = Field(
        "127.0.0.1:9092", description="Kafka bootstrap servers, comma separated."
    )
    statements_topic: str = Field("xapi.statements", description="Topic of accepted statements.")
    dlq_topic: str = Field(
        "xapi.statements.dlq",
        description="Dead-letter topic for what the aggregator cannot apply.",
    )
    kafka_partitions: int = Field(
        3, ge=1, description="Partitions of the statements topic when it is created."
    )
    mongodb_url: SecretStr = Field(
        SecretStr("mongodb://127.0.0.1:27017/"),
        description="MongoDB (or FerretDB) connection URL.",
    )
    mongodb_database: str = Field("lrs", description="MongoDB database name.")
    mongodb_pool_size: int = Field(
        16,
        gt=0,
        description="Most MongoDB connections a service opens (FerretDB on SQLite stalls "
        "under many concurrent ones).",
    )


class ApiCredentialSettings(CommonSettings):
    """How the HTTP APIs authenticate: stored credentials, the development one, JWTs; CORS."""

    api_key: str = Field("dev", description="HTTP Basic user name of the development credential.")
    api_secret: SecretStr = Field(
        SecretStr(DEV_SECRET_PLACEHOLDER),
        description="HTTP Basic password of the development credential.",
    )
    jwks_url: str | None = Field(
        None, description="JWKS URL for Bearer JWTs (unset with LRS_JWKS_FILE: JWTs refused)."
    )
    jwks_file: Path | None = Field(
        None, description="Path of a JWKS JSON file for Bearer JWTs (instead of LRS_JWKS_URL)."
    )
    jwt_audience: str | None = Field(
        None, description="Required `aud` of Bearer JWTs (unset: not checked)."
    )
    jwt_issuer: str | None = Field(
        None, description="Required `iss` of Bearer JWTs (unset: not checked)."
    )
    cors_origins: str = Field(
        "", description="Origins allowed by CORS, comma separated (empty: CORS off)."
    )

    @property
    def cors_origin_list(self) -> list[str]:
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]

    @model_validator(mode="after")
    def _refuse_placeholder_secret_in_production(self) -> ApiCredentialSettings:
        if (
            self.env == "production"
            and self.api_secret.get_secret_value() == DEV_SECRET_PLACEHOLDER
        ):
            raise ValueError("LRS_API_SECRET must be set to a real secret when LRS_ENV=production")
        return self

    @model_validator(mode="after")
    def _one_jwks_source(self) -> ApiCredentialSettings:
        if self.jwks_url and self.jwks_file:
            raise ValueError("set LRS_JWKS_URL or LRS_JWKS_FILE, not both")
        return self
