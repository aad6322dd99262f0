"""The statements of the benchmark's store, decoded as the aggregator decodes them.

Each one is a ``StatementFactory`` statement (plus cmi5 session verbs, so a registration has
several statements), stamped as ingest stamps it, wrapped in the Kafka envelope and decoded
by the aggregator's ``decode_record``: every derived field (learner, filter fields, reference)
is the aggregator's own. Arrival order is insertion order: ``stored`` times are spread evenly
over the year before ``end``; a ``timestamp`` precedes its ``stored`` by seconds, sometimes
a day, now and then weeks (offline learning).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import orjson

from bench.statements import COURSES, StatementFactory
from schemas.envelope import encode_envelope
from services.aggregator.records import Source, StatementRecord, decode_record
from services.ingest.acceptance import authority_of
from services.ingest.stamping import format_timestamp, stamp

YEAR = timedelta(days=365)
DAY = timedelta(days=1)
SOURCE_TOPIC = "bench.store"  # these statements never went through Kafka: a source of their own
XAPI_VERSION = "1.0.3"
STATEMENTS_PER_LEARNER = 20
CMI5_SESSION_VERBS = (
    "http://adlnet.gov/expapi/verbs/launched",
    "http://adlnet.gov/expapi/verbs/initialized",
    "http://adlnet.gov/expapi/verbs/passed",
    "http://adlnet.gov/expapi/verbs/failed",
    "http://adlnet.gov/expapi/verbs/terminated",
)
SAMPLES = 1000


def stored_at(index: int, size: int, start: datetime, span: timedelta) -> datetime:
    """The stored time of the ``index``-th of ``size`` statements: evenly over the span."""
    return start + span * ((index + 0.5) / size)


def delay(rng: random.Random) -> timedelta:
    """How long before its storing a statement happened: mostly seconds, rarely weeks."""
    draw = rng.random()
    if draw < 0.85:
        return timedelta(seconds=rng.uniform(0, 120))
    if draw < 0.97:
        return timedelta(seconds=rng.uniform(120, 86_400))
    return timedelta(days=rng.uniform(1, 30))


def day_window(rng: random.Random, start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """A random one-day (since, until] window inside [start, end]."""
    since = start + (end - start - DAY) * rng.random()
    return since, since + DAY


class StoreFactory(StatementFactory):
    """The load benchmark's statements, plus cmi5 session statements sharing registrations."""

    def __init__(self, seed: int, learners: int) -> None:
        super().__init__(seed=seed, learners=learners)
        self._kinds.append(self.cmi5_session)
        self._weights.append(6)

    def cmi5_session(self, learner: str) -> dict[str, Any]:
        slug, title = self._rng.choice(COURSES)
        au = self._rng.randint(1, 6)
        # One registration per learner and course: every session statement of it shares it.
        registration = uuid.uuid5(uuid.NAMESPACE_URL, f"{learner}/{slug}")
        statement = self.cmi5_completed(learner)
        statement["verb"] = {"id": self._rng.choice(CMI5_SESSION_VERBS)}
        statement["object"]["id"] = f"https://lms.example.go.id/cmi5/{slug}/au/{au}"
        statement["object"]["definition"]["name"] = {"id-ID": f"{title}: unit pembelajaran"}
        statement["context"]["registration"] = str(registration)
        del statement["result"]
        return statement


@dataclass
class QuerySamples:
    """Values that occur in the store, to query by: a spread sample of its statements."""

    ids: list[str] = field(default_factory=list)
    agents: list[str] = field(default_factory=list)  # Agent JSON, as the agent parameter
    verbs: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    registrations: list[str] = field(default_factory=list)
    start: datetime | None = None
    end: datetime | None = None

    def add(self, record: StatementRecord) -> None:
        statement = record.statement
        self.ids.append(record.statement_id)
        self.agents.append(orjson.dumps(statement["actor"]).decode())
        self.verbs.append(str(statement["verb"]["id"]))
        self.activities.extend(record.fields["activities"][:1])
        self.registrations.extend(record.fields["registrations"])


class StoreStatements:
    """``size`` statements in arrival order over the year before ``end``, in chunks."""

    def __init__(self, size: int, end: datetime, api_key: str, home_page: str, seed: int = 7):
        self.size = size
        self.start = end - YEAR
        self.learners = max(1000, size // STATEMENTS_PER_LEARNER)
        self._factory = StoreFactory(seed=seed, learners=self.learners)
        self._rng = random.Random(seed)  # noqa: S311 - load data, not security
        self._authority = authority_of(api_key, home_page)
        self._client_id = api_key
        self._every = max(1, size // SAMPLES)
        self._seed = seed
        self.samples = QuerySamples(start=self.start, end=end)

    def query_rng(self) -> random.Random:
        """The random source of the queries (their own: the same store, the same queries)."""
        return random.Random(self._seed + 1)  # noqa: S311 - load data, not security

    def records(self, first: int, count: int) -> list[StatementRecord]:
        """Statements ``first`` to ``first + count - 1``, as the aggregator decodes them."""
        records = []
        for index in range(first, first + count):
            stored = stored_at(index, self.size, self.start, YEAR)
            statement = self._factory.one()
            statement["timestamp"] = format_timestamp(stored - delay(self._rng))
            stamped = stamp(
                statement, stored=stored, authority=self._authority, version=XAPI_VERSION
            )
            envelope = encode_envelope(stamped, received=stored, client_id=self._client_id)
            record = decode_record(Source(SOURCE_TOPIC, 0, index), None, envelope)
            if not isinstance(record, StatementRecord):
                raise RuntimeError(f"the aggregator would dead-letter a store statement: {record}")
            if index % self._every == 0:
                self.samples.add(record)
            records.append(record)
        return records
