"""Errors the xAPI API answers with, mapped to responses in one place (``app.py``).

XapiError
 ├── BadRequest             400: the request breaks a rule of the spec
 ├── Unauthorized           401: no or wrong credentials
 ├── NotFound               404
 ├── Conflict               409: same statement id, other content; blind PUT over a document
 ├── PreconditionFailed     412: If-Match / If-None-Match did not hold
 ├── PayloadTooLarge        413
 ├── UnsupportedMediaType   415
 └── ServiceUnavailable     503: Kafka did not acknowledge (nothing was accepted), or a
                                 statement query outran its time limit
"""

from __future__ import annotations


class XapiError(Exception):
    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(XapiError):
    status = 400


class Unauthorized(XapiError):
    status = 401


class NotFound(XapiError):
    status = 404


class Conflict(XapiError):
    status = 409


class PreconditionFailed(XapiError):
    status = 412


class PayloadTooLarge(XapiError):
    status = 413


class UnsupportedMediaType(XapiError):
    status = 415


class ServiceUnavailable(XapiError):
    status = 503
