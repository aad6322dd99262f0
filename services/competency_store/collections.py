"""Collection names, field-name escaping and chunked bulk writes for the competency store."""

from __future__ import annotations

from collections.abc import Sequence

from pymongo import ReplaceOne, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection

from services.common.mongo import UPDATES_PER_COMMAND, Document

REFERENCE = "competency_reference"
ROSTER = "roster"
ROSTER_UNITS = "roster_units"
LEARNER_YEARS = "learner_years"
UNIT_YEARS = "unit_years"
UNMAPPED_EVENTS = "unmapped_events"
PENDING_VOIDS = "pending_voids"

CATALOG_DOC, ROSTER_DOC, UNITS_DOC = "catalog", "roster", "units"
# The roster version and catalog the unmapped events were last checked against.
UNMAPPED_DOC = "unmapped"

WriteOp = UpdateOne | ReplaceOne[Document]


def learner_year_id(nip: str, year: int) -> str:
    return f"{nip}:{year}"


def unit_year_id(unit: str, year: int) -> str:
    return f"{unit}:{year}"


def field_key(text: str) -> str:
    """``text`` as a field name: MongoDB and FerretDB refuse ``.`` and a leading ``$``."""
    return text.replace("%", "%25").replace(".", "%2E").replace("$", "%24")


async def write_chunked(
    collection: AsyncCollection[Document], operations: Sequence[WriteOp]
) -> None:
    """Send the writes a few per command (FerretDB stalls on ~100 updates in one command).

    Only writes that cannot fail on a duplicate key belong here: FerretDB stops an update
    command at its first write error and answers without ``nModified``, which the driver
    cannot read (``KeyError``), so the other writes' fate is unknown.
    """
    for start in range(0, len(operations), UPDATES_PER_COMMAND):
        await collection.bulk_write(list(operations[start : start + UPDATES_PER_COMMAND]))
