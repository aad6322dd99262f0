"""Plausible Indonesian personal names, with the sex the NIP's 15th digit records.

Central Sulawesi mixes Kaili, Bugis, Javanese and other naming habits: some people have one
name, most two, a few carry an academic title that HR systems keep with the name.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

MALE = (
    "Abdul", "Ahmad", "Andi", "Arif", "Bambang", "Budi", "Darwis", "Dedi", "Eko", "Fadli",
    "Fajar", "Hamzah", "Hasan", "Irwan", "Iwan", "Jafar", "Kadir", "Lukman", "Muhammad",
    "Nasrun", "Rahmat", "Ridwan", "Rizal", "Rusdi", "Syahrul", "Taufik", "Wahyu", "Yusuf",
    "Zainal", "Agus", "Hendra", "Imran", "Mustafa", "Sofyan", "Amiruddin", "Gunawan",
)  # fmt: skip
FEMALE = (
    "Aisyah", "Andi", "Ani", "Dewi", "Fatimah", "Fitri", "Hasnah", "Indah", "Kartini",
    "Lestari", "Marlina", "Nur", "Nurhayati", "Nurul", "Putri", "Rahmawati", "Ratna", "Rina",
    "Rosmiati", "Sartika", "Siti", "Sri", "Suryani", "Wahyuni", "Yuliana", "Zahra", "Asmawati",
    "Hasmiati", "Irma", "Mardiana", "Novita", "Ayu", "Ernawati", "Herlina",
)  # fmt: skip
SECOND = (
    "Lamarauna", "Tombolotutu", "Lasadindi", "Dg. Matona", "Pettalolo", "Lembah", "Saleh",
    "Rahman", "Hidayat", "Santoso", "Wijaya", "Pratama", "Syam", "Latjuba", "Mangge",
    "Tanjung", "Ismail", "Hamid", "Usman", "Sulaiman", "Lalu", "Maddusila", "Ladjide",
    "Setiawan", "Nugroho", "Kurniawan", "Yunus", "Mahmud", "Arsyad", "Baso", "Pakaya",
)  # fmt: skip
TITLES = ("S.Pd.", "S.Kep.", "S.Sos.", "S.E.", "S.Kom.", "S.H.", "S.T.", "M.Si.", "A.Md.")


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    female: bool


def person(rng: random.Random) -> Person:
    female = rng.random() < 0.52
    first = rng.choice(FEMALE if female else MALE)
    parts = [first] if rng.random() < 0.12 else [first, rng.choice(SECOND)]
    name = " ".join(parts)
    if rng.random() < 0.3:
        name = f"{name}, {rng.choice(TITLES)}"
    return Person(name, female)


def email_local_part(name: str) -> str:
    """``siti.rahman`` from ``Siti Rahman, S.Pd.``: the part before the title, ASCII only."""
    words = name.split(",")[0].replace(".", "").lower().split()
    return ".".join("".join(ch for ch in word if ch.isalnum()) for word in words[:2])
