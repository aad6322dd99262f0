"""The xAPI conventions this project publishes for providers (DOMAIN.md, "proposal").

- Actor: a SIASN account whose name is the NIP; other identifiers resolve through the
  roster's crosswalk.
- Verbs: ADL registered, attended, completed, passed, failed, progressed, scored, mastered,
  and earned (Tin Can's IRI, ADL has none); any other verb is not a competency event.
- Context extensions under ``EXTENSIONS`` (below), and ``result.duration``, ``score``,
  ``success``, ``completion`` as the spec defines them.
"""

from __future__ import annotations

from enum import StrEnum

ADL = "http://adlnet.gov/expapi/verbs/"
NAMESPACE = "https://lrs.palukota.go.id/xapi/extensions/"


class EventKind(StrEnum):
    REGISTERED = "registered"
    ATTENDED = "attended"
    COMPLETED = "completed"
    PASSED = "passed"
    MASTERED = "mastered"
    FAILED = "failed"
    SCORED = "scored"
    PROGRESSED = "progressed"
    EARNED = "earned"


VERBS: dict[str, EventKind] = {
    **{f"{ADL}{kind.value}": kind for kind in EventKind if kind is not EventKind.EARNED},
    "http://id.tincanapi.com/verb/earned": EventKind.EARNED,
}

# One of these per enrolment counts for JP (the earliest); see ``crediting``.
COMPLETION_KINDS = frozenset({EventKind.COMPLETED, EventKind.PASSED, EventKind.MASTERED})


class Extension(StrEnum):
    """Context extension IRIs (``context.extensions``)."""

    JP_CLAIMED = f"{NAMESPACE}jp-claimed"  # number: the JP the provider claims
    FORM = f"{NAMESPACE}development-form"  # integer: SIASN jenisDiklat id
    FORM_VARIANT = f"{NAMESPACE}form-variant"  # string, e.g. "webinar"
    SCOPE = f"{NAMESPACE}scope"  # "national" or "international"
    COMPETENCIES = f"{NAMESPACE}competencies"  # competency IRI, or an array of them
    DAYS = f"{NAMESPACE}days"  # integer: days a multi-day event spans (ending on timestamp)
    SESSIONS = f"{NAMESPACE}sessions"  # integer: sessions the statement stands for
    CERTIFICATE = f"{NAMESPACE}certificate-number"  # string
    PROVIDER = f"{NAMESPACE}provider"  # string: the provider's id


INTERNATIONAL, NATIONAL = "international", "national"
