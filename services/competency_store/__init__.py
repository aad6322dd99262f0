"""The competency domain in MongoDB, shared by the aggregator, the query API and the CLI.

Documents are read and written by ``_id`` (FerretDB serves only ``_id`` equality from an
index; any other filter reads the whole collection), so the keys say what is read together.
The few whole-collection reads (the roster when it changed, the unmapped events after a roster
or catalog change, the pending voids, the needs-mapping report) say so where they happen.


- ``competency_reference``: ``catalog`` (the files in force, who changed them last, the
  files the aggregator last started with), ``roster`` (its version), ``units`` (the tree),
  ``unmapped`` (what the unmapped events were last checked against), ``rederive`` (requests
  and the progress of the run serving them).
- ``catalog_history``: one document per catalog version, ``_id`` starting with its UTC time.
- ``roster``: one civil servant per NIP; ``roster_units``: the NIPs of each unit.
- ``learner_years``: ``<NIP>:<year>``, the year's events (facts), the voided ones, and what
  they come to (see ``docs/adr/0005-competency-rollups.md``).
- ``unit_years``: ``<unit>:<year>``, each member's recognised JP, set when their year changes.
- ``unmapped_events``: statement id -> learner key, activity and what is missing to count it.
- ``pending_voids``: statement id -> the voiding statement, for targets not seen yet.
"""
