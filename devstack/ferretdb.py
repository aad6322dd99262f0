"""FerretDB (MongoDB wire protocol) from .local/bin/ferretdb, on PostgreSQL or SQLite."""

from __future__ import annotations

from pathlib import Path

from devstack.probes import mongo_answers
from devstack.processes import ManagedProcess, ProcessFailed


def ferretdb_process(
    *, binary: Path, state_dir: Path, port: int, postgresql_url: str | None
) -> ManagedProcess:
    """FerretDB on the PostgreSQL at ``postgresql_url``, or on SQLite files when None."""
    if not binary.exists():
        raise ProcessFailed(f"no FerretDB at {binary}: run 'make install' first")
    return ManagedProcess(
        name="ferretdb",
        command=[
            str(binary),
            *_backend_options(state_dir, postgresql_url),
            f"--listen-addr=127.0.0.1:{port}",
            f"--state-dir={state_dir}",
            "--debug-addr=-",
            "--telemetry=disable",
            "--log-level=warn",
        ],
        run_dir=state_dir / "run",
        log_dir=state_dir / "log",
        ready=lambda: mongo_answers(f"mongodb://127.0.0.1:{port}/"),
    )


def _backend_options(state_dir: Path, postgresql_url: str | None) -> list[str]:
    if postgresql_url is not None:
        return ["--handler=postgresql", f"--postgresql-url={postgresql_url}"]
    data_dir = state_dir / "ferretdb-data"
    data_dir.mkdir(parents=True, exist_ok=True)
    return ["--handler=sqlite", f"--sqlite-url=file:{data_dir}/"]
