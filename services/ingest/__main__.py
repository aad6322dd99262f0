"""``python -m services.ingest``: run the ingest service."""

from __future__ import annotations

import uvicorn

from services.common.logs import configure_logging
from services.ingest.app import create_app
from services.ingest.settings import IngestSettings


def main() -> None:
    settings = IngestSettings()
    configure_logging(settings.log_level)
    uvicorn.run(
        create_app(settings),
        host=settings.ingest_host,
        port=settings.ingest_port,
        log_config=None,
        access_log=False,
    )


if __name__ == "__main__":
    main()
