"""``python -m services.ingest``: run the ingest service."""

from __future__ import annotations

import uvicorn

from services.common.logs import configure_logging
from services.ingest.app import create_app
from services.ingest.settings import IngestSettings

KEEP_ALIVE_SECONDS = 75


def main() -> None:
    settings = IngestSettings()
    configure_logging(settings.log_level)
    uvicorn.run(
        create_app(settings),
        host=settings.ingest_host,
        port=settings.ingest_port,
        log_config=None,
        access_log=False,
        # Longer than a client pool's or a load balancer's idle timeout (60 s is common):
        # with uvicorn's 5 s, a client reusing a connection as it closes gets a read error.
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )


if __name__ == "__main__":
    main()
