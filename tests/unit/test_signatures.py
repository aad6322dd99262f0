"""Signed statements: RS256/384/512 JWS whose payload is the statement."""

from __future__ import annotations

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from services.ingest.attachments.signatures import check_signature
from services.ingest.errors import BadRequest
from tests.statements import completion

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _sign(payload: dict[str, object], algorithm: str = "RS256") -> bytes:
    key: object = KEY if algorithm.startswith("RS") else "shared-secret-of-32-bytes-or-more!!"
    return jwt.encode(payload, key, algorithm=algorithm).encode()  # type: ignore[arg-type]


@pytest.mark.parametrize("algorithm", ["RS256", "RS384", "RS512"])
def test_rsa_signatures_over_the_same_statement_pass(algorithm: str) -> None:
    statement = completion()
    signed = {**statement, "attachments": [{"usageType": "x"}], "stored": "2026-01-01T00:00:00Z"}
    check_signature(signed, _sign(statement, algorithm), "statement")


def test_other_algorithms_are_refused() -> None:
    statement = completion()
    with pytest.raises(BadRequest, match="RS256"):
        check_signature(statement, _sign(statement, "HS256"), "statement")


def test_a_payload_of_another_statement_is_refused() -> None:
    statement = completion()
    with pytest.raises(BadRequest, match="differs"):
        check_signature(statement, _sign({**statement, "verb": {"id": "http://x.org/v"}}), "s")


@pytest.mark.parametrize("jws", [b"not-a-jws", b"a.b", b"\xff\xfe.x.y"])
def test_malformed_jws_is_refused(jws: bytes) -> None:
    with pytest.raises(BadRequest, match="JWS"):
        check_signature(completion(), jws, "statement")
