"""Signed statements (Data 2.6): a JWS over the statement, sent as a signature attachment."""

from __future__ import annotations

import base64
from typing import Any

import jwt
import orjson
from cryptography import x509

from services.common.comparison import same_statement
from services.ingest.errors import BadRequest

SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"
ALGORITHMS = ("RS256", "RS384", "RS512")


def check_signature(statement: dict[str, Any], jws: bytes, path: str) -> None:
    """The JWS must be well formed, use an RSA algorithm and carry this statement.

    When its header names a certificate (``x5c``) the signature is verified with that
    certificate's key; without one there is no key to verify with.
    """
    try:
        token = jws.decode("ascii")
        header = jwt.get_unverified_header(token)
        payload = orjson.loads(_segment(token, 1))
    except (UnicodeDecodeError, jwt.PyJWTError, orjson.JSONDecodeError, ValueError) as error:
        raise BadRequest(f"{path}: the signature is not a valid JWS: {error}") from error
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise BadRequest(f"{path}: the signature must use RS256, RS384 or RS512, not {algorithm}")
    if not isinstance(payload, dict) or not same_statement(
        _unsigned(statement), _unsigned(payload)
    ):
        raise BadRequest(f"{path}: the signed payload differs from the statement")
    if "x5c" in header:
        _verify(token, header, str(algorithm), path)


def _unsigned(statement: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in statement.items() if k != "attachments"}


def _segment(token: str, index: int) -> bytes:
    segments = token.split(".")
    if len(segments) != 3:
        raise ValueError("a compact JWS has three segments")
    segment = segments[index]
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _verify(token: str, header: dict[str, Any], algorithm: str, path: str) -> None:
    try:
        certificate = x509.load_der_x509_certificate(base64.b64decode(header["x5c"][0]))
        jwt.api_jws.decode(token, certificate.public_key(), algorithms=[algorithm])  # type: ignore[arg-type]
    except (jwt.PyJWTError, ValueError, TypeError, IndexError, KeyError) as error:
        raise BadRequest(f"{path}: the signature does not verify: {error}") from error
