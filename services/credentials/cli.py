"""Create, list and revoke per-platform credentials in MongoDB (``LRS_MONGODB_*``)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from services.common.credentials.model import Credential
from services.common.credentials.scopes import KNOWN_SCOPES
from services.common.credentials.store import (
    CredentialStore,
    MongoCredentialStore,
    create_credential,
)
from services.common.mongo import open_client
from services.common.settings import CommonSettings

app = typer.Typer(help="Per-platform xAPI credentials.", no_args_is_help=True)
console = Console()

T = TypeVar("T")


def _with_store(action: Callable[[CredentialStore], Awaitable[T]]) -> T:
    settings = CommonSettings()

    async def run() -> T:
        client = open_client(settings)
        try:
            return await action(MongoCredentialStore(client[settings.mongodb_database]))
        finally:
            await client.close()

    return asyncio.run(run())


@app.command()
def create(
    name: Annotated[str, typer.Option(help="Name of the platform.")],
    scope: Annotated[list[str], typer.Option(help="A scope; repeat for several.")],
) -> None:
    """Create a credential; prints its key and secret (the secret only this once)."""
    unknown = sorted(set(scope) - KNOWN_SCOPES)
    if unknown:
        raise typer.BadParameter(
            f"unknown scopes {', '.join(unknown)}; known: {', '.join(sorted(KNOWN_SCOPES))}"
        )
    scopes = list(dict.fromkeys(scope))

    async def action(store: CredentialStore) -> tuple[Credential, str]:
        return await create_credential(store, name, scopes)

    credential, secret = _with_store(action)
    console.print(f"key:    {credential.key}")
    console.print(f"secret: {secret}")
    console.print("Store the secret now: it is not shown again.", style="yellow")


@app.command("list")
def list_credentials() -> None:
    """List credentials (never their secrets)."""
    credentials = _with_store(lambda store: store.list_all())
    table = Table()
    table.add_column("key", no_wrap=True)
    for column in ("name", "scopes", "created", "revoked"):
        table.add_column(column)
    for credential in credentials:
        table.add_row(
            credential.key,
            credential.name,
            " ".join(credential.scopes),
            credential.created.isoformat(timespec="seconds"),
            "yes" if credential.revoked else "",
        )
    console.print(table)


@app.command()
def revoke(key: Annotated[str, typer.Argument(help="Key of the credential.")]) -> None:
    """Revoke a credential (running services stop accepting it within 60 s)."""
    if not _with_store(lambda store: store.revoke(key)):
        console.print(f"no credential {key}", style="red")
        raise typer.Exit(1)
    console.print(f"revoked {key}")
