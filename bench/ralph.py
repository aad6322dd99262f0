"""Ralph (PyPI ``ralph-malph``), the peer LRS that the load benchmark puts under the same load.

``make bench`` installs it into ``.local/ralph/venv`` (``deploy/local/install-ralph.sh``, the
hash-pinned ``deploy/ralph/requirements.txt``), apart from the project's venv: Ralph pins its
own FastAPI, uvicorn and bcrypt. The benchmark then, on 127.0.0.1 only:

1. writes an auth file with one HTTP Basic user (scope ``all``) with Ralph's own ``ralph auth``;
2. starts Ralph's LRS (``ralph.api:app`` under uvicorn: one process, no access log, as ours
   runs) on its ``async_mongo`` backend, pointed at the benchmark's FerretDB (database
   ``ralph_bench``), and probes it: each kind of statement of the load posted alone and read
   back by id, then a batch;
3. when the probe fails, records why and starts Ralph again on its ``fs`` backend, the only other
   one that needs no server we lack (``es`` and ``clickhouse`` need Elasticsearch or ClickHouse);
4. stops it by PID and removes its folder.

Why not Mongo (Ralph 5.1.0 on FerretDB v1.24): Ralph stores a statement as a nested document,
``{"_id": ..., "_source": <statement>}``, and FerretDB refuses keys with a ``.``, which every
xAPI extension IRI has; neither has a setting for it. Ralph answers HTTP 500 "Statements bulk
indexation failed"; the probe posts the statement again with ``?partialSuccess=true``, which
makes Ralph log the driver's error, and quotes FerretDB's message from that log.

Why the ``fs`` backend runs through a launcher: Ralph's fs LRS backend writes with the operation
type ``index``, which refuses an existing file, so every POST after the first one fails; the
launcher sets it to ``append`` and starts the same app. That backend reads its whole file on
every POST (duplicate-id check), so the benchmark gives each cell an empty file.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
from pymongo import MongoClient
from pymongo.errors import PyMongoError

from bench.statements import StatementFactory
from devstack.probes import free_port, http_ok
from devstack.processes import ManagedProcess, ProcessFailed

REPO = Path(__file__).resolve().parent.parent
VENV = REPO / ".local" / "ralph" / "venv"
HOST = "127.0.0.1"
DATABASE = "ralph_bench"
COLLECTION = "statements"
USERNAME = "bench"
AGENT_HOME_PAGE = "http://127.0.0.1"
FS_FILE = "fs_lrs.jsonl"  # Ralph's default DEFAULT_LRS_FILE
XAPI_VERSION = "1.0.3"
START_TIMEOUT = 90.0
REQUEST_TIMEOUT = 30.0
MONGO_BACKEND = "async_mongo"
FS_BACKEND = "fs"
PACKAGES = ("ralph-malph", "fastapi", "uvicorn", "pydantic", "motor", "pymongo", "bcrypt")

FS_APPEND_LAUNCHER = """\
import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

# Ralph writes with operation type 'index', which refuses an existing file: append instead.
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run(
    "ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), access_log=False,
    log_level="warning",
)
"""

FS_NOTE = (
    "fs backend, started with its write mode set to 'append': as shipped it writes with "
    "'index', so every POST after the first fails ('fs_lrs.jsonl already exists and "
    "overwrite is not allowed with operation_type create or index'). It reads its whole "
    "JSON-lines file on every POST (duplicate-id check), so each cell starts on an empty file."
)


@dataclass(frozen=True)
class RalphInstall:
    """Ralph's own virtualenv, as deploy/local/install-ralph.sh made it."""

    venv: Path = VENV

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def ralph(self) -> Path:
        return self.venv / "bin" / "ralph"

    def installed(self) -> bool:
        return self.python.exists() and self.ralph.exists()

    def versions(self) -> dict[str, str]:
        """Ralph's version and those of the packages that serve it, read from its venv."""
        found: dict[str, str] = {}
        for site in sorted(self.venv.glob("lib/python*/site-packages")):
            for dist in importlib.metadata.distributions(path=[str(site)]):
                name = re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower()
                if name in PACKAGES:
                    found[name] = dist.version
        return {name: found[name] for name in PACKAGES if name in found}


def auth_command(install: RalphInstall, username: str, password: str) -> list[str]:
    """``ralph auth``: one user with every scope, appended to RALPH_AUTH_FILE."""
    return [
        str(install.ralph),
        "auth",
        "--username",
        username,
        "--password",
        password,
        "--scope",
        "all",
        "--agent-ifi-account",
        username,
        AGENT_HOME_PAGE,
        "--write-to-disk",
    ]


def ralph_env(backend: str, work_dir: Path, mongodb_url: str) -> dict[str, str]:
    """Ralph reads its settings only from RALPH_ variables (and a .env we do not write)."""
    env = {
        "RALPH_APP_DIR": str(work_dir),
        "RALPH_AUTH_FILE": str(work_dir / "auth.json"),
        "RALPH_HISTORY_FILE": str(work_dir / "history.json"),
        "RALPH_RUNSERVER_BACKEND": backend,
    }
    if backend == FS_BACKEND:
        env["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] = str(work_dir / "fs")
    else:
        env["RALPH_BACKENDS__LRS__MONGO__CONNECTION_URI"] = mongodb_url
        env["RALPH_BACKENDS__LRS__MONGO__DEFAULT_DATABASE"] = DATABASE
        env["RALPH_BACKENDS__LRS__MONGO__DEFAULT_COLLECTION"] = COLLECTION
    return env


def server_command(install: RalphInstall, backend: str, port: int) -> list[str]:
    """Ralph's app under uvicorn (``ralph runserver`` adds --reload and debug logging)."""
    if backend == FS_BACKEND:
        return [str(install.python), "-c", FS_APPEND_LAUNCHER, HOST, str(port)]
    return [
        str(install.python),
        "-m",
        "uvicorn",
        "ralph.api:app",
        "--host",
        HOST,
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]


_ERRMSG = re.compile(r"""'errmsg': (?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")""")


def driver_error(log: str) -> str | None:
    """The first write error's message in a PyMongo BulkWriteError that Ralph logged."""
    found = _ERRMSG.search(log)
    if found is None:
        return None
    return (found.group(1) or found.group(2) or "").replace("\\'", "'").replace('\\"', '"')


@dataclass
class RalphServer:
    """One Ralph LRS process on a free loopback port; satisfies ``StatementsEndpoint``."""

    install: RalphInstall
    backend: str
    work_dir: Path
    api_secret: str
    mongodb_url: str
    api_key: str = USERNAME
    port: int = field(default_factory=free_port)
    process: ManagedProcess = field(init=False)

    def __post_init__(self) -> None:
        self.process = ManagedProcess(
            name=f"ralph-{self.backend}",
            command=server_command(self.install, self.backend, self.port),
            run_dir=self.work_dir / "run",
            log_dir=self.work_dir / "log",
            ready=lambda: http_ok(f"{self.base_url}/__heartbeat__"),
            env=ralph_env(self.backend, self.work_dir, self.mongodb_url),
        )

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def statements_url(self) -> str:
        return f"{self.base_url}/xAPI/statements"

    def headers(self) -> dict[str, str]:
        return {"X-Experience-API-Version": XAPI_VERSION, "Content-Type": "application/json"}

    def start(self) -> None:
        (self.work_dir / "fs").mkdir(parents=True, exist_ok=True)
        self.process.start(START_TIMEOUT)

    def stop(self) -> None:
        self.process.stop()

    def pid(self) -> int | None:
        return self.process.pid()

    def fresh_store(self) -> None:
        """Before a cell: an empty statements file for the fs backend (Mongo keeps its data)."""
        if self.backend == FS_BACKEND:
            (self.work_dir / "fs" / FS_FILE).unlink(missing_ok=True)


@dataclass
class Probe:
    """What went wrong when the load's statements were posted to Ralph and read back."""

    failures: list[tuple[str, str]] = field(default_factory=list)  # (request, outcome)
    driver_error: str | None = None

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        """The failed requests, grouped by outcome: "POST a, POST b: HTTP 500 ..."."""
        grouped: dict[str, list[str]] = {}
        for request, outcome in self.failures:
            grouped.setdefault(outcome, []).append(request)
        return "; ".join(
            f"{', '.join(requests)}: {outcome}" for outcome, requests in grouped.items()
        )


def probe(server: RalphServer) -> Probe:
    """POST each kind of the load's statements alone and GET it by id, then POST a batch."""
    factory = StatementFactory(seed=7)
    learner = factory.learners[0]
    kinds: dict[str, Callable[[str], dict[str, Any]]] = {
        "course completion": factory.course_completion,
        "cmi5 completed": factory.cmi5_completed,
        "video played": factory.video_played,
        "e-learning completed": factory.elearning_completed,
    }
    result = Probe()
    with httpx.Client(
        auth=httpx.BasicAuth(server.api_key, server.api_secret),
        headers=server.headers(),
        timeout=REQUEST_TIMEOUT,
        trust_env=False,
    ) as client:
        try:
            for name, kind in kinds.items():
                statement = kind(learner)
                body = orjson.dumps(statement)
                posted = client.post(server.statements_url, content=body)
                if posted.status_code != 200:
                    result.failures.append((f"POST {name}", _outcome(posted)))
                    if result.driver_error is None:
                        # Partial success makes Ralph log the driver's error instead of
                        # swallowing it.
                        client.post(
                            server.statements_url, params={"partialSuccess": "true"}, content=body
                        )
                        result.driver_error = driver_error(server.process.log_tail(200))
                    continue
                got = client.get(server.statements_url, params={"statementId": statement["id"]})
                if got.status_code != 200 or statement["id"] not in got.text:
                    result.failures.append((f"GET {name} by id", _outcome(got)))
            batch = factory.batch(5)
            posted = client.post(server.statements_url, content=orjson.dumps(batch))
            if posted.status_code != 200 or posted.json() != [s["id"] for s in batch]:
                result.failures.append(("POST a batch of 5", _outcome(posted)))
        except httpx.HTTPError as error:
            result.failures.append(("a request", f"{type(error).__name__}: {error}"))
    return result


def _outcome(response: httpx.Response) -> str:
    return f"HTTP {response.status_code} {response.text[:100]}"


def mongo_refusal(probe_result: Probe, ferretdb: str) -> str:
    """Why the benchmark does not use Ralph's Mongo backend, for the report."""
    quoted = f"; FerretDB says: {probe_result.driver_error}" if probe_result.driver_error else ""
    return (
        f"{MONGO_BACKEND} backend on FerretDB {ferretdb} failed the probe "
        f"({probe_result.summary()}){quoted}. Ralph stores each statement as a "
        "nested document and FerretDB refuses keys with '.', which xAPI extension IRIs have."
    )


def drop_database(mongodb_url: str) -> None:
    client: MongoClient[dict[str, Any]] = MongoClient(mongodb_url, serverSelectionTimeoutMS=5000)
    try:
        client.drop_database(DATABASE)
    except PyMongoError:
        pass  # the benchmark's own FerretDB goes away with its state folder anyway
    finally:
        client.close()


@dataclass
class Peer:
    """The Ralph the benchmark measures, and why it runs on the backend it runs on."""

    server: RalphServer
    version: str
    packages: dict[str, str]
    backend_reason: str

    def describe(self) -> dict[str, Any]:
        return {
            "name": "Ralph",
            "package": "ralph-malph",
            "version": self.version,
            "packages": self.packages,
            "backend": self.server.backend,
            "backend_reason": self.backend_reason,
            "statements_url": self.server.statements_url,
            "database": DATABASE if self.server.backend != FS_BACKEND else None,
        }


def write_credentials(install: RalphInstall, work_dir: Path, password: str) -> None:
    """The auth file, written by Ralph's own CLI (bcrypt hash of the password)."""
    work_dir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(  # noqa: S603 - our installed Ralph, no shell
        auth_command(install, USERNAME, password),
        env={**os.environ, **ralph_env(FS_BACKEND, work_dir, "")},
        cwd=work_dir,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0 or not (work_dir / "auth.json").exists():
        raise ProcessFailed(f"ralph auth failed:\n{result.stdout}{result.stderr}")


@contextmanager
def running_ralph(
    mongodb_url: str, ferretdb: str, say: Callable[[str], None], install: RalphInstall | None = None
) -> Iterator[Peer]:
    """Ralph on Mongo (FerretDB) when it passes the probe, on fs otherwise; stopped by PID."""
    install = install or RalphInstall()
    if not install.installed():
        raise ProcessFailed(
            f"Ralph is not installed in {install.venv}: run deploy/local/install-ralph.sh "
            "(make bench does)"
        )
    versions = install.versions()
    work_dir = Path(tempfile.mkdtemp(prefix="ralph-bench-"))
    password = secrets.token_urlsafe(18)
    server: RalphServer | None = None
    try:
        write_credentials(install, work_dir, password)
        server = RalphServer(install, MONGO_BACKEND, work_dir, password, mongodb_url)
        say(f"Ralph {versions.get('ralph-malph', '?')}: trying its Mongo backend on FerretDB ...")
        try:
            server.start()
            checked = probe(server)
        except ProcessFailed as error:
            checked = Probe(failures=[("start", str(error).splitlines()[0])])
        reason = f"{MONGO_BACKEND} backend on FerretDB {ferretdb}: passed the probe"
        if not checked.ok:
            server.stop()
            drop_database(mongodb_url)
            reason = f"{mongo_refusal(checked, ferretdb)} Instead: {FS_NOTE}"
            say(f"[yellow]Ralph's Mongo backend failed on FerretDB[/yellow]: {reason}")
            server = RalphServer(install, FS_BACKEND, work_dir, password, mongodb_url)
            server.start()
            checked = probe(server)
            if not checked.ok:
                raise ProcessFailed(
                    f"Ralph's fs backend failed the probe too: {checked.summary()}\n"
                    + server.process.log_tail()
                )
        yield Peer(server, versions.get("ralph-malph", "unknown"), versions, reason)
    finally:
        if server is not None:
            server.stop()
            if server.backend != FS_BACKEND:
                drop_database(mongodb_url)
        shutil.rmtree(work_dir, ignore_errors=True)
