"""A local server process that is started, probed and stopped by its PID file."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from devstack.os_user import OsUser


class ProcessFailed(RuntimeError):
    """A process exited or did not become ready in time; the message quotes its log."""


@dataclass
class ManagedProcess:
    name: str
    command: Sequence[str]
    run_dir: Path
    log_dir: Path
    ready: Callable[[], bool]
    env: Mapping[str, str] = field(default_factory=dict)
    # PostgreSQL reads SIGTERM as "smart" shutdown, which waits for every client to leave.
    stop_signal: signal.Signals = signal.SIGTERM
    run_as: OsUser = field(default_factory=OsUser.current)
    # One-time set-up run by start(), not when the object is only built to stop or show it.
    prepare: Callable[[], None] | None = None
    # The handle of a process this object started, so it is reaped, not left a zombie.
    _popen: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)

    @property
    def pid_path(self) -> Path:
        return self.run_dir / f"{self.name}.pid"

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"{self.name}.log"

    def pid(self) -> int | None:
        """The PID of the running process this file names, or None."""
        try:
            pid = int(self.pid_path.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        # A recycled PID belongs to another program: only trust it when the
        # command line is still ours.
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except FileNotFoundError:
            return None
        return pid if self.command[0].encode() in cmdline else None

    def start(self, timeout: float) -> None:
        if self.pid() is not None:
            self.wait_ready(timeout)
            return
        if self.prepare is not None:
            self.prepare()
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        switch = self.run_as.switch_needed()
        with self.log_path.open("ab") as log:
            process = subprocess.Popen(  # noqa: S603 - our own command line, no shell
                list(self.command),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env={**os.environ, **self.env},
                start_new_session=True,
                user=self.run_as.uid if switch else None,
                group=self.run_as.gid if switch else None,
                extra_groups=self.run_as.groups() if switch else None,
            )
        self._popen = process
        self.pid_path.write_text(f"{process.pid}\n")
        try:
            self.wait_ready(timeout, process)
        except ProcessFailed:
            self.stop()
            raise

    def wait_ready(self, timeout: float, process: subprocess.Popen[bytes] | None = None) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                raise ProcessFailed(
                    f"{self.name} exited with code {process.returncode}\n{self.log_tail()}"
                )
            if self.ready():
                return
            time.sleep(0.2)
        raise ProcessFailed(f"{self.name} was not ready after {timeout:.0f}s\n{self.log_tail()}")

    def stop(self, timeout: float = 20.0) -> None:
        self._signal(self.stop_signal, timeout)

    def kill(self) -> None:
        """Stop it the hard way (SIGKILL): what a crash looks like to the rest of the system."""
        self._signal(signal.SIGKILL, timeout=10.0)

    def _signal(self, signum: signal.Signals, timeout: float) -> None:
        pid = self.pid()
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                _send(pid, signum)
                if not self._wait_exit(pid, timeout):
                    _send(pid, signal.SIGKILL)
                    self._wait_exit(pid, timeout)
        self.pid_path.unlink(missing_ok=True)
        self._popen = None

    def _wait_exit(self, pid: int, timeout: float) -> bool:
        if self._popen is not None and self._popen.pid == pid:
            try:
                self._popen.wait(timeout)
            except subprocess.TimeoutExpired:
                return False
            return True
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not _alive(pid):
                return True
            time.sleep(0.1)
        return False

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return f"(no log at {self.log_path})"
        return "\n".join(text.splitlines()[-lines:])


def _send(pid: int, signum: signal.Signals) -> None:
    """Signal the process; a SIGKILL takes its whole process group with it.

    A process that forks workers (ingest with several) stops them itself on SIGTERM, but
    once it is killed nothing would: they would go on holding its port.
    """
    if signum == signal.SIGKILL and os.getpgid(pid) == pid:
        os.killpg(pid, signum)
    else:
        os.kill(pid, signum)


def _alive(pid: int) -> bool:
    """Whether a process this interpreter did not start is still running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = _proc_state(pid)
    return state not in {"Z", "X"}


def _proc_state(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return "X"
    return stat.rsplit(")", 1)[1].split()[0]
