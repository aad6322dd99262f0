"""HTTP Basic authentication against the development credential.

Per-platform credentials with scopes replace this (see the credentials issue).
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPBasic, HTTPBasicCredentials

from services.common.settings import ApiCredentialSettings


class AuthenticationFailed(Exception):
    """No credentials, or wrong ones."""


_basic = HTTPBasic(auto_error=False)


def require_credential(
    request: Request,
    credentials: Annotated[HTTPBasicCredentials | None, Depends(_basic)],
) -> str:
    """Return the client id of a valid credential, or raise AuthenticationFailed."""
    settings: ApiCredentialSettings = request.app.state.settings
    if credentials is None:
        raise AuthenticationFailed("credentials are required (HTTP Basic)")
    key_ok = secrets.compare_digest(credentials.username.encode(), settings.api_key.encode())
    secret_ok = secrets.compare_digest(
        credentials.password.encode(), settings.api_secret.get_secret_value().encode()
    )
    if not (key_ok and secret_ok):
        raise AuthenticationFailed("the credentials are not valid")
    return credentials.username


ClientId = Annotated[str, Depends(require_credential)]
