"""The competency-development domain: catalog, JP recognition, roster, yearly summaries.

Pure functions over small models; nothing here opens a connection or reads the clock.

- Catalog (``catalog_loader``): competencies, development forms, the versioned JP rule table,
  activity mappings, yearly targets and settings, read from CSV files (seed in ``seed/catalog``).
  A file set is accepted whole or rejected with line-numbered errors.
- Recognition (``recognition``): a learner's events -> recognised JP per event, caps applied.
- Roster (``roster``, ``units``, ``crosswalk``, ``nip``): civil servants, the unit tree, and
  which NIP an xAPI actor is.
- ``year_summary``: a learner's year by competency type and form against the target.
- From statements (``xapi_conventions``, ``statement_facts``, ``resolution``, ``crediting``,
  ``learner_year``): what a statement says, what the catalog makes of it, which events earn
  JP (one credit per enrolment), and a learner's year recomputed whole from its events.
- ``compliance``: a unit's year, rolled up from the units under it.
- ``cli``: the command line (roster and unit tree imports, catalog check), the one module
  that does I/O.
"""
