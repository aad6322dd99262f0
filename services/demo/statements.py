"""xAPI statements as the project's conventions ask providers to write them
(``services.competency.xapi_conventions``)."""

from __future__ import annotations

import random
import uuid
from datetime import datetime
from typing import Any

from services.competency.roster import SIASN_HOME_PAGE
from services.competency.xapi_conventions import ADL, Extension
from services.demo.offerings import Offering
from services.demo.people import CivilServant
from services.demo.schedule import stamp

Statement = dict[str, Any]

CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
CMI5_PROGRESS = "https://w3id.org/xapi/cmi5/result/extensions/progress"
ACTIVITY_TYPES = {
    16: "http://adlnet.gov/expapi/activities/course",
    9: "http://adlnet.gov/expapi/activities/meeting",
    4: "http://adlnet.gov/expapi/activities/meeting",
}
COURSE = "http://adlnet.gov/expapi/activities/course"
PLATFORMS = {
    "lms-nasional": "LMS Nasional (contoh)",
    "lms-provinsi": "LMS BPSDM Provinsi Sulawesi Tengah (contoh)",
    "universitas": "Universitas (contoh)",
    "mitra-swasta": "Mitra Swasta (contoh)",
}


def new_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def actor(person: CivilServant, by_email: bool) -> dict[str, Any]:
    """The SIASN account named by the NIP, or the e-mail a provider knows the person by."""
    if by_email:
        return {"objectType": "Agent", "name": person.name, "mbox": f"mailto:{person.email}"}
    return {
        "objectType": "Agent",
        "name": person.name,
        "account": {"homePage": SIASN_HOME_PAGE, "name": person.nip},
    }


def statement(
    rng: random.Random,
    who: dict[str, Any],
    verb: str,
    offering: Offering,
    moment: datetime,
    registration: str,
    *,
    result: dict[str, Any] | None = None,
    extensions: dict[Extension, Any] | None = None,
    cmi5: bool = False,
) -> Statement:
    context: dict[str, Any] = {
        "registration": registration,
        "platform": PLATFORMS[offering.provider],
        "language": "id-ID",
        "extensions": {
            str(key): value
            for key, value in {**_offering_extensions(offering), **(extensions or {})}.items()
        },
    }
    if cmi5:
        context["contextActivities"] = {"category": [{"id": CMI5_CATEGORY}]}
    made: Statement = {
        "id": new_id(rng),
        "actor": who,
        "verb": {"id": f"{ADL}{verb}", "display": {"en-US": verb}},
        "object": {
            "objectType": "Activity",
            "id": offering.iri,
            "definition": {
                "name": {"id-ID": offering.name},
                "type": ACTIVITY_TYPES.get(offering.form or 0, COURSE),
            },
        },
        "context": context,
        "timestamp": stamp(moment),
    }
    if result is not None:
        made["result"] = result
    return made


def voiding(rng: random.Random, target: Statement, moment: datetime) -> Statement:
    """The provider takes a statement back (xAPI voiding: only the id is referenced)."""
    provider = target["context"]["extensions"][str(Extension.PROVIDER)]
    return {
        "id": new_id(rng),
        "actor": {"objectType": "Agent", "mbox": f"mailto:admin@{provider}.example.go.id"},
        "verb": {"id": f"{ADL}voided", "display": {"en-US": "voided"}},
        "object": {"objectType": "StatementRef", "id": target["id"]},
        "timestamp": stamp(moment),
    }


def minutes(total: int) -> str:
    hours, rest = divmod(total, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def progress(percent: int) -> dict[str, Any]:
    return {"extensions": {CMI5_PROGRESS: percent}}


def _offering_extensions(offering: Offering) -> dict[Extension, Any]:
    found: dict[Extension, Any] = {Extension.PROVIDER: offering.provider}
    if offering.form is not None:
        found[Extension.FORM] = offering.form
        found[Extension.SCOPE] = offering.scope
    if offering.variant is not None:
        found[Extension.FORM_VARIANT] = offering.variant
    if offering.competencies:
        found[Extension.COMPETENCIES] = list(offering.competencies)
    return found
