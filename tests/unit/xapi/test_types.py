"""The named scalar formats, each exercised where a statement uses it."""

from __future__ import annotations

import pytest

from tests.unit.xapi.support import accepts, assert_rejected, statement

GOOD_IRIS = [
    "http://adlnet.gov/expapi/verbs/completed",
    "https://example.com/a/b?c=d#e",
    "urn:uuid:fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
    "tag:example.com,2024:verb",
    "http://例え.jp/動詞",  # IRIs may hold non-ASCII characters
    "HTTP://EXAMPLE.COM",
]
BAD_IRIS = [
    "",
    "adlnet.gov/expapi/verbs/completed",  # no scheme
    "not.a.valid.iri.com/verb",
    "/relative/path",
    "#fragment",
    "1http://example.com",  # a scheme starts with a letter
    "ab=c://should.fail.com",
    "http://www.example.com/BAD SPACES",
    "http://example.com/\nnewline",
    'http://example.com/"quoted"',
    "http:",
]


@pytest.mark.parametrize("iri", GOOD_IRIS)
def test_absolute_iris_are_accepted(iri: str) -> None:
    accepts(statement(verb={"id": iri}))


@pytest.mark.parametrize("iri", BAD_IRIS)
def test_iris_without_a_scheme_or_with_spaces_are_rejected(iri: str) -> None:
    assert_rejected(statement(verb={"id": iri}), "statement.verb.id", "must be an absolute IRI")


@pytest.mark.parametrize(
    "uuid",
    [
        "fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
        "FD41C918-B88B-4B20-A0A5-A4C32391AAA0",
        "88664422-1234-5678-1234-567812345678",  # any version and variant
        "00000000-0000-0000-0000-000000000000",
    ],
)
def test_uuids_in_standard_form_are_accepted(uuid: str) -> None:
    accepts(statement(id=uuid))


@pytest.mark.parametrize(
    "uuid",
    [
        "AA97B177-9383-4934-8543-0F91A7A028368",  # too many digits
        "MA97B177-9383-4934-8543-0F91A7A02836",  # not hex
        "fd41c918b88b4b20a0a5a4c32391aaa0",  # not the standard string form
        "{fd41c918-b88b-4b20-a0a5-a4c32391aaa0}",
        "urn:uuid:fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
        " fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
        "",
    ],
)
def test_other_uuid_spellings_are_rejected(uuid: str) -> None:
    assert_rejected(statement(id=uuid), "statement.id", "UUID")


@pytest.mark.parametrize(
    "mbox", ["mailto:ann@example.com", "mailto:zachary+pierce@gmail.com", "mailto:a.b@sub.ex.org"]
)
def test_mailto_iris_are_accepted(mbox: str) -> None:
    accepts(statement(actor={"mbox": mbox}))


@pytest.mark.parametrize(
    "mbox",
    [
        "ann@example.com",
        "mailto:should.fail.com",
        "http://should.fail.com",
        "mailto:sally@",
        "mailto:@example.com",
        "mailto:A@b@c@example.com",
        "MAILTO:ann@example.com",
        "mailto:ann@example..com",
        "mailto:ann smith@example.com",
    ],
)
def test_mbox_must_be_a_mailto_iri(mbox: str) -> None:
    assert_rejected(statement(actor={"mbox": mbox}), "statement.actor.mbox", "mailto IRI")


@pytest.mark.parametrize(
    ("sha1", "ok"),
    [
        ("ebd31e95054c018b10727ccffd2ef2ec3a016ee9", True),
        ("EBD31E95054C018B10727CCFFD2EF2EC3A016EE9", True),
        ("ebd31e95054c018b10727ccffd2ef2ec3a016ee", False),
        ("ebd31e95054c018b10727ccffd2ef2ec3a016ee9a", False),
        ("zbd31e95054c018b10727ccffd2ef2ec3a016ee9", False),
    ],
)
def test_mbox_sha1sum_is_40_hex_digits(sha1: str, ok: bool) -> None:
    value = statement(actor={"mbox_sha1sum": sha1})
    if ok:
        accepts(value)
    else:
        assert_rejected(value, "statement.actor.mbox_sha1sum", "SHA-1")


GOOD_TAGS = [
    "en",
    "en-US",
    "de-DE",
    "zh-Hant",
    "zh-Hans-CN",
    "sr-Latn-RS",
    "es-419",
    "cmn",
    "tlh",
    "und",
    "de-CH-1901",
    "sl-rozaj-biske",
    "en-US-x-twain",
    "x-whatever",
    "i-klingon",
    "en-GB-oed",
    "zh-yue-HK",
    "en-a-bbb-b-ccc",
    "EN-us",
]
BAD_TAGS = [
    "",
    "a12345678",
    "something",  # nine letters: too long for a language subtag
    "invalid-imaginary-language",
    "$",
    "en_US",
    "en-",
    "-en",
    "e",
    "en-US-",
    "zh-z-aaa-z-bbb-c-ccc",  # the same extension singleton twice
    "de-1901-1901",  # the same variant twice
    "en-x",
    "i",
    "<Agent>",  # looks like an internal union tag; must still be reported as a bad key
]


@pytest.mark.parametrize("tag", GOOD_TAGS)
def test_rfc5646_language_tags_are_accepted_as_map_keys_and_context_language(tag: str) -> None:
    accepts(statement(verb={"id": "http://example.com/v", "display": {tag: "did"}}))
    accepts(statement(context={"language": tag}))


@pytest.mark.parametrize("tag", BAD_TAGS)
def test_malformed_language_tags_are_rejected(tag: str) -> None:
    assert_rejected(
        statement(verb={"id": "http://example.com/v", "display": {tag: "did"}}),
        "statement.verb.display",
        f'key "{tag}" must be an RFC 5646 language tag',
    )
    assert_rejected(statement(context={"language": tag}), "statement.context.language", "RFC 5646")


@pytest.mark.parametrize(
    "duration",
    [
        "PT1H0M0.1S",
        "PT4H35M59.14S",
        "PT16559.14S",
        "P3Y1M29DT4H35M59.14S",
        "P3Y",
        "P4W",
        "P1D",
        "PT0S",
        "P0D",
        "PT1.5H",  # a fraction on the lowest-order element given
        "P1DT12H",
        "PT36H",
    ],
)
def test_iso8601_durations_are_accepted(duration: str) -> None:
    accepts(statement(result={"duration": duration}))


@pytest.mark.parametrize(
    "duration",
    [
        "PA1H0M0S",
        "P4W1D",  # weeks cannot be combined with other elements
        "should fail",
        "P",
        "PT",
        "P1H",  # hours belong after T
        "1H",
        "P1.5DT1H",  # only the last element may have a fraction
        "P0003-01-29T04:35:59",  # the alternative format is forbidden
        "pt1h",
        "-PT1H",
        "PT1H ",
    ],
)
def test_other_durations_are_rejected(duration: str) -> None:
    assert_rejected(
        statement(result={"duration": duration}), "statement.result.duration", "ISO 8601 duration"
    )


def test_a_duration_must_be_a_string() -> None:
    assert_rejected(statement(result={"duration": 12345}), "statement.result.duration", "string")


ISO_AND_RFC3339 = [
    "2013-05-18T05:32:34.804Z",
    "2013-05-18T05:32:34.804+00:00",
    "2014-08-01T15:05:04-04:00",
    "2016-12-02T15:12:41.005126+00:00",
    "2015-11-18T12:17:00+05:30",
    "2024-02-29T00:00:00Z",  # leap day
    "2031-11-28T05:58:28.822Z",  # the future is not the LRS's business
]
ISO_ONLY = [
    "2015-11-18T12:17Z",  # no seconds
    "2015-11-18T12:17:00+0530",
    "2015-11-18T12:17:00+05",
    "20151118T121700Z",  # basic format
    "20151118T121700.5+0100",
]
NEVER = [
    "should fail",
    "01/011/2015",
    "2008-09-15T15:53:00.601-00",  # "-00", "-0000", "-00:00" do not give a time zone
    "2008-09-15T15:53:00.601-0000",
    "2008-09-15T15:53:00.601-00:00",
    "2015-11-18T12:17:00",  # no time zone
    "2015-11-18",
    "2015-11-18 12:17:00Z",
    "2015-13-18T12:17:00Z",
    "2015-02-29T12:17:00Z",  # not a leap year
    "2015-04-31T12:17:00Z",
    "2015-11-18T24:00:00Z",
    "2015-11-18T12:60:00Z",
    "2015-11-18T12:17:00+24:00",
    "0000-01-01T00:00:00Z",
    "2015-11-18t12:17:00z",
    "2015-11-1812:17:00Z",
    "18 May 2013 05:32:34.804 UTC",
    "2015-11-18T121700Z",  # mixed extended and basic
]


@pytest.mark.parametrize("value", ISO_AND_RFC3339)
@pytest.mark.parametrize("version", ["1.0.0", "2.0.0"])
@pytest.mark.parametrize("key", ["timestamp", "stored"])
def test_rfc3339_timestamps_are_accepted_by_both_versions(
    key: str, version: str, value: str
) -> None:
    accepts(statement(**{key: value}), version)


@pytest.mark.parametrize("value", ISO_ONLY)
def test_other_iso8601_date_times_are_accepted_for_1_0_only(value: str) -> None:
    accepts(statement(timestamp=value), "1.0.0")
    assert_rejected(statement(timestamp=value), "statement.timestamp", "RFC 3339", "2.0.0")


@pytest.mark.parametrize("value", NEVER)
@pytest.mark.parametrize("version", ["1.0.0", "2.0.0"])
def test_malformed_or_zone_less_timestamps_are_rejected(version: str, value: str) -> None:
    assert_rejected(statement(timestamp=value), "statement.timestamp", "date", version)
    assert_rejected(statement(stored=value), "statement.stored", "date", version)


@pytest.mark.parametrize(
    ("version", "value", "ok"),
    [
        ("1.0.0", "1.0", True),
        ("1.0.0", "1.0.0", True),
        ("1.0.0", "1.0.3", True),
        ("1.0.0", "1.0.9", True),
        ("1.0.0", "1.0.10", True),
        ("1.0.0", "2.0.0", False),
        ("1.0.0", "1.1.0", False),
        ("1.0.0", "0.9.9", False),
        ("1.0.0", "0.95", False),
        ("1.0.0", "1", False),
        ("1.0.0", "1.0.", False),
        ("1.0.0", "should fail", False),
        ("2.0.0", "2.0.0", True),
        ("2.0.0", "2.0", True),
        ("2.0.0", "1.0.3", True),
        ("2.0.0", "2.1.0", False),
        ("2.0.0", "3.0.0", False),
    ],
)
def test_statement_version(version: str, value: str, ok: bool) -> None:
    if ok:
        accepts(statement(version=value), version)
    else:
        assert_rejected(statement(version=value), "statement.version", "must be", version)
