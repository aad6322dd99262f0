"""Where the local PostgreSQL listens, and who may reach its folder (no server started)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from devstack.os_user import OsUser
from devstack.postgres import SOCKET_PATH_LIMIT, PostgresAddress


def test_a_short_cluster_path_gets_a_unix_socket_only() -> None:
    address = PostgresAddress.in_cluster(Path("/srv/lrs/postgres"), 5433)

    assert address.socket_dir == Path("/srv/lrs/postgres/socket")
    assert "--listen_addresses=" in address.server_options()
    assert address.url() == "postgres://ferretdb@/ferretdb?host=/srv/lrs/postgres/socket&port=5433"


def test_a_socket_path_over_the_limit_falls_back_to_loopback_tcp() -> None:
    fits = Path("/" + "a" * (SOCKET_PATH_LIMIT - len("/socket/.s.PGSQL.5433") - 1))
    too_long = Path(f"{fits}b")

    assert len(os.fsencode(fits / "socket" / ".s.PGSQL.5433")) == SOCKET_PATH_LIMIT
    assert PostgresAddress.in_cluster(fits, 5433).socket_dir is not None
    address = PostgresAddress.in_cluster(too_long, 5433)
    assert address.socket_dir is None
    assert "--listen_addresses=127.0.0.1" in address.server_options()
    assert "--unix_socket_directories=" in address.server_options()
    assert address.url() == "postgres://ferretdb@127.0.0.1:5433/ferretdb"


def test_a_folder_closed_to_others_blocks_a_user_who_is_neither_owner_nor_in_its_group() -> None:
    # Not under tmp_path: pytest's own folders are closed to others already.
    base = Path(tempfile.mkdtemp())
    try:
        base.chmod(0o711)
        closed = base / "closed"
        (closed / "inner").mkdir(parents=True)
        closed.chmod(0o700)
        stranger = OsUser("stranger", uid=65534, gid=65534)

        assert stranger.blocked_at(closed / "inner" / "postgres") == closed
        closed.chmod(0o711)
        assert stranger.blocked_at(closed / "inner" / "postgres") is None
    finally:
        shutil.rmtree(base)
