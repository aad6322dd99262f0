"""Unit tree and roster into the store through the competency CLI, as an administrator does.

The CLI runs as a child process: it reads where MongoDB is from ``LRS_MONGODB_*`` like every
service, and its checks and messages stay the CLI's own.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path


class ImportFailed(RuntimeError):
    """The CLI refused the file; the message holds what it printed."""


def cli_import(kind: str, file: Path, env: Mapping[str, str]) -> str:
    """``kind`` is "units" or "roster"; return what the CLI printed."""
    command = [sys.executable, "-m", "services.competency.cli", kind, "import", str(file)]
    done = subprocess.run(  # noqa: S603 - our own module, no shell
        command, capture_output=True, text=True, env=dict(env), check=False
    )
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise ImportFailed(f"{kind} import of {file} failed:\n{output}")
    return output
