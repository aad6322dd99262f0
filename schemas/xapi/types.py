"""Named scalar types of the xAPI data model.

Simple formats are regular expressions run by pydantic-core (Rust: linear time, no look-around;
``[0-9]`` because its ``\\d`` also matches non-ASCII digits). Formats a regular expression cannot
express alone (calendar days, language-tag subtag uniqueness, duration fractions) add a small
Python check after the pattern. ``RULES`` maps each pattern to the rule quoted in error messages.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache
from typing import Annotated, Any, TypeAlias

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

RULES: dict[str, str] = {}


def _pattern(pattern: str, rule: str) -> StringConstraints:
    RULES[pattern] = rule
    return StringConstraints(pattern=pattern)


def _fail(rule: str) -> PydanticCustomError:
    return PydanticCustomError("xapi", rule)


# An absolute IRI: a scheme, a colon, then no whitespace, controls or characters RFC 3987 excludes.
# Full IRI parsing is a MAY for the LRS; a scheme and no spaces is what the conformance suite tests.
_IRI = r'^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>"{}|\\^`\x00-\x1f\x7f]+$'
IRI: TypeAlias = Annotated[str, _pattern(_IRI, "must be an absolute IRI")]
# IRLs (moreInfo, homePage, fileUrl) are IRIs meant to resolve; the same syntax applies.
IRL: TypeAlias = IRI

_UUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
UUID: TypeAlias = Annotated[str, _pattern(_UUID, "must be a UUID in standard string form")]

_MBOX = r"^mailto:[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)*$"
MboxIRI: TypeAlias = Annotated[str, _pattern(_MBOX, "must be a mailto IRI")]

_SHA1 = r"^[0-9a-fA-F]{40}$"
Sha1Hex: TypeAlias = Annotated[str, _pattern(_SHA1, "must be a hex-encoded SHA-1 hash")]

# SHA-224, SHA-256, SHA-384 and SHA-512 (and the SHA-512/t variants) digests, hex encoded.
_SHA2 = r"^(?:[0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128})$"
Sha2: TypeAlias = Annotated[str, _pattern(_SHA2, "must be a hex-encoded SHA-2 hash")]

# RFC 2045/6838 type "/" subtype, then optional "; name=value" parameters (value token or quoted).
_TCHARS = r"[!#$%&'*+.^_`|~0-9A-Za-z\-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"'
_MEDIA = rf"^{_TCHARS}/{_TCHARS}(?:[ \t]*;[ \t]*{_TCHARS}=(?:{_TCHARS}|{_QUOTED}))*$"
MediaType: TypeAlias = Annotated[str, _pattern(_MEDIA, "must be an Internet Media Type")]

Version10: TypeAlias = Annotated[str, _pattern(r"^1\.0(?:\.[0-9]+)?$", 'must be "1.0" or "1.0.x"')]
Version20: TypeAlias = Annotated[
    str, _pattern(r"^[12]\.0(?:\.[0-9]+)?$", 'must be "1.0", "1.0.x", "2.0" or "2.0.x"')
]

ScaledScore: TypeAlias = Annotated[float, Field(ge=-1, le=1)]
Octets: TypeAlias = Annotated[int, Field(ge=0)]

Extensions: TypeAlias = dict[IRI, Any]


# --- Timestamps ------------------------------------------------------------------------------
_DATE_EXT = r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_DATE_BASIC = r"[0-9]{4}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
_HH = r"(?:[01][0-9]|2[0-3])"
_MM = r"[0-5][0-9]"
# "-00:00" (RFC 3339: offset unknown) is not a time zone; the conformance suites reject it.
_NEG = rf"-(?:(?:0[1-9]|1[0-9]|2[0-3])(?::?{_MM})?|00:?(?:0[1-9]|[1-5][0-9]))"
_OFFSET_ISO = rf"(?:Z|\+{_HH}(?::?{_MM})?|{_NEG})"
_TIME_EXT = rf"{_HH}(?::{_MM}(?::{_MM}(?:\.[0-9]+)?)?)?"
_TIME_BASIC = rf"{_HH}(?:{_MM}(?:{_MM}(?:\.[0-9]+)?)?)?"
# ISO 8601 extended or basic date-time with a time zone (a missing zone would leave the instant
# ambiguous for every consumer downstream).
_TS10 = rf"^(?:{_DATE_EXT}T{_TIME_EXT}|{_DATE_BASIC}T{_TIME_BASIC}){_OFFSET_ISO}$"
_NEG_RFC = rf"-(?:(?:0[1-9]|1[0-9]|2[0-3]):{_MM}|00:(?:0[1-9]|[1-5][0-9]))"
_TS20 = rf"^{_DATE_EXT}T{_HH}:{_MM}:{_MM}(?:\.[0-9]+)?(?:Z|\+{_HH}:{_MM}|{_NEG_RFC})$"


_MONTH_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _real_day(value: str) -> str:
    """The pattern allows day 31 in every month; check the calendar (and year 0, which no
    datetime library represents). Runs for every timestamp, hence the string fast path."""
    if value[4] == "-":
        year, month, day = value[0:4], value[5:7], value[8:10]
    else:
        year, month, day = value[0:4], value[4:6], value[6:8]
    if year == "0000":
        raise _fail("must be a real calendar date (there is no year 0)")
    if day > "28" and (
        int(day) > _MONTH_DAYS[int(month)]
        or (month == "02" and day == "29" and not calendar.isleap(int(year)))
    ):
        raise _fail("must be a real calendar date")
    return value


Timestamp: TypeAlias = Annotated[
    str,
    _pattern(_TS10, "must be an ISO 8601 date-time with a time zone"),
    AfterValidator(_real_day),
]
Timestamp20: TypeAlias = Annotated[
    str,
    _pattern(_TS20, "must be an RFC 3339 date-time with a time zone"),
    AfterValidator(_real_day),
]


# --- Durations -------------------------------------------------------------------------------
_N = r"[0-9]+(?:[.,][0-9]+)?"
# ISO 8601:2004 4.4.3.2 only: PnW, or PnYnMnDTnHnMnS with at least one element and at least one
# element after T. The alternative format (P0003-01-29T...) is refused as the spec requires.
_DURATION = re.compile(
    rf"P(?:{_N}W|(?=[0-9]|T[0-9])(?:{_N}Y)?(?:{_N}M)?(?:{_N}D)?(?:T(?=[0-9])(?:{_N}H)?(?:{_N}M)?(?:{_N}S)?)?)"
)
_FRACTION = re.compile(r"[.,][0-9]+[A-Z]")


def _duration(value: str) -> str:
    if _DURATION.fullmatch(value) is None:
        raise _fail("must be an ISO 8601 duration (e.g. PT1H30M or P4W)")
    fraction = _FRACTION.search(value)
    # ISO 8601 allows a decimal fraction on the lowest-order element only.
    if fraction is not None and fraction.end() != len(value):
        raise _fail("must be an ISO 8601 duration (only its last element may have a fraction)")
    return value


Duration: TypeAlias = Annotated[str, AfterValidator(_duration)]


# --- Language tags (RFC 5646) ----------------------------------------------------------------
_GRANDFATHERED = (
    "en-gb-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn|"
    "i-tao|i-tay|i-tsu|sgn-be-fr|sgn-be-nl|sgn-ch-de|art-lojban|cel-gaulish|no-bok|no-nyn|"
    "zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang"
)
_LANGTAG = re.compile(
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})"  # language, optional extlangs
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"  # region
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"  # variants
    r"(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*"  # extensions
    r"(?:-x(?:-[a-z0-9]{1,8})+)?"  # private use
    rf"|x(?:-[a-z0-9]{{1,8}})+|{_GRANDFATHERED}",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def _is_language_tag(tag: str) -> bool:
    # Tags repeat across statements ("en-US"), so the cache makes this a dict lookup in practice.
    if not tag.isascii() or _LANGTAG.fullmatch(tag) is None:
        return False
    subtags = tag.lower().split("-")
    seen_singletons: set[str] = set()
    seen_variants: set[str] = set()
    for subtag in subtags[1:]:
        if subtag == "x":
            break
        if len(subtag) == 1:
            if subtag in seen_singletons:
                return False  # RFC 5646 2.2.6: each extension singleton at most once
            seen_singletons.add(subtag)
        elif not seen_singletons and (
            len(subtag) >= 5 or (len(subtag) == 4 and subtag[0].isdigit())
        ):
            if subtag in seen_variants:
                return False  # RFC 5646 2.2.5: each variant at most once
            seen_variants.add(subtag)
    return True


def _language_tag(value: str) -> str:
    if not _is_language_tag(value):
        raise _fail("must be an RFC 5646 language tag")
    return value


LanguageTag: TypeAlias = Annotated[str, AfterValidator(_language_tag)]
LanguageMap: TypeAlias = dict[LanguageTag, str]
