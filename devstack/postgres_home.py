"""A folder for a temporary stack's PostgreSQL cluster that its server user can reach."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from devstack.postgres import server_user


@contextmanager
def reachable_postgres_dir(preferred: Path) -> Iterator[Path]:
    """``preferred`` if PostgreSQL's server user may enter it, else a scratch folder of its own.

    Tests and benchmarks keep their stacks under folders of mode 0700 (pytest's, mkdtemp's);
    opening those to the postgres user would open everything else in them too. The scratch
    folder is removed at the end.
    """
    if server_user().blocked_at(preferred) is None:
        yield preferred
        return
    scratch = Path(tempfile.mkdtemp(prefix="lrs-postgres-"))
    try:
        # Others may pass through to the cluster's own 0700 folders, but not list them.
        scratch.chmod(0o711)
        yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
