"""``Authorization: Bearer <JWT>`` checked against a JWKS (a URL or a file).

Scopes come from the ``scope`` claim (space separated) or the ``scp`` list; the client
id from ``sub`` or ``client_id``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import jwt as pyjwt
from jwt.types import Options

from services.common.credentials.model import Client


class InvalidToken(Exception):
    """The bearer token is not valid (the message never holds the token)."""


class JwtVerifier:
    def __init__(
        self,
        *,
        jwks_url: str | None = None,
        jwks_file: Path | None = None,
        audience: str | None = None,
        issuer: str | None = None,
    ) -> None:
        if (jwks_url is None) == (jwks_file is None):
            raise ValueError("give exactly one of jwks_url and jwks_file")
        self._client = pyjwt.PyJWKClient(jwks_url) if jwks_url else None
        self._keys = (
            pyjwt.PyJWKSet.from_json(jwks_file.read_text()) if jwks_file is not None else None
        )
        self._audience = audience
        self._issuer = issuer

    def _signing_key(self, token: str) -> pyjwt.PyJWK:
        if self._client is not None:
            return self._client.get_signing_key_from_jwt(token)
        if self._keys is None:
            raise InvalidToken("no JWKS is configured")
        kid = pyjwt.get_unverified_header(token).get("kid")
        if kid is None:
            if len(self._keys.keys) != 1:
                raise InvalidToken("the token names no key (kid)")
            return self._keys.keys[0]
        try:
            return self._keys[str(kid)]
        except KeyError:
            raise InvalidToken("the token's key is not known") from None

    def _decode(self, token: str) -> dict[str, Any]:
        key = self._signing_key(token)
        options: Options = {"require": ["exp"], "verify_aud": self._audience is not None}
        claims: dict[str, Any] = pyjwt.decode(
            token,
            key,
            algorithms=[key.algorithm_name],
            audience=self._audience,
            issuer=self._issuer,
            options=options,
        )
        return claims

    async def verify(self, token: str) -> Client:
        try:
            if self._client is not None:
                claims = await asyncio.to_thread(self._decode, token)
            else:
                claims = self._decode(token)
        except pyjwt.PyJWTError as error:
            raise InvalidToken(f"the bearer token is not valid ({type(error).__name__})") from None
        return client_of(claims)


def client_of(claims: dict[str, Any]) -> Client:
    subject = claims.get("sub") or claims.get("client_id")
    if not isinstance(subject, str) or not subject:
        raise InvalidToken("the bearer token names no client (sub or client_id)")
    scope = claims.get("scope")
    scopes: set[str] = set()
    if isinstance(scope, str):
        scopes.update(scope.split())
    scp = claims.get("scp")
    if isinstance(scp, list):
        scopes.update(str(s) for s in scp)
    elif isinstance(scp, str):
        scopes.update(scp.split())
    return Client(subject, frozenset(scopes))
