"""ETags of the catalog version and the ``If-Match`` check that keeps two editors from
overwriting each other (RFC 9110, section 13.1.1).

The ETag is the catalog version, a strong validator: the same files give the same version.
An edit must say which version it was made against: without ``If-Match`` the answer is 428
(RFC 6585), so an editor cannot skip the check by forgetting it; ``If-Match: *`` knowingly
replaces whatever is in force. A weak tag never matches (strong comparison).
"""

from __future__ import annotations

from enum import Enum


class Precondition(Enum):
    HOLDS = 200
    FAILED = 412
    REQUIRED = 428


def etag(version: str) -> str:
    return f'"{version}"'


def check_if_match(header: str | None, current: str) -> Precondition:
    if header is None or not header.strip():
        return Precondition.REQUIRED
    tags = [tag.strip() for tag in header.split(",")]
    if "*" in tags or etag(current) in tags:
        return Precondition.HOLDS
    return Precondition.FAILED
