"""Per-platform credentials: stored keys with argon2-hashed secrets and xAPI scopes.

See ``scopes`` for what each scope allows, ``verifier`` for the verification cache (a
revoked credential stops working within ``CACHE_TTL_SECONDS``), ``jwt`` for bearer tokens.
"""

from services.common.credentials.model import Client, Credential
from services.common.credentials.scopes import KNOWN_SCOPES, Scope, allows
from services.common.credentials.store import CredentialStore, MongoCredentialStore
from services.common.credentials.verifier import CACHE_TTL_SECONDS, CredentialVerifier

__all__ = [
    "CACHE_TTL_SECONDS",
    "KNOWN_SCOPES",
    "Client",
    "Credential",
    "CredentialStore",
    "CredentialVerifier",
    "MongoCredentialStore",
    "Scope",
    "allows",
]
