"""Collection names and field-name escaping for the competency store."""

from __future__ import annotations

REFERENCE = "competency_reference"
ROSTER = "roster"
ROSTER_UNITS = "roster_units"
LEARNER_YEARS = "learner_years"
UNIT_YEARS = "unit_years"
# Per year, how often each unit-year changed: the query API reads a unit-year again only then.
UNIT_YEAR_REVISIONS = "unit_year_revisions"
UNMAPPED_EVENTS = "unmapped_events"
PENDING_VOIDS = "pending_voids"
CATALOG_HISTORY = "catalog_history"

CATALOG_DOC, ROSTER_DOC, UNITS_DOC = "catalog", "roster", "units"
# The roster version and catalog the unmapped events were last checked against.
UNMAPPED_DOC = "unmapped"
# Re-derive requests and the progress of the run serving them.
REDERIVE_DOC = "rederive"


def learner_year_id(nip: str, year: int) -> str:
    return f"{nip}:{year}"


def unit_year_id(unit: str, year: int) -> str:
    return f"{unit}:{year}"


def field_key(text: str) -> str:
    """``text`` as a field name: MongoDB and FerretDB refuse ``.`` and a leading ``$``."""
    return text.replace("%", "%25").replace(".", "%2E").replace("$", "%24")
