"""The About Resource: ``/about``, which versions of xAPI this LRS speaks."""

from __future__ import annotations

from fastapi import APIRouter

from services.common.responses import JSONBytesResponse

router = APIRouter()

# The latest patch of each major version the LRS conforms to (Communication 2.8).
VERSIONS = ("1.0.3", "2.0.0")


@router.get("/about")
@router.head("/about")
async def about() -> JSONBytesResponse:
    # No credentials and no version header: clients ask here which version to send.
    return JSONBytesResponse({"version": list(VERSIONS), "extensions": {}})
