"""``python -m services.ingest``: run the ingest service, in one process or several workers."""

from __future__ import annotations

import os
import shutil
import tempfile

import uvicorn
from fastapi import FastAPI

from services.common.logs import configure_logging
from services.common.ops import MULTIPROCESS_DIR
from services.ingest.app import create_app
from services.ingest.settings import IngestSettings

KEEP_ALIVE_SECONDS = 75


def app_from_environment() -> FastAPI:
    """The app of one worker process (uvicorn calls it in each)."""
    settings = IngestSettings()
    configure_logging(settings.log_level)
    return create_app(settings)


def main() -> None:
    settings = IngestSettings()
    configure_logging(settings.log_level)
    options = {
        "host": settings.ingest_host,
        "port": settings.ingest_port,
        "log_config": None,
        "access_log": False,
        # Longer than a client pool's or a load balancer's idle timeout (60 s is common):
        # with uvicorn's 5 s, a client reusing a connection as it closes gets a read error.
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
    }
    if settings.ingest_workers == 1:
        uvicorn.run(create_app(settings), **options)  # type: ignore[arg-type]
        return
    # Every worker is a whole replica (its own producer and store connections) on the one
    # listening socket; /metrics, answered by any of them, sums what all of them counted.
    metrics_dir = tempfile.mkdtemp(prefix="lrs-ingest-metrics-")
    os.environ[MULTIPROCESS_DIR] = metrics_dir
    try:
        uvicorn.run(
            "services.ingest.__main__:app_from_environment",
            factory=True,
            workers=settings.ingest_workers,
            **options,  # type: ignore[arg-type]
        )
    finally:
        shutil.rmtree(metrics_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
