"""``python -m services.query``: run the query API."""

from __future__ import annotations

import uvicorn

from services.common.logs import configure_logging
from services.query.app import create_app
from services.query.settings import QuerySettings


def main() -> None:
    settings = QuerySettings()
    configure_logging(settings.log_level)
    uvicorn.run(
        create_app(settings),
        host=settings.query_host,
        port=settings.query_port,
        log_config=None,
        access_log=False,
    )


if __name__ == "__main__":
    main()
