"""Where the demo goes: the local stack's defaults, from the same ``LRS_`` variables the
services read, so ``make demo`` finds the stack ``make up`` started."""

from __future__ import annotations

from pydantic import Field

from services.common.settings import ApiCredentialSettings
from services.demo.sender import XapiEndpoint


class DemoTarget(ApiCredentialSettings):
    ingest_port: int = Field(8080, description="Port of the ingest service (xAPI under /xapi).")
    query_port: int = Field(8081, description="Port of the query API (under /api/v1).")
    mongodb_port: int | None = Field(None, description="FerretDB port of the local stack.")

    @property
    def store_url(self) -> str:
        """``LRS_MONGODB_URL`` if set, else the local stack's FerretDB on its port."""
        if "mongodb_url" in self.model_fields_set or self.mongodb_port is None:
            return self.mongodb_url.get_secret_value()
        return f"mongodb://127.0.0.1:{self.mongodb_port}/"

    @property
    def ingest_url(self) -> str:
        return f"http://127.0.0.1:{self.ingest_port}"

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.query_port}"

    def endpoint(self) -> XapiEndpoint:
        return XapiEndpoint(self.ingest_url, self.api_key, self.api_secret.get_secret_value())

    def cli_env(self, base: dict[str, str]) -> dict[str, str]:
        """The environment of the competency CLI: this store, whatever else ``base`` sets."""
        return {
            **base,
            "LRS_MONGODB_URL": self.store_url,
            "LRS_MONGODB_DATABASE": self.mongodb_database,
        }
