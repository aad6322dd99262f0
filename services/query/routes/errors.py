"""Errors the query API's routes raise; ``create_app`` maps them to problem details."""

from __future__ import annotations


class NotFound(Exception):
    """The learner, unit or other subject of the request is unknown (404)."""


class BadRequest(Exception):
    """Parameters that each validate but do not go together, or a cursor not made here (400)."""
