"""The shape of a NIP: birth date (8) + year-month of first appointment (6) + sex (1) +
sequence (3). Only the shape is checked; age and sex are never derived from it for reports.
"""

from __future__ import annotations

import re
from datetime import date

_DIGITS = re.compile(r"[0-9]{18}")
# What a spreadsheet makes of an 18-digit number it took for a quantity.
_SCIENTIFIC = re.compile(r"[0-9](?:[.,][0-9]+)?[eE]\+?[0-9]+")


def nip_problems(nip: str) -> list[str]:
    """What is wrong with the shape of ``nip``; empty when it is a well-formed NIP."""
    if _SCIENTIFIC.fullmatch(nip):
        return [
            f"NIP {nip!r} was turned into a number by a spreadsheet; "
            "format the column as text and export again"
        ]
    if not _DIGITS.fullmatch(nip):
        return [f"NIP must be 18 digits, got {nip!r}"]
    problems = []
    if not _is_date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8])):
        problems.append(f"NIP digits 1-8 ({nip[0:8]}) are not a birth date YYYYMMDD")
    if not _is_date(int(nip[8:12]), int(nip[12:14]), 1):
        problems.append(f"NIP digits 9-14 ({nip[8:14]}) are not an appointment year-month YYYYMM")
    if nip[14] not in "12":
        problems.append(f"NIP digit 15 (sex) must be 1 or 2, got {nip[14]}")
    return problems


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True
