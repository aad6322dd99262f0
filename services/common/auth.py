"""Authentication (HTTP Basic credentials or Bearer JWTs) and xAPI scope checks.

Credentials are kept in the ``credentials`` collection (``python -m services.credentials``).
In development and test the settings credential (``LRS_API_KEY``/``LRS_API_SECRET``) also
works, with scopes ``all``, ``query/read``, ``reports/read`` and ``catalog/write``;
production accepts it only when stored.
Bearer JWTs are accepted when ``LRS_JWKS_URL`` or ``LRS_JWKS_FILE`` is set.

Routes take ``ClientId`` (the client's id, after the scope check of the route's xAPI
resource and method) or ``require_scope(resource)`` for an explicit resource.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import (
    HTTPAuthorizationCredentials,
    HTTPBasic,
    HTTPBasicCredentials,
    HTTPBearer,
)

from services.common.credentials.bearer import InvalidToken, JwtVerifier
from services.common.credentials.model import Client
from services.common.credentials.scopes import XAPI_RESOURCES, allows
from services.common.credentials.store import CredentialStore, MongoCredentialStore
from services.common.credentials.verifier import CredentialVerifier, DevCredential
from services.common.settings import ApiCredentialSettings


class AuthenticationFailed(Exception):
    """No credentials, or wrong ones (401)."""


class Forbidden(Exception):
    """Authenticated, but without a scope that allows the request (403)."""


_basic = HTTPBasic(auto_error=False)
_bearer = HTTPBearer(auto_error=False)

_NO_JWT = object()


def credential_verifier(request: Request) -> CredentialVerifier:
    """The app's verifier, made on first use from ``app.state.credentials`` or the database."""
    state = request.app.state
    verifier: CredentialVerifier | None = getattr(state, "credential_verifier", None)
    if verifier is None:
        settings: ApiCredentialSettings = state.settings
        store: CredentialStore = getattr(state, "credentials", None) or MongoCredentialStore(
            state.db
        )
        dev = (
            DevCredential(settings.api_key, settings.api_secret.get_secret_value())
            if settings.env in ("development", "test")
            else None
        )
        verifier = CredentialVerifier(store, dev=dev)
        state.credential_verifier = verifier
    return verifier


def jwt_verifier(request: Request) -> JwtVerifier | None:
    state = request.app.state
    verifier = getattr(state, "jwt_verifier", None)
    if verifier is None:
        settings: ApiCredentialSettings = state.settings
        if settings.jwks_url or settings.jwks_file:
            verifier = JwtVerifier(
                jwks_url=settings.jwks_url or None,
                jwks_file=settings.jwks_file,
                audience=settings.jwt_audience,
                issuer=settings.jwt_issuer,
            )
        else:
            verifier = _NO_JWT
        state.jwt_verifier = verifier
    return verifier if isinstance(verifier, JwtVerifier) else None


async def authenticate(
    request: Request,
    basic: Annotated[HTTPBasicCredentials | None, Depends(_basic)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Client:
    """The authenticated client, or AuthenticationFailed (never with the secret in it)."""
    if basic is not None:
        client = await credential_verifier(request).verify(basic.username, basic.password)
        if client is None:
            raise AuthenticationFailed("the credentials are not valid")
        return client
    if bearer is not None:
        verifier = jwt_verifier(request)
        if verifier is None:
            raise AuthenticationFailed("bearer tokens are not accepted")
        try:
            return await verifier.verify(bearer.credentials)
        except InvalidToken as error:
            raise AuthenticationFailed(str(error)) from None
    raise AuthenticationFailed("credentials are required (HTTP Basic or Bearer)")


def require_scope(
    resource: str, method: str | None = None
) -> Callable[[Request, Client], Awaitable[Client]]:
    """Dependency: the client, if one of its scopes allows ``method`` (default: the
    request's) on ``resource``; otherwise Forbidden."""

    async def check(request: Request, client: Annotated[Client, Depends(authenticate)]) -> Client:
        if not allows(client.scopes, resource, method or request.method):
            raise Forbidden(f"the credential's scopes do not allow {request.method} {resource}")
        return client

    return check


def resource_of(path: str) -> str:
    """The xAPI resource of a route path (``/xapi/activities/state`` -> ``activities/state``);
    empty when it is none."""
    path = path.rstrip("/")
    for resource in sorted(XAPI_RESOURCES, key=len, reverse=True):
        if path.endswith(f"/{resource}"):
            return resource
    return ""


async def require_route_scope(
    request: Request, client: Annotated[Client, Depends(authenticate)]
) -> Client:
    """The client, if its scopes allow the request's method on the route's xAPI resource."""
    route = request.scope.get("route")
    resource = resource_of(getattr(route, "path", request.url.path))
    if not allows(client.scopes, resource, request.method):
        raise Forbidden(
            f"the credential's scopes do not allow {request.method} {resource or 'this resource'}"
        )
    return client


async def require_route_client_id(
    client: Annotated[Client, Depends(require_route_scope)],
) -> str:
    return client.id


AuthenticatedClient = Annotated[Client, Depends(require_route_scope)]
ClientId = Annotated[str, Depends(require_route_client_id)]
