"""``python -m services.aggregator``: run the aggregator."""

from __future__ import annotations

import uvicorn

from services.aggregator.app import create_app
from services.aggregator.settings import AggregatorSettings
from services.common.logs import configure_logging


def main() -> None:
    settings = AggregatorSettings()
    configure_logging(settings.log_level)
    uvicorn.run(
        create_app(settings),
        host=settings.aggregator_host,
        port=settings.aggregator_port,
        log_config=None,
        access_log=False,
    )


if __name__ == "__main__":
    main()
