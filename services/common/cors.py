"""CORS for browser clients of the xAPI (``LRS_CORS_ORIGINS``; off when empty)."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

ALLOWED_HEADERS = [
    "Authorization",
    "Content-Type",
    "X-Experience-API-Version",
    "If-Match",
    "If-None-Match",
]
EXPOSED_HEADERS = [
    "ETag",
    "Last-Modified",
    "X-Experience-API-Consistent-Through",
    "X-Experience-API-Version",
]
METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"]


def add_cors(app: FastAPI, origins: list[str]) -> None:
    """Add Starlette's CORSMiddleware (outermost when called last); nothing when no origins."""
    if not origins:
        return
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_methods=METHODS,
        allow_headers=ALLOWED_HEADERS,
        expose_headers=EXPOSED_HEADERS,
        allow_credentials=True,
    )
