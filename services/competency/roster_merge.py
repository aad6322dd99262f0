"""An imported roster file against the roster already stored.

A row replaces the stored entry of its NIP; a row that claims an identifier (e-mail, account,
OpenID) another stored NIP already has is refused with its line, as ``import_roster`` refuses
it within one file: one identifier must name one person.
"""

from __future__ import annotations

from collections.abc import Iterable

from services.competency.file_errors import FileError
from services.competency.roster import RosterEntry, RosterImport


def merge_roster(stored: Iterable[RosterEntry], imported: RosterImport, file: str) -> RosterImport:
    owners = {key: entry.nip for entry in stored for key in entry.learner_keys()}
    accepted = []
    errors = list(imported.errors)
    for row in imported.entries:
        taken = sorted(
            {owners[key] for key in row.value.learner_keys() if owners.get(key, row.value.nip)
             != row.value.nip}
        )  # fmt: skip
        if taken:
            message = f"identifier already belongs to stored NIP(s) {', '.join(taken)}"
            errors.append(FileError(file, row.line, message))
            continue
        accepted.append(row)
    return RosterImport(tuple(accepted), tuple(sorted(errors, key=lambda e: e.line or 0)))
