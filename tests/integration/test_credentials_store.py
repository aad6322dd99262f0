"""Credentials on a real MongoDB-wire server: create, verify, list, revoke."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase
from typer.testing import CliRunner

from services.common.credentials.store import MongoCredentialStore, create_credential
from services.common.credentials.verifier import CredentialVerifier
from services.common.mongo import CREDENTIALS, Document
from services.credentials.cli import app
from tests.fixtures.infrastructure import Endpoints, Names


async def test_create_verify_list_revoke(database: AsyncDatabase[Document]) -> None:
    store = MongoCredentialStore(database)
    first, first_secret = await create_credential(store, "LMS Palu", ["statements/write", "state"])
    second, _ = await create_credential(store, "Dashboard", ["query/read"])

    raw = await database[CREDENTIALS].find_one({"_id": first.key})
    assert raw is not None and first_secret not in str(raw)
    assert str(raw["secret_hash"]).startswith("$argon2")

    client = await CredentialVerifier(store).verify(first.key, first_secret)
    assert client is not None and client.scopes == {"statements/write", "state"}
    assert await CredentialVerifier(store).verify(first.key, "wrong") is None

    listed = await store.list_all()
    assert [(c.key, c.name) for c in listed] == [(first.key, "LMS Palu"), (second.key, "Dashboard")]

    assert await store.revoke(first.key)
    assert not await store.revoke("no-such-key")
    stored = await store.get(first.key)
    assert stored is not None and stored.revoked
    assert await CredentialVerifier(store).verify(first.key, first_secret) is None


def test_the_command_line_creates_lists_and_revokes(
    infrastructure: Endpoints, names: Names
) -> None:
    env = {"LRS_MONGODB_URL": infrastructure.mongodb_url, "LRS_MONGODB_DATABASE": names.database}
    runner = CliRunner()
    created = runner.invoke(
        app, ["create", "--name", "LMS", "--scope", "state", "--scope", "profile"], env=env
    )
    assert created.exit_code == 0, created.output
    lines = dict(line.split(":", 1) for line in created.output.splitlines() if ":" in line)
    key, secret = lines["key"].strip(), lines["secret"].strip()

    listed = runner.invoke(app, ["list"], env=env)
    assert listed.exit_code == 0 and key in listed.output and "state" in listed.output
    assert secret not in listed.output

    assert runner.invoke(app, ["revoke", key], env=env).exit_code == 0
    assert runner.invoke(app, ["revoke", "no-such-key"], env=env).exit_code == 1
    refused = runner.invoke(app, ["create", "--name", "X", "--scope", "everything"], env=env)
    assert refused.exit_code != 0
