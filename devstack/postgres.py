"""Our own PostgreSQL cluster for FerretDB, from Debian's postgresql package.

It is initialised once with C collation (deploy/ferretdb/ patches rely on bytewise string
order), serves on a unix socket of its own, and never uses the system cluster Debian's
package creates. PostgreSQL refuses to run as root, so root runs it as the postgres user.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from devstack.os_user import NoSuchUser, OsUser
from devstack.processes import ManagedProcess, ProcessFailed

SUPERUSER = "ferretdb"
DATABASE = "ferretdb"
DEBIAN_BINARIES = Path("/usr/lib/postgresql")
# sockaddr_un.sun_path holds 108 bytes, the closing NUL included.
SOCKET_PATH_LIMIT = 107

# For a 2-core machine that Kafka and the Python services share.
SERVER_SETTINGS = {
    "max_connections": "100",  # FerretDB's pool opens up to 50
    "shared_buffers": "256MB",
    "effective_cache_size": "4GB",
    "work_mem": "16MB",
    "maintenance_work_mem": "256MB",
    "max_wal_size": "2GB",  # fewer forced checkpoints while a benchmark fills the store
    "max_parallel_workers_per_gather": "1",
    "random_page_cost": "1.1",
    "jit": "off",  # compiling costs more than it saves on FerretDB's short queries
    # Stated so that nobody "tunes" them away: an acknowledged write must survive a crash.
    "fsync": "on",
    "synchronous_commit": "on",
    "full_page_writes": "on",
}


def server_user() -> OsUser:
    if os.geteuid() != 0:
        return OsUser.current()
    try:
        return OsUser.named("postgres")
    except NoSuchUser as error:
        raise ProcessFailed(
            f"{error}: PostgreSQL refuses to run as root and runs as 'postgres', which "
            "Debian's postgresql package creates ('make install')"
        ) from error


def binaries() -> Path:
    """The folder of ``postgres``, ``initdb`` and ``pg_isready``: the newest Debian version."""
    found = sorted(
        (path.parent for path in DEBIAN_BINARIES.glob("*/bin/postgres")),
        key=lambda folder: int(folder.parent.name) if folder.parent.name.isdigit() else -1,
    )
    if found:
        return found[-1]
    on_path = shutil.which("postgres")
    if on_path:
        return Path(on_path).resolve().parent
    raise ProcessFailed(
        f"no PostgreSQL server in {DEBIAN_BINARIES}/*/bin: run 'make install' "
        "(it installs Debian's postgresql package)"
    )


@dataclass(frozen=True)
class PostgresAddress:
    """A unix socket folder, or 127.0.0.1 when the socket's path would be too long."""

    socket_dir: Path | None
    port: int

    @classmethod
    def in_cluster(cls, home: Path, port: int) -> PostgresAddress:
        socket_dir = home / "socket"
        socket_path = socket_dir / f".s.PGSQL.{port}"
        fits = len(os.fsencode(socket_path)) <= SOCKET_PATH_LIMIT
        return cls(socket_dir if fits else None, port)

    def server_options(self) -> list[str]:
        if self.socket_dir is None:
            listen, sockets = "127.0.0.1", ""
        else:
            listen, sockets = "", f'"{self.socket_dir}"'
        return [
            f"--port={self.port}",
            f"--listen_addresses={listen}",
            f"--unix_socket_directories={sockets}",
        ]

    def client_options(self) -> list[str]:
        host = "127.0.0.1" if self.socket_dir is None else str(self.socket_dir)
        return ["--host", host, "--port", str(self.port)]

    def url(self) -> str:
        if self.socket_dir is None:
            return f"postgres://{SUPERUSER}@127.0.0.1:{self.port}/{DATABASE}"
        host = quote(str(self.socket_dir), safe="/")
        return f"postgres://{SUPERUSER}@/{DATABASE}?host={host}&port={self.port}"


def postgres_process(*, home: Path, address: PostgresAddress, state_dir: Path) -> ManagedProcess:
    """The server of the cluster in ``home``, which its first start initialises."""
    bin_dir = binaries()
    user = server_user()
    data_dir = home / "data"

    def prepare() -> None:
        if not (data_dir / "PG_VERSION").exists():
            _initialise(bin_dir, home, data_dir, user)
        if address.socket_dir is not None:
            address.socket_dir.mkdir(mode=0o700, exist_ok=True)
            user.own(address.socket_dir)

    settings = [
        option for name, value in SERVER_SETTINGS.items() for option in ("-c", f"{name}={value}")
    ]
    return ManagedProcess(
        name="postgres",
        command=[
            str(bin_dir / "postgres"),
            "-D",
            str(data_dir),
            *address.server_options(),
            *settings,
        ],
        run_dir=state_dir / "run",
        log_dir=state_dir / "log",
        ready=lambda: _accepts_connections(bin_dir, address),
        stop_signal=signal.SIGINT,  # "fast" shutdown: SIGTERM would wait for FerretDB to leave
        run_as=user,
        prepare=prepare,
    )


def _initialise(bin_dir: Path, home: Path, data_dir: Path, user: OsUser) -> None:
    home.mkdir(parents=True, exist_ok=True)
    blocked = user.blocked_at(home)
    if blocked is not None:
        raise ProcessFailed(
            f"PostgreSQL runs as '{user.name}', who may not enter {blocked}: "
            "set LRS_POSTGRES_DIR to a folder it can reach"
        )
    # Built aside and renamed when complete, so an interrupted start-up is redone from scratch.
    fresh = home / "data.new"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(mode=0o700)
    user.own(fresh)
    _run_as(
        user,
        [
            str(bin_dir / "initdb"),
            f"--pgdata={fresh}",
            "--locale=C",
            "--encoding=UTF8",
            "--auth=trust",
            f"--username={SUPERUSER}",
        ],
        cwd=home,
    )
    # Single-user mode creates the database without a server, and so without a socket.
    _run_as(
        user,
        [str(bin_dir / "postgres"), "--single", "-D", str(fresh), "postgres"],
        stdin=f"CREATE DATABASE {DATABASE};\n",
        cwd=home,
    )
    fresh.rename(data_dir)


def _run_as(user: OsUser, command: list[str], *, cwd: Path, stdin: str | None = None) -> None:
    switch = user.switch_needed()
    result = subprocess.run(  # noqa: S603 - fixed command line
        command,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        user=user.uid if switch else None,
        group=user.gid if switch else None,
        extra_groups=user.groups() if switch else None,
    )
    # Single-user mode reports a failed statement but still exits with 0.
    if result.returncode != 0 or "ERROR:" in result.stderr:
        raise ProcessFailed(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")


def _accepts_connections(bin_dir: Path, address: PostgresAddress) -> bool:
    result = subprocess.run(  # noqa: S603 - fixed command line
        [
            str(bin_dir / "pg_isready"),
            "--quiet",
            *address.client_options(),
            f"--username={SUPERUSER}",
            f"--dbname={DATABASE}",
        ],
        capture_output=True,
        check=False,
        timeout=10,
    )
    return result.returncode == 0
