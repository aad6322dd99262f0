"""Settings of the query API (environment variables, prefix ``LRS_``)."""

from __future__ import annotations

from pydantic import Field

from services.common.settings import ApiCredentialSettings


class QuerySettings(ApiCredentialSettings):
    query_host: str = Field("127.0.0.1", description="Address the query API listens on.")
    query_port: int = Field(8081, description="Port of the query API (under /api/v1).")
