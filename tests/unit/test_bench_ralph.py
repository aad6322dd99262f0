"""The peer LRS of the benchmark (bench/ralph.py): command lines, settings, what it reports."""

from __future__ import annotations

import re
from pathlib import Path

from bench.ralph import (
    DATABASE,
    FS_APPEND_LAUNCHER,
    FS_BACKEND,
    FS_FILE,
    MONGO_BACKEND,
    Probe,
    RalphInstall,
    RalphServer,
    auth_command,
    driver_error,
    ralph_env,
    server_command,
)

REPO = Path(__file__).resolve().parents[2]
INSTALL = RalphInstall(Path("/opt/ralph-venv"))
# A line of Ralph's log, as PyMongo's BulkWriteError prints FerretDB's refusal.
REFUSAL_LOG = (
    "Failed to insert document chunk: batch op errors occurred, full error: {'writeErrors': "
    "[{'index': 0, 'code': 2, 'errmsg': 'invalid key: \"https://w3id.org/xapi/video/extensions"
    "/time\" (key must not contain \\'.\\' sign)', 'op': {'_source': {}}}]}"
)


def test_the_auth_command_is_ralphs_own_cli_with_one_user_of_every_scope() -> None:
    command = auth_command(INSTALL, "bench", "s3cret")

    assert command[:2] == ["/opt/ralph-venv/bin/ralph", "auth"]
    assert command[command.index("--username") + 1] == "bench"
    assert command[command.index("--password") + 1] == "s3cret"
    assert command[command.index("--scope") + 1] == "all"
    account = command.index("--agent-ifi-account")
    assert command[account + 1 : account + 3] == ["bench", "http://127.0.0.1"]
    assert "--write-to-disk" in command


def test_the_mongo_backend_gets_the_benchmarks_ferretdb_and_a_database_of_its_own() -> None:
    env = ralph_env(MONGO_BACKEND, Path("/w"), "mongodb://127.0.0.1:4242/")

    assert env["RALPH_RUNSERVER_BACKEND"] == "async_mongo"
    assert env["RALPH_BACKENDS__LRS__MONGO__CONNECTION_URI"] == "mongodb://127.0.0.1:4242/"
    assert env["RALPH_BACKENDS__LRS__MONGO__DEFAULT_DATABASE"] == DATABASE == "ralph_bench"
    assert env["RALPH_AUTH_FILE"] == "/w/auth.json"
    assert not any("__FS__" in name for name in env)


def test_every_file_of_ralph_stays_in_its_work_folder() -> None:
    env = ralph_env(FS_BACKEND, Path("/w"), "mongodb://unused/")

    assert env["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] == "/w/fs"
    assert env["RALPH_APP_DIR"] == "/w"
    assert env["RALPH_HISTORY_FILE"] == "/w/history.json"
    assert not any("__MONGO__" in name for name in env)


def test_the_server_listens_on_loopback_only_without_access_log() -> None:
    command = server_command(INSTALL, MONGO_BACKEND, 8123)

    assert command[:4] == ["/opt/ralph-venv/bin/python", "-m", "uvicorn", "ralph.api:app"]
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert command[command.index("--port") + 1] == "8123"
    assert "--no-access-log" in command
    assert "--reload" not in command


def test_the_fs_backend_runs_through_the_append_launcher() -> None:
    command = server_command(INSTALL, FS_BACKEND, 8123)

    assert command == ["/opt/ralph-venv/bin/python", "-c", FS_APPEND_LAUNCHER, "127.0.0.1", "8123"]
    assert "BaseOperationType.APPEND" in FS_APPEND_LAUNCHER
    compile(FS_APPEND_LAUNCHER, "<launcher>", "exec")  # valid Python; Ralph is not imported here


def test_ferretdbs_message_is_read_from_ralphs_log() -> None:
    assert driver_error(f"noise\n{REFUSAL_LOG}\nmore") == (
        'invalid key: "https://w3id.org/xapi/video/extensions/time" '
        "(key must not contain '.' sign)"
    )
    assert driver_error("Failed to index submitted statements") is None


def test_a_probe_groups_its_failures_by_outcome() -> None:
    probe = Probe(
        failures=[
            ("POST video played", "HTTP 500 indexation failed"),
            ("POST cmi5 completed", "HTTP 500 indexation failed"),
            ("GET video played by id", "HTTP 404"),
        ]
    )

    assert not probe.ok
    assert probe.summary() == (
        "POST video played, POST cmi5 completed: HTTP 500 indexation failed; "
        "GET video played by id: HTTP 404"
    )
    assert Probe().ok


def test_the_server_answers_xapi_on_loopback_and_empties_its_fs_file(tmp_path: Path) -> None:
    server = RalphServer(INSTALL, FS_BACKEND, tmp_path, "secret", "mongodb://unused/", port=8123)
    (tmp_path / "fs").mkdir()
    (tmp_path / "fs" / FS_FILE).write_text('{"id": "x"}\n')

    server.fresh_store()

    assert server.statements_url == "http://127.0.0.1:8123/xAPI/statements"
    assert (server.api_key, server.api_secret) == ("bench", "secret")
    assert server.headers()["X-Experience-API-Version"] == "1.0.3"
    assert not (tmp_path / "fs" / FS_FILE).exists()


def test_versions_are_read_from_ralphs_own_venv(tmp_path: Path) -> None:
    site = tmp_path / "lib" / "python3.11" / "site-packages"
    for name, version in (("ralph_malph", "5.1.0"), ("fastapi", "0.114.2"), ("other", "1")):
        info = site / f"{name}-{version}.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")

    assert RalphInstall(tmp_path).versions() == {"ralph-malph": "5.1.0", "fastapi": "0.114.2"}


def test_ralph_is_pinned_with_hashes_and_the_extras_its_server_needs() -> None:
    wanted = (REPO / "deploy" / "ralph" / "requirements.in").read_text()
    pinned = (REPO / "deploy" / "ralph" / "requirements.txt").read_text()

    assert re.search(r"^ralph-malph\[backend-mongo,cli,lrs\]==\d", wanted, re.MULTILINE)
    requirements = re.findall(r"^([A-Za-z0-9_.-]+)(\S*) \\$", pinned, re.MULTILINE)
    assert ("ralph-malph", "==5.1.0") in requirements
    assert all(spec.startswith("==") for _, spec in requirements)
    assert pinned.count("--hash=sha256:") >= len(requirements)
