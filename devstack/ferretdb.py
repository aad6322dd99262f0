"""FerretDB (MongoDB wire protocol) on its SQLite backend, from .local/bin/ferretdb."""

from __future__ import annotations

from pathlib import Path

from devstack.probes import mongo_answers
from devstack.processes import ManagedProcess, ProcessFailed


def ferretdb_process(*, binary: Path, state_dir: Path, port: int) -> ManagedProcess:
    if not binary.exists():
        raise ProcessFailed(f"no FerretDB at {binary}: run 'make install' first")
    data_dir = state_dir / "ferretdb-data"
    data_dir.mkdir(parents=True, exist_ok=True)
    return ManagedProcess(
        name="ferretdb",
        command=[
            str(binary),
            "--handler=sqlite",
            f"--sqlite-url=file:{data_dir}/",
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
